//! Answering an application, as a member would.

use actix_web::{post, web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::api_key::Scope;
use crate::domain::participation::{DeclineReason, ParticipationState};
use crate::error::ServiceError;
use crate::http::actor::PartnerKey;
use crate::http::extract::Body;
use crate::http::problem::Problem;
use crate::http::views::{organization_view, OrganizationParticipation};
use crate::services::api_keys::require;
use crate::services::partner as service;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnerAnswer {
    /// `accepted`, `declined` or `completed`.
    pub to: ParticipationState,
    /// Required to decline.
    pub reason_code: Option<DeclineReason>,
    pub reason: Option<String>,
}

/// Answer an application to one of the organisation's missions, as a
/// member would: accept, decline (with a reason), or complete once the
/// mission has started. Scope `participations:write`.
#[utoipa::path(operation_id = "partner_answer_participation", tag = "partners",
    security(("api_key" = ["participations:write"])),
    params(("id" = Uuid, Path)), request_body = PartnerAnswer, responses(
    (status = 200, body = OrganizationParticipation),
    (status = 409, body = Problem, content_type = "application/problem+json"),
))]
#[post("/partner/participations/{id}/transitions")]
pub async fn answer_participation(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    id: web::Path<Uuid>,
    body: Body<PartnerAnswer>,
) -> Result<HttpResponse, ServiceError> {
    require(&key, Scope::ParticipationsWrite)?;
    let id = id.into_inner();
    // Who may act is settled before the body is judged.
    service::visible_participation(&state, &key, id).await?;
    let answer = body.parse()?;
    let access = service::answer(
        &state,
        &key,
        id,
        answer.to,
        answer.reason_code,
        answer.reason,
    )
    .await?;
    let allowed = access.allowed(state.clock().today());
    let full = crate::services::participations::with_volunteer(&state, id).await?;
    let mut view = [organization_view(full, allowed)];
    crate::http::shifts::attach(&state, &mut view, |p| p.id, |p| &mut p.shifts).await?;
    let [view] = view;
    Ok(HttpResponse::Ok().json(view))
}
