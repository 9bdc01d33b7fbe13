//! Attendance, hours and attestations.

use actix_web::http::header;
use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::actor::Authenticated;
use super::extract::Body;
use super::problem::Problem;
use crate::error::ServiceError;
use crate::services::attendance as service;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceRecord {
    pub present: bool,
    /// The hours done, 0.25 to 2000, when present; absent otherwise.
    #[schema(minimum = 0.25, maximum = 2000)]
    pub hours: Option<f64>,
}

/// Mark an accepted volunteer present (with the hours done) or absent,
/// once the mission has started (the organisation's members). Either
/// completes the participation; a present volunteer gets an attestation.
#[utoipa::path(operation_id = "record_attendance", tag = "participations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = AttendanceRecord, responses(
    (status = 204),
    (status = 403, description = "`members_only`", body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`invalid_transition`: not accepted, or the mission has not started", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/participations/{id}/attendance")]
pub async fn record(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: Body<AttendanceRecord>,
) -> Result<HttpResponse, ServiceError> {
    let body = body.parse()?;
    service::record(&state, &actor, id.into_inner(), body.present, body.hours).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A PDF file, as bytes: `format: binary` for generators that read
/// OpenAPI 3.0's idiom, `contentMediaType` for 3.1's.
pub struct PdfFile;

impl utoipa::PartialSchema for PdfFile {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::Custom("binary".into())))
            .content_media_type("application/pdf")
            .into()
    }
}

impl utoipa::ToSchema for PdfFile {}

/// The volunteer's PDF attestation of an attended participation.
#[utoipa::path(operation_id = "participation_attestation", tag = "participations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses(
    (status = 200, description = "a PDF file", content_type = "application/pdf", body = PdfFile),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "not attended", body = Problem, content_type = "application/problem+json"),
))]
#[get("/participations/{id}/attestation")]
pub async fn attestation(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let bytes = service::pdf(&state, &actor, id.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/pdf"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"attestation-renfort.pdf\"",
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}

/// What a valid attestation code certifies.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerifiedAttestation {
    pub code: String,
    /// First name and initial ("Compte supprimé" once erased).
    pub volunteer: String,
    pub organization: String,
    pub mission: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub start_date: Option<NaiveDate>,
    #[schema(value_type = Option<String>, format = Date)]
    pub end_date: Option<NaiveDate>,
    pub hours: f64,
    pub completed_at: DateTime<Utc>,
}

/// Check an attestation's code: what it certifies, or 404. No sign-in.
#[utoipa::path(operation_id = "verify_attestation", tag = "participations",
    params(("code" = String, Path)), responses(
    (status = 200, body = VerifiedAttestation),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/attestations/{code}")]
pub async fn verify(
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> Result<HttpResponse, ServiceError> {
    let code = code.into_inner();
    if code.len() > 40 {
        return Err(ServiceError::NotFound);
    }
    let row = service::verify(&state, &code).await?;
    Ok(HttpResponse::Ok().json(VerifiedAttestation {
        volunteer: service::shown_name(&row),
        code: row.code,
        organization: row.organization_name,
        mission: row.mission_title,
        start_date: row.start_date,
        end_date: row.end_date,
        hours: row.hours,
        completed_at: row.completed_at,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttestedParticipation {
    pub participation_id: Uuid,
    pub mission_id: Uuid,
    pub mission: String,
    pub organization: String,
    pub hours: f64,
    pub completed_at: DateTime<Utc>,
    pub attestation_code: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyHours {
    pub total_hours: f64,
    pub participations: Vec<AttestedParticipation>,
}

/// The volunteer's hours, with each attended participation.
#[utoipa::path(operation_id = "my_hours", tag = "me", security(("bearer" = [])), responses(
    (status = 200, body = MyHours),
))]
#[get("/me/hours")]
pub async fn hours(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> Result<HttpResponse, ServiceError> {
    let rows = service::hours(&state, &actor).await?;
    Ok(HttpResponse::Ok().json(MyHours {
        total_hours: rows.iter().map(|r| r.hours).sum(),
        participations: rows
            .into_iter()
            .map(|r| AttestedParticipation {
                participation_id: r.participation_id,
                mission_id: r.mission_id,
                mission: r.mission_title,
                organization: r.organization_name,
                hours: r.hours,
                completed_at: r.completed_at,
                attestation_code: r.code,
            })
            .collect(),
    }))
}
