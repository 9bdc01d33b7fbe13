//! Reading the state changes of an object. Callers check first that the
//! caller may see the object; the history says no more than the object.

use crate::error::ServiceError;
use crate::state::AppState;
use crate::store::history::{self, HistoryRow, Subject};

pub async fn of(state: &AppState, subject: Subject) -> Result<Vec<HistoryRow>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    Ok(history::of(conn.h(), subject).await?)
}

/// An organisation's audit trail (keys, webhooks, exports, members),
/// newest first,
/// for a caller already allowed to see it.
pub async fn audit_of(
    state: &AppState,
    organization: uuid::Uuid,
) -> Result<Vec<crate::store::audit::EventRow>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    Ok(crate::store::audit::of_organization(conn.h(), organization, 200).await?)
}

/// A page of the whole audit trail, newest first, for administrators.
pub async fn audit(
    state: &AppState,
    filter: &crate::store::audit::Filter<'_>,
    before: Option<uuid::Uuid>,
    limit: i64,
) -> Result<Vec<crate::store::audit::EventRow>, ServiceError> {
    if filter.action.is_some_and(|a| a.is_empty() || a.len() > 64) {
        return Err(ServiceError::field(
            "action",
            "out_of_range",
            "an action or a family ending in `.`, 1 to 64 characters",
        ));
    }
    let mut conn = state.db.acquire().await?;
    Ok(crate::store::audit::list(conn.h(), filter, before, limit).await?)
}
