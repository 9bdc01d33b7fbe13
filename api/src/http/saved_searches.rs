//! `/v1/me/saved-searches`: searches a volunteer keeps, and hears of once
//! a day when new missions match them.

use actix_web::{delete, get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::actor::Authenticated;
use super::extract::Body;
use super::problem::Problem;
use crate::domain::saved_search::Criteria;
use crate::error::ServiceError;
use crate::services::saved_searches as service;
use crate::state::AppState;
use crate::store::saved_searches::SavedSearch;

/// A saved search.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedSearchView {
    pub id: Uuid,
    /// What it asks, as it was saved.
    pub criteria: Criteria,
    pub created_at: DateTime<Utc>,
    /// Missions published until then have been considered for the alerts;
    /// the next alert tells those published since.
    pub notified_until: DateTime<Utc>,
}

impl From<SavedSearch> for SavedSearchView {
    fn from(s: SavedSearch) -> Self {
        SavedSearchView {
            id: s.id,
            criteria: s.criteria.0,
            created_at: s.created_at,
            notified_until: s.notified_until,
        }
    }
}

/// The signed-in person's saved searches, oldest first.
#[utoipa::path(operation_id = "list_saved_searches", tag = "me", security(("bearer" = [])), responses(
    (status = 200, body = Vec<SavedSearchView>),
))]
#[get("/me/saved-searches")]
pub async fn list(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> Result<HttpResponse, ServiceError> {
    let rows = service::list(&state, &actor).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "private, no-store"))
        .json(
            rows.into_iter()
                .map(SavedSearchView::from)
                .collect::<Vec<_>>(),
        ))
}

/// Save a search: words, domains, a place and radius, accessibility flags
/// (at least one). Once a day at most, an email lists the missions
/// published since that match any of one's searches; it honours the
/// `saved_searches` notification preference and carries one-click
/// unsubscribe. At most ten searches (409 `conflict` beyond).
#[utoipa::path(operation_id = "save_search", tag = "me", security(("bearer" = [])),
    request_body = Criteria, responses(
    (status = 201, body = SavedSearchView),
    (status = 409, description = "`conflict`: ten searches are kept already", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/me/saved-searches")]
pub async fn create(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: Body<Criteria>,
) -> Result<HttpResponse, ServiceError> {
    let criteria = body.parse()?;
    let saved = service::create(&state, &actor, criteria).await?;
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/v1/me/saved-searches/{}", saved.id)))
        .json(SavedSearchView::from(saved)))
}

/// Delete one of one's saved searches; another person's is not found.
#[utoipa::path(operation_id = "delete_saved_search", tag = "me", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses(
    (status = 204),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[delete("/me/saved-searches/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    service::delete(&state, &actor, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
