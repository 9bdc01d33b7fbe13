//! Pictures: members upload a mission's image or their organisation's
//! logo as a browser's form does (`multipart/form-data`, the file in the
//! `file` part); anyone fetches the renditions, cacheable for ever.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{delete, get, put, web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use uuid::Uuid;

use super::actor::Authenticated;
use super::organizations::OrganizationResponse;
use super::problem::Problem;
use super::views::MissionView;
use crate::auth::actor::Acting;
use crate::domain::picture::{self, MAX_BYTES};
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::services::pictures::{self as service, FIELD};
use crate::services::{missions, organizations};
use crate::state::AppState;

/// A rendition's bytes: `format: binary` for generators that read OpenAPI
/// 3.0's idiom, `contentMediaType` for 3.1's.
pub struct PictureFile;

impl utoipa::PartialSchema for PictureFile {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::Custom("binary".into())))
            .content_media_type("image/*")
            .into()
    }
}

impl utoipa::ToSchema for PictureFile {}

/// The form a picture comes in, for the document: one `file` part.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct PictureUpload {
    /// A JPEG, PNG or WebP picture of at most 5 MiB and 40 megapixels.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// The bytes of the form's `file` part, read no further than the limit:
/// a larger upload is refused without being held.
async fn file_of(mut form: Multipart) -> Result<Vec<u8>, ServiceError> {
    let malformed = |detail: String| ServiceError::BadRequest {
        code: ProblemCode::MalformedBody,
        detail,
    };
    while let Some(part) = form.next().await {
        let mut part = part.map_err(|e| malformed(format!("not a multipart form: {e}")))?;
        if part.name() != Some(FIELD) {
            // Drain what is not ours: the stream must move on.
            while let Some(chunk) = part.next().await {
                chunk.map_err(|e| malformed(e.to_string()))?;
            }
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = part.next().await {
            let chunk = chunk.map_err(|e| malformed(e.to_string()))?;
            if bytes.len() + chunk.len() > MAX_BYTES {
                return Err(ServiceError::field(
                    FIELD,
                    "too_large",
                    &format!("at most {} MiB", MAX_BYTES / (1024 * 1024)),
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        return Ok(bytes);
    }
    Err(ServiceError::field(
        FIELD,
        "required",
        "the picture goes in the form's `file` part",
    ))
}

/// Set a mission's picture (members). Its type is judged by its content
/// (JPEG, PNG or WebP), it is bounded before decoding, re-encoded at two
/// widths without its metadata. A changed picture is a material edit: a
/// published mission goes back to review.
#[utoipa::path(operation_id = "set_mission_image", tag = "missions", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = PictureUpload, content_type = "multipart/form-data"),
    responses(
    (status = 200, body = MissionView),
    (status = 409, description = "`under_review` or `mission_frozen`", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "`file`: `unsupported_type`, `too_large`, `too_many_pixels`, `unreadable` or `required`", body = Problem, content_type = "application/problem+json"),
    (status = 503, description = "`busy`: too many pictures are being processed; retry after `Retry-After`", body = Problem, content_type = "application/problem+json"),
))]
#[put("/missions/{id}/image")]
pub async fn set_mission_image(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    form: Multipart,
) -> Result<HttpResponse, ServiceError> {
    let id = id.into_inner();
    // Read (5 MiB at most), but decoded only once the caller may act.
    let bytes = file_of(form).await?;
    let access = missions::set_image(&state, Acting::Account(&actor), id, Some(bytes)).await?;
    Ok(HttpResponse::Ok().json(MissionView::from(access)))
}

/// Remove a mission's picture (members).
#[utoipa::path(operation_id = "remove_mission_image", tag = "missions", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses(
    (status = 200, body = MissionView),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[delete("/missions/{id}/image")]
pub async fn remove_mission_image(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let access =
        missions::set_image(&state, Acting::Account(&actor), id.into_inner(), None).await?;
    Ok(HttpResponse::Ok().json(MissionView::from(access)))
}

/// Set an organisation's logo (members), judged and re-encoded as a
/// mission's picture is; transparency is kept (PNG).
#[utoipa::path(operation_id = "set_organization_logo", tag = "organizations", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = PictureUpload, content_type = "multipart/form-data"),
    responses(
    (status = 200, body = OrganizationResponse),
    (status = 409, description = "`organization_inactive`", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "`file`: `unsupported_type`, `too_large`, `too_many_pixels`, `unreadable` or `required`", body = Problem, content_type = "application/problem+json"),
    (status = 503, description = "`busy`: retry after `Retry-After`", body = Problem, content_type = "application/problem+json"),
))]
#[put("/organizations/{id}/logo")]
pub async fn set_organization_logo(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    form: Multipart,
) -> Result<HttpResponse, ServiceError> {
    let bytes = file_of(form).await?;
    let access = organizations::set_logo(&state, &actor, id.into_inner(), Some(bytes)).await?;
    Ok(HttpResponse::Ok().json(OrganizationResponse::Private(access.into())))
}

/// Remove an organisation's logo (members).
#[utoipa::path(operation_id = "remove_organization_logo", tag = "organizations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses(
    (status = 200, body = OrganizationResponse),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[delete("/organizations/{id}/logo")]
pub async fn remove_organization_logo(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let access = organizations::set_logo(&state, &actor, id.into_inner(), None).await?;
    Ok(HttpResponse::Ok().json(OrganizationResponse::Private(access.into())))
}

/// A picture's rendition. Its name is the hash of its bytes, so it is
/// cached for ever (`immutable`) and revalidated by `ETag`.
#[utoipa::path(operation_id = "picture", tag = "missions", params(("name" = String, Path)),
    responses(
    (status = 200, description = "the picture", content(
        (PictureFile = "image/jpeg"),
        (PictureFile = "image/png"),
    )),
    (status = 304, description = "the client holds it already"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/pictures/{name}")]
pub async fn serve(
    state: web::Data<AppState>,
    req: HttpRequest,
    name: web::Path<String>,
) -> Result<HttpResponse, ServiceError> {
    let name = name.into_inner();
    if !picture::is_name(&name) {
        return Err(ServiceError::NotFound);
    }
    let etag = format!("\"{}\"", name.split('.').next().unwrap_or_default());
    let cache = (header::CACHE_CONTROL, crate::platform::pictures::IMMUTABLE);
    if super::revalidation::matches(&req, &etag) {
        return Ok(HttpResponse::NotModified()
            .insert_header(cache)
            .insert_header((header::ETAG, etag))
            .finish());
    }
    let bytes = service::read(&state, &name)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(HttpResponse::Ok()
        .insert_header(cache)
        .insert_header((header::ETAG, etag))
        .insert_header(("x-content-type-options", "nosniff"))
        .content_type(picture::content_type_of(&name))
        .body(bytes))
}
