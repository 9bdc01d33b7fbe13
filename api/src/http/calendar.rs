//! Calendar files (`text/calendar`): an accepted participation's, and the
//! volunteer's personal feed behind a secret, revocable URL.

use actix_web::http::header;
use actix_web::{delete, get, post, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::actor::Authenticated;
use super::problem::Problem;
use crate::error::ServiceError;
use crate::services::calendar as service;
use crate::state::AppState;

fn ics(body: String, file: &str, cache: &str) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/calendar; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file}\""),
        ))
        .insert_header((header::CACHE_CONTROL, cache.to_owned()))
        .body(body)
}

/// The calendar file of an accepted participation (its volunteer): the
/// mission's weekly slots as repeating events, or its days.
#[utoipa::path(operation_id = "participation_calendar", tag = "participations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses(
    (status = 200, description = "an iCalendar file", content_type = "text/calendar", body = String),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`participation_not_accepted`", body = Problem, content_type = "application/problem+json"),
))]
#[get("/participations/{id}/calendar")]
pub async fn participation(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let body = service::of_participation(&state, &actor, id.into_inner()).await?;
    Ok(ics(body, "mission.ics", "private, no-store"))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarFeed {
    /// The secret, shown once: whoever has the URL reads the calendar.
    pub token: String,
    /// The feed's path on this API, for the calendar application.
    pub path: String,
}

/// Create the personal calendar feed, or replace its secret (the previous
/// URL stops working at once).
#[utoipa::path(operation_id = "create_calendar_feed", tag = "me", security(("bearer" = [])), responses(
    (status = 201, body = CalendarFeed),
))]
#[post("/me/calendar-feed")]
pub async fn create_feed(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> Result<HttpResponse, ServiceError> {
    let token = service::new_feed(&state, &actor).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(CalendarFeed {
            path: format!("/v1/calendar-feeds/{token}"),
            token,
        }))
}

/// Revoke the personal calendar feed.
#[utoipa::path(operation_id = "revoke_calendar_feed", tag = "me", security(("bearer" = [])), responses(
    (status = 204),
    (status = 404, description = "no feed", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/me/calendar-feed")]
pub async fn revoke_feed(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> Result<HttpResponse, ServiceError> {
    service::revoke_feed(&state, &actor).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A personal calendar feed: the volunteer's accepted participations not
/// yet over. No sign-in: the secret in the URL is the key; 404 once
/// revoked or replaced.
#[utoipa::path(operation_id = "calendar_feed", tag = "me",
    params(("token" = String, Path, description = "the feed's secret")), responses(
    (status = 200, description = "an iCalendar file", content_type = "text/calendar", body = String),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/calendar-feeds/{token}")]
pub async fn feed(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, ServiceError> {
    let token = token.into_inner();
    if token.len() > 100 {
        return Err(ServiceError::NotFound);
    }
    let body = service::feed(&state, &token).await?;
    Ok(ics(body, "renfort.ics", "private, max-age=300"))
}
