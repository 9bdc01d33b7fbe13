//! Missions written by the partner's own ids: one, or a batch of up to
//! 100, read back, and taken out of public view.

use actix_web::http::StatusCode;
use actix_web::{delete, get, post, put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::api_key::Scope;
use crate::domain::mission::MissionInput;
use crate::error::ServiceError;
use crate::http::actor::PartnerKey;
use crate::http::error::problem_of;
use crate::http::extract::Body;
use crate::http::problem::Problem;
use crate::http::views::MissionView;
use crate::services::api_keys::{organization_of, require};
use crate::services::partner::{self as service, Upsert};
use crate::state::AppState;

/// Create or update the organisation's mission known by your own id.
///
/// Sending the same mission again changes nothing (no new version, no new
/// review, no change in the feed). A new mission is submitted for review at
/// once (published at once for an organisation the platform trusts); a
/// material change of a published mission sends it back to review, as for
/// people. Scope `missions:write`.
#[utoipa::path(operation_id = "partner_upsert_mission", tag = "partners",
    security(("api_key" = ["missions:write"])),
    params(("client_id" = String, Path, description = "your own id of the mission: 1 to 100 of `A-Z a-z 0-9 . _ : -`",
        pattern = r"^[A-Za-z0-9._:-]{1,100}$")),
    request_body = MissionInput, responses(
    (status = 201, description = "created and submitted", body = MissionView),
    (status = 200, description = "updated, or unchanged", body = MissionView),
    (status = 409, description = "`mission_cancelled`, `mission_frozen`, `under_review` or `capacity_below_taken`", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "the key's rate, or the organisation's mission quota; retry after `Retry-After`", body = Problem, content_type = "application/problem+json"),
))]
#[put("/partner/missions/{client_id}")]
pub async fn upsert_mission(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    client_id: web::Path<String>,
    body: Body<MissionInput>,
) -> Result<HttpResponse, ServiceError> {
    require(&key, Scope::MissionsWrite)?;
    organization_of(&key)?;
    let input = body.parse()?;
    let (outcome, access) = service::upsert(&state, &key, &client_id, input).await?;
    let status = match outcome {
        Upsert::Created => StatusCode::CREATED,
        Upsert::Updated | Upsert::Unchanged => StatusCode::OK,
    };
    Ok(HttpResponse::build(status).json(MissionView::from(access)))
}

/// The organisation's mission known by your own id. Scope `missions:read`.
#[utoipa::path(operation_id = "partner_get_mission", tag = "partners",
    security(("api_key" = ["missions:read"])),
    params(("client_id" = String, Path, description = "your own id of the mission")), responses((status = 200, body = MissionView)))]
#[get("/partner/missions/{client_id}")]
pub async fn get_mission(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    client_id: web::Path<String>,
) -> Result<HttpResponse, ServiceError> {
    let access = service::by_client_id(&state, &key, &client_id).await?;
    Ok(HttpResponse::Ok().json(MissionView::from(access)))
}

/// Take the mission out of public view: a draft is deleted, a submitted
/// or published mission cancelled (its volunteers are told). It stays, for
/// its participations. Doing it twice changes nothing. Scope
/// `missions:write`.
#[utoipa::path(operation_id = "partner_unpublish_mission", tag = "partners",
    security(("api_key" = ["missions:write"])),
    params(("client_id" = String, Path)), responses((status = 204, description = "out of public view")))]
#[delete("/partner/missions/{client_id}")]
pub async fn unpublish_mission(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    client_id: web::Path<String>,
) -> Result<HttpResponse, ServiceError> {
    service::unpublish(&state, &key, &client_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchItem {
    #[schema(pattern = r"^[A-Za-z0-9._:-]{1,100}$")]
    pub client_id: String,
    /// A mission as `PUT /v1/partner/missions/{client_id}` takes it; read
    /// item by item, so that one malformed mission fails alone.
    #[schema(value_type = MissionInput)]
    pub mission: serde_json::Value,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchInput {
    #[schema(min_items = 1, max_items = 100)]
    pub missions: Vec<BatchItem>,
}

/// What became of one mission of a batch.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchResult {
    pub client_id: String,
    /// The status the single `PUT` would have answered.
    pub status: u16,
    /// `created`, `updated`, `unchanged` or `failed`.
    pub outcome: &'static str,
    pub mission_id: Option<Uuid>,
    pub state: Option<crate::domain::moderation::MissionState>,
    /// Why it failed.
    pub problem: Option<Problem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BatchResults {
    pub results: Vec<BatchResult>,
}

/// Upsert up to 100 missions in one call. Each is handled as its own
/// `PUT`, in order, and has its own result: one that fails does not fail
/// the others. The body may be 32 times the usual limit. Scope
/// `missions:write`.
#[utoipa::path(operation_id = "partner_upsert_missions", tag = "partners",
    security(("api_key" = ["missions:write"])),
    request_body = BatchInput, responses((status = 200, body = BatchResults)))]
#[post("/partner/missions/batch")]
pub async fn upsert_batch(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    body: Body<BatchInput, 32>,
) -> Result<HttpResponse, ServiceError> {
    require(&key, Scope::MissionsWrite)?;
    organization_of(&key)?;
    let batch = body.parse()?;
    if batch.missions.is_empty() || batch.missions.len() > 100 {
        return Err(ServiceError::field(
            "missions",
            "invalid_length",
            "send 1 to 100 missions",
        ));
    }
    crate::services::api_keys::spend_batch(&state, &key, batch.missions.len()).await?;
    let mut results = Vec::with_capacity(batch.missions.len());
    for (i, item) in batch.missions.into_iter().enumerate() {
        let outcome = match parse_item(i, &item.mission) {
            Ok(input) => service::upsert(&state, &key, &item.client_id, input).await,
            Err(e) => Err(e),
        };
        results.push(match outcome {
            Ok((outcome, access)) => BatchResult {
                client_id: item.client_id,
                status: if outcome == Upsert::Created { 201 } else { 200 },
                outcome: match outcome {
                    Upsert::Created => "created",
                    Upsert::Updated => "updated",
                    Upsert::Unchanged => "unchanged",
                },
                mission_id: Some(access.mission.id),
                state: Some(access.mission.state()),
                problem: None,
            },
            Err(e) => {
                let problem = problem_of(&e);
                BatchResult {
                    client_id: item.client_id,
                    status: problem.status,
                    outcome: "failed",
                    mission_id: None,
                    state: None,
                    problem: Some(problem),
                }
            }
        });
    }
    Ok(HttpResponse::Ok().json(BatchResults { results }))
}

/// One mission of a batch, its invalid fields named by their place in the
/// batch (`missions[3].mission.title`).
fn parse_item(index: usize, value: &serde_json::Value) -> Result<MissionInput, ServiceError> {
    let bytes = serde_json::to_vec(value).map_err(ServiceError::internal)?;
    crate::http::extract::parse_json::<MissionInput>(&bytes).map_err(|e| match e {
        ServiceError::Validation(errors) => ServiceError::Validation(
            errors
                .into_iter()
                .map(|mut f| {
                    f.field = format!("missions[{index}].mission.{}", f.field);
                    f
                })
                .collect(),
        ),
        other => other,
    })
}
