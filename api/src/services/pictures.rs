//! Accepting a picture: judged and re-encoded off the request threads,
//! then kept, before any row names it. Errors name the form's field.

use crate::domain::picture::{Kind, Prepared};
use crate::error::ServiceError;
use crate::platform::pictures::PictureError;
use crate::problem_code::ProblemCode;
use crate::state::AppState;

/// The form field an upload comes in.
pub const FIELD: &str = "file";

/// Checks, re-encodes and keeps an upload: 422 naming `file` when it is
/// not a picture we take, 503 `busy` when too many are being decoded.
pub async fn accept(
    state: &AppState,
    bytes: Vec<u8>,
    kind: Kind,
) -> Result<Prepared, ServiceError> {
    let prepared = state.pictures.prepare(bytes, kind).await.map_err(refused)?;
    state
        .pictures
        .keep(&prepared, state.clock().now())
        .await
        .map_err(refused)?;
    Ok(prepared)
}

fn refused(e: PictureError) -> ServiceError {
    match e {
        PictureError::Invalid(i) => ServiceError::field(FIELD, i.code, &i.message),
        PictureError::Busy => ServiceError::Unavailable {
            code: ProblemCode::Busy,
            detail: e.to_string(),
            retry_after: std::time::Duration::from_secs(2),
        },
        PictureError::Database(e) => e.into(),
        PictureError::Storage(_) => ServiceError::internal(anyhow::anyhow!(e)),
    }
}

/// A rendition's bytes for serving, by name.
pub async fn read(state: &AppState, name: &str) -> Result<Option<Vec<u8>>, ServiceError> {
    state
        .pictures
        .get(name, state.clock().now())
        .await
        .map_err(refused)
}
