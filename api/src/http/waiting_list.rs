//! Waiting lists of full missions.

use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::actor::Authenticated;
use super::extract::Body;
use super::participations::Application;
use super::problem::Problem;
use crate::error::ServiceError;
use crate::services::waiting_list as service;
use crate::state::AppState;
use crate::store::waiting_list::Waiting;

#[derive(Debug, Serialize, ToSchema)]
pub struct WaitingPlace {
    pub mission_id: Uuid,
    pub mission_title: String,
    /// The shift waited for, on a mission with shifts.
    pub shift_id: Option<Uuid>,
    /// 1 for the first in line (of the shift, on a mission with shifts).
    pub position: i64,
    pub joined_at: DateTime<Utc>,
}

impl From<Waiting> for WaitingPlace {
    fn from(w: Waiting) -> Self {
        WaitingPlace {
            mission_id: w.mission_id,
            mission_title: w.mission_title,
            shift_id: w.shift_id,
            position: w.position,
            joined_at: w.joined_at,
        }
    }
}

/// Join a full mission's waiting list, with the application that will be
/// made when a place frees up (the checks of applying apply). On a mission
/// with shifts, the line is one full shift's: `shift_ids` names it. 409
/// `places_left` when places remain: apply instead.
#[utoipa::path(operation_id = "join_waiting_list", tag = "participations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "mission")), request_body = Application, responses(
    (status = 201, body = WaitingPlace),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`places_left`, `already_applied`, `registration_closed`…", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "`region_not_served`", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/missions/{id}/waiting-list")]
pub async fn join(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    req: HttpRequest,
    body: Body<Application>,
) -> Result<HttpResponse, ServiceError> {
    // A place in line is an application to come: the same regions only.
    super::guard::region_allows_write(&state, &req)?;
    let mission = id.into_inner();
    let application = body.parse()?;
    let place = service::join(
        &state,
        &actor,
        mission,
        application.motivation,
        application.parental_consent,
        application.shift_ids,
    )
    .await?;
    Ok(HttpResponse::Created().json(WaitingPlace::from(place)))
}

/// Leave a waiting list.
#[utoipa::path(operation_id = "leave_waiting_list", tag = "participations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "mission")), responses(
    (status = 204),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[delete("/missions/{id}/waiting-list")]
pub async fn leave(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    service::leave(&state, &actor, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The caller's places on waiting lists.
#[utoipa::path(operation_id = "my_waiting_lists", tag = "me", security(("bearer" = [])), responses(
    (status = 200, body = Vec<WaitingPlace>),
))]
#[get("/me/waiting-lists")]
pub async fn mine(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> Result<HttpResponse, ServiceError> {
    let places = service::mine(&state, &actor).await?;
    Ok(HttpResponse::Ok().json(
        places
            .into_iter()
            .map(WaitingPlace::from)
            .collect::<Vec<_>>(),
    ))
}
