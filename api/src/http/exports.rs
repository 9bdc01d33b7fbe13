//! Staff exports as CSV: an organisation's participations (members), the
//! missions of a referent's departments (referents, admins), and the
//! download of a large export by its link.

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::actor::Authenticated;
use super::negotiation::delimiter_of;
use super::problem::Problem;
use crate::error::ServiceError;
use crate::services::access::load_private;
use crate::services::exports::{self as service, Delimiter, Kind, Outcome};
use crate::state::AppState;

/// A large export on its way: the link comes by email.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportQueued {
    pub export_id: Uuid,
    pub rows: i64,
    #[schema(
        example = "the export is being produced; its link will come by email, valid for 24 hours"
    )]
    pub detail: String,
}

fn answer(kind: Kind, outcome: Outcome, hours: i64) -> HttpResponse {
    match outcome {
        Outcome::Ready { csv, .. } => csv_response(kind, csv),
        Outcome::Queued { id, rows } => HttpResponse::Accepted().json(ExportQueued {
            export_id: id,
            rows,
            detail: format!(
                "the export is being produced; its link will come by email, valid for {hours} hours"
            ),
        }),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CsvQuery {
    /// The cells' separator: `semicolon` for spreadsheets in French (the
    /// default when `Accept-Language` prefers French), `comma` otherwise.
    /// `Accept: text/csv; delimiter=semicolon` says the same.
    pub delimiter: Option<Delimiter>,
}

fn csv_response(kind: Kind, csv: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", kind.file_name()),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(csv)
}

/// The organisation's participations as CSV (members): UTF-8 with a
/// byte-order mark, a header row. Up to `partner.export_stream_rows` rows
/// (5,000) are answered at once; a larger export answers 202 and its link
/// comes by email. Paused (503) while the service is degraded.
#[utoipa::path(operation_id = "export_participations", tag = "organizations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "organisation"), CsvQuery), responses(
    (status = 200, description = "the CSV file", content_type = "text/csv", body = String),
    (status = 202, body = ExportQueued),
    (status = 429, description = "`rate_limited`: the caller's exports for the hour (`quotas.exports_per_account`) are used up; retry after `Retry-After`", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "`members_only`", body = Problem, content_type = "application/problem+json"),
))]
#[get("/organizations/{id}/exports/participations")]
pub async fn participations(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    req: HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    let query: CsvQuery = super::parse_query(&req)?;
    let org = load_private(&state, &actor, id.into_inner()).await?;
    let delimiter = delimiter_of(&req, query.delimiter);
    let outcome = service::participations(&state, &actor, &org, delimiter).await?;
    Ok(answer(
        Kind::Participations,
        outcome,
        state.settings.partner.export_link_hours,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MissionExportQuery {
    /// One of the referent's departments; all of them when absent (every
    /// department, for an admin).
    #[param(pattern = r"^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$")]
    pub department: Option<String>,
    /// The cells' separator, as for the participations' export.
    pub delimiter: Option<Delimiter>,
}

/// The missions of the referent's departments as CSV (referents, admins),
/// answered like the participations' export.
#[utoipa::path(operation_id = "export_missions", tag = "moderation", security(("bearer" = [])),
    params(MissionExportQuery), responses(
    (status = 200, description = "the CSV file", content_type = "text/csv", body = String),
    (status = 202, body = ExportQueued),
    (status = 429, description = "`rate_limited`: the caller's exports for the hour (`quotas.exports_per_account`) are used up; retry after `Retry-After`", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "`moderators_only`", body = Problem, content_type = "application/problem+json"),
))]
#[get("/moderation/exports/missions")]
pub async fn missions(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    req: HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    if !actor.admin && actor.referent_departments.is_empty() {
        return Err(ServiceError::Forbidden {
            code: crate::problem_code::ProblemCode::ModeratorsOnly,
            detail: "for referents and administrators".into(),
        });
    }
    let query: MissionExportQuery = super::parse_query(&req)?;
    let delimiter = delimiter_of(&req, query.delimiter);
    let outcome = service::missions(&state, &actor, query.department, delimiter).await?;
    Ok(answer(
        Kind::Missions,
        outcome,
        state.settings.partner.export_link_hours,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DownloadQuery {
    /// The token of the emailed link.
    #[param(min_length = 43, max_length = 43)]
    pub token: String,
}

/// Download a large export with its emailed link's token, for 24 hours.
/// 404 for a wrong token or an expired link; 202 while it is produced.
#[utoipa::path(operation_id = "download_export", tag = "organizations",
    params(("id" = Uuid, Path), DownloadQuery), responses(
    (status = 200, description = "the CSV file", content_type = "text/csv", body = String),
    (status = 202, description = "still being produced; retry shortly"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/exports/{id}")]
pub async fn download(
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    req: HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    let query: DownloadQuery = super::parse_query(&req)?;
    match service::download(&state, id.into_inner(), &query.token, state.clock().now()).await? {
        Some((kind, csv)) => Ok(csv_response(kind, csv)),
        None => Ok(HttpResponse::Accepted()
            .insert_header((header::RETRY_AFTER, "5"))
            .finish()),
    }
}
