//! Notification preferences, and the one-click unsubscribe link every
//! optional email carries (RFC 8058).

use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;

use super::actor::Authenticated;
use super::extract::Body;
use super::problem::Problem;
use crate::domain::notification::Preferences;
use crate::error::ServiceError;
use crate::services::notifications::{self as service, PreferencesPatch, Unsubscribed};
use crate::state::AppState;

/// What the signed-in person chose to be told by email. Security and
/// account emails (activation, password, email change, decisions on one's
/// own applications) are always sent and are not listed.
#[utoipa::path(operation_id = "my_notifications", tag = "me", security(("bearer" = [])),
    responses((status = 200, body = Preferences)))]
#[get("/me/notifications")]
pub async fn mine(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
) -> Result<HttpResponse, ServiceError> {
    Ok(HttpResponse::Ok().json(service::mine(&state, &actor).await?))
}

/// Change what one is told: `applications` and `messages` are
/// `immediate` (new applications at most once an hour per organisation),
/// `daily` or `off`; the digests and reminders are on or off. Absent
/// fields keep their value.
#[utoipa::path(operation_id = "change_my_notifications", tag = "me", security(("bearer" = [])),
    request_body = PreferencesPatch, responses(
    (status = 200, body = Preferences),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[patch("/me/notifications")]
pub async fn change(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    body: Body<PreferencesPatch>,
) -> Result<HttpResponse, ServiceError> {
    let patch = body.parse()?;
    Ok(HttpResponse::Ok().json(service::update(&state, &actor, patch).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct UnsubscribeQuery {
    /// The token of the email's `List-Unsubscribe` link.
    pub token: String,
}

/// What an unsubscribe link would turn off, without changing anything:
/// mail scanners open links, so reading one never unsubscribes.
#[utoipa::path(operation_id = "read_unsubscribe_link", tag = "me", params(UnsubscribeQuery),
    responses(
    (status = 200, body = Unsubscribed),
    (status = 422, description = "`invalid_token`: not a link of this platform", body = Problem, content_type = "application/problem+json"),
))]
#[get("/unsubscribe")]
pub async fn read_link(
    state: web::Data<AppState>,
    query: web::Query<UnsubscribeQuery>,
) -> Result<HttpResponse, ServiceError> {
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(service::unsubscribe(&state, &query.token, false).await?))
}

/// One-click unsubscribe (RFC 8058): the mailbox provider posts
/// `List-Unsubscribe=One-Click` (form-encoded) to the email's
/// `List-Unsubscribe` URL. No sign-in: the token is the proof, and it only
/// turns its one kind of email off. Posting again is no error.
#[utoipa::path(operation_id = "unsubscribe", tag = "me", params(UnsubscribeQuery),
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "`List-Unsubscribe=One-Click`, or nothing"),
    responses(
    (status = 200, body = Unsubscribed),
    (status = 422, description = "`invalid_token`: not a link of this platform", body = Problem, content_type = "application/problem+json"),
))]
#[post("/unsubscribe")]
pub async fn one_click(
    state: web::Data<AppState>,
    query: web::Query<UnsubscribeQuery>,
) -> Result<HttpResponse, ServiceError> {
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(service::unsubscribe(&state, &query.token, true).await?))
}
