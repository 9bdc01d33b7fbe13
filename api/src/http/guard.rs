//! Rate limits and idempotency keys, shared by the write endpoints.

use std::future::Future;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::client::{client_ip, client_key};
use crate::config::QuotaSetting;
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::state::AppState;
use crate::store::idempotency;

pub use crate::services::quotas::limit as rate_limit;

/// Refuses a write (signup, organisation registration, application) from
/// a country the service does not take them from (403
/// `region_not_served`).
pub fn region_allows_write(state: &AppState, req: &HttpRequest) -> Result<(), ServiceError> {
    state
        .region
        .check_write(super::client::client_country(req).as_deref())
}

/// Checks the bot challenge a signup carries, when the policy asks for one.
pub async fn human_check(state: &AppState, req: &HttpRequest) -> Result<(), ServiceError> {
    let token = req
        .headers()
        .get(crate::challenge::HEADER)
        .and_then(|v| v.to_str().ok());
    state
        .challenge
        .guard(
            &state.platform.cache,
            state.platform.mode.current(),
            token,
            &caller(req),
        )
        .await
}

/// Counts a request of `action` (`signup`, `login`, `password`) against
/// its per-IP and per-address quotas.
pub async fn limit_ip_and_address(
    state: &AppState,
    req: &HttpRequest,
    action: &str,
    email: &crate::domain::account::EmailAddress,
    per_ip: QuotaSetting,
    per_address: QuotaSetting,
) -> Result<(), ServiceError> {
    rate_limit(
        state,
        &[
            (ip_key(req, action), per_ip),
            (
                format!("{action}:email:{}", email.normalized()),
                per_address,
            ),
        ],
    )
    .await
}

/// Counts a guess at an address's secret (`login`, `password`): per
/// client IP, per address from that IP (the tight one: what a guesser at
/// one address gets), and per address from everywhere (a generous
/// ceiling). Failures from strangers elsewhere therefore never lock a
/// person out; only a crowd of addresses reaching the ceiling can.
pub async fn limit_guesses(
    state: &AppState,
    req: &HttpRequest,
    action: &str,
    email: &crate::domain::account::EmailAddress,
    per_ip: QuotaSetting,
    per_address_from_ip: QuotaSetting,
    per_address: QuotaSetting,
) -> Result<(), ServiceError> {
    let ip = caller(req);
    rate_limit(
        state,
        &[
            (format!("{action}:ip:{ip}"), per_ip),
            (
                format!("{action}:ip-email:{ip}:{}", email.normalized()),
                per_address_from_ip,
            ),
            (
                format!("{action}:email:{}", email.normalized()),
                per_address,
            ),
        ],
    )
    .await
}

/// The caller's address as rate limits count it (its /64 for IPv6).
/// Who the caller is counted as: its address, or its IPv6 /64.
pub fn caller(req: &HttpRequest) -> String {
    client_ip(req).map_or_else(|| "unknown".to_owned(), client_key)
}

/// The rate-limit key of the caller's IP for `action`.
pub fn ip_key(req: &HttpRequest, action: &str) -> String {
    format!("{action}:ip:{}", caller(req))
}

const IDEMPOTENCY_HEADER: &str = "idempotency-key";

/// Runs `operation` at most once per `Idempotency-Key` (when the client
/// sent one): a retry with the same key and body gets the stored response,
/// a different body gets 422, a retry while the first is still running
/// gets 409. A failed operation frees its key so that it can be retried.
/// Responses are kept `idempotency.retention_hours`; a reservation whose
/// process died before answering is taken over after
/// `idempotency.reservation_timeout_secs` instead of answering 409 for ever.
pub async fn idempotent<B, F, Fut>(
    state: &AppState,
    req: &HttpRequest,
    scope: &str,
    account: Option<uuid::Uuid>,
    body: &B,
    operation: F,
) -> Result<HttpResponse, ServiceError>
where
    B: Serialize,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<(StatusCode, serde_json::Value), ServiceError>>,
{
    let Some(key) = req.headers().get(IDEMPOTENCY_HEADER) else {
        let (status, json) = operation().await?;
        return Ok(HttpResponse::build(status).json(json));
    };
    let key = key
        .to_str()
        .ok()
        .filter(|k| !k.is_empty() && k.len() <= 255)
        .ok_or_else(|| ServiceError::BadRequest {
            code: ProblemCode::InvalidIdempotencyKey,
            detail: "Idempotency-Key must be 1 to 255 visible characters".into(),
        })?
        .to_owned();
    let hash = Sha256::digest(serde_json::to_vec(body).unwrap_or_default()).to_vec();
    let now = state.clock().now();
    let settings = &state.settings.idempotency;
    let reservation = idempotency::Reservation {
        scope,
        key: &key,
        request_hash: &hash,
        account,
        now,
        expired_before: now - chrono::Duration::hours(settings.retention_hours),
        abandoned_before: now - chrono::Duration::seconds(settings.reservation_timeout_secs),
    };
    let mut conn = state.db.acquire().await?;
    if idempotency::reserve(conn.h(), reservation).await? {
        drop(conn);
        return match operation().await {
            Ok((status, json)) => {
                let mut conn = state.db.acquire().await?;
                idempotency::complete(
                    conn.h(),
                    scope,
                    &key,
                    i32::from(status.as_u16()),
                    &json.to_string(),
                )
                .await?;
                Ok(HttpResponse::build(status).json(json))
            }
            Err(e) => {
                let mut conn = state.db.acquire().await?;
                idempotency::release(conn.h(), scope, &key).await?;
                Err(e)
            }
        };
    }
    let stored = idempotency::find(conn.h(), scope, &key)
        .await?
        .ok_or_else(|| ServiceError::Conflict {
            code: ProblemCode::IdempotencyInProgress,
            detail: "a request with this Idempotency-Key is being processed".into(),
            extensions: vec![],
        })?;
    if stored.request_hash != hash {
        return Err(ServiceError::Unprocessable {
            code: ProblemCode::IdempotencyKeyReused,
            detail: "this Idempotency-Key was used with a different request body".into(),
        });
    }
    match (stored.status, stored.response_body) {
        (Some(status), Some(body)) => Ok(HttpResponse::build(
            StatusCode::from_u16(status as u16).unwrap_or(StatusCode::OK),
        )
        .insert_header(("idempotent-replayed", "true"))
        .content_type("application/json")
        .body(body)),
        _ => Err(ServiceError::Conflict {
            code: ProblemCode::IdempotencyInProgress,
            detail: "a request with this Idempotency-Key is being processed".into(),
            extensions: vec![],
        }),
    }
}
