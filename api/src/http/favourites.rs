//! `/v1/me/favourites`: the missions a volunteer bookmarked.

use actix_web::{delete, get, put, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::actor::Authenticated;
use super::problem::Problem;
use crate::error::ServiceError;
use crate::services::favourites as service;
use crate::state::AppState;

/// A bookmarked mission, as it stands now.
#[derive(Debug, Serialize, ToSchema)]
pub struct FavouriteView {
    pub mission_id: Uuid,
    pub title: String,
    pub organization_id: Uuid,
    pub organization_name: String,
    /// `published`, `completed`, `cancelled`… A mission the public can no
    /// longer see shows only its title and state.
    pub state: crate::domain::moderation::MissionState,
    /// Whether its page can be opened.
    pub public: bool,
    /// Whether it takes applications now: published, open and not full.
    pub open: bool,
    pub places_left: i32,
    #[schema(value_type = Option<String>, format = Date)]
    pub start_date: Option<NaiveDate>,
    #[schema(value_type = Option<String>, format = Date)]
    pub end_date: Option<NaiveDate>,
    pub added_at: DateTime<Utc>,
}

/// The missions bookmarked, newest first, with where each stands.
#[utoipa::path(operation_id = "list_favourites", tag = "me", security(("bearer" = [])), responses(
    (status = 200, body = Vec<FavouriteView>),
))]
#[get("/me/favourites")]
pub async fn list(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> Result<HttpResponse, ServiceError> {
    let rows = service::list(&state, &actor).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "private, no-store"))
        .json(
            rows.into_iter()
                .map(|f| FavouriteView {
                    open: f.public
                        && f.state == crate::domain::moderation::MissionState::Published
                        && f.registration_open
                        && f.places_left > 0,
                    mission_id: f.mission_id,
                    title: f.title,
                    organization_id: f.organization_id,
                    organization_name: f.organization_name,
                    state: f.state,
                    public: f.public,
                    places_left: f.places_left,
                    start_date: f.start_date,
                    end_date: f.end_date,
                    added_at: f.created_at,
                })
                .collect::<Vec<_>>(),
        ))
}

/// Bookmark a mission the public can see (404 otherwise). Idempotent.
#[utoipa::path(operation_id = "add_favourite", tag = "me", security(("bearer" = [])),
    params(("mission_id" = Uuid, Path)), responses(
    (status = 204),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[put("/me/favourites/{mission_id}")]
pub async fn add(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    mission: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    service::add(&state, &actor, mission.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Remove a bookmark. Idempotent.
#[utoipa::path(operation_id = "remove_favourite", tag = "me", security(("bearer" = [])),
    params(("mission_id" = Uuid, Path)), responses((status = 204)))]
#[delete("/me/favourites/{mission_id}")]
pub async fn remove(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    mission: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    service::remove(&state, &actor, mission.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
