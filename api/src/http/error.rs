//! How errors read to a client: each case of `ServiceError` as a status
//! and a problem+json body, and the framework's status-only refusals.
//! `Display` is the client's message; internal causes only reach the log,
//! with their whole chain.

use std::time::Duration;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};

use super::problem::Problem;
use crate::platform::Decision;
use crate::problem_code::ProblemCode;

pub use crate::error::ServiceError;

/// A refusal described by its HTTP status alone (405, 413, 415, CORS):
/// the framework's own refusals, rendered as problems like the rest.
#[derive(Debug, thiserror::Error)]
#[error("{detail}")]
pub struct Refusal {
    pub status: StatusCode,
    pub code: ProblemCode,
    pub detail: String,
}

impl ResponseError for Refusal {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        Problem::new(
            self.status,
            self.code,
            super::problem::status_names(self.status).1,
        )
        .detail(self.detail.clone())
        .response()
    }
}

/// How each case of a service error reads to a client.
trait AsProblem {
    fn problem(&self) -> Problem;
}

impl AsProblem for ServiceError {
    fn problem(&self) -> Problem {
        match self {
            ServiceError::Validation(errors) => Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ProblemCode::ValidationFailed,
                "Validation failed",
            )
            .detail("one or more fields are invalid; see `errors`")
            .errors(errors.clone()),
            ServiceError::BadRequest { code, detail } => {
                Problem::new(StatusCode::BAD_REQUEST, *code, "Bad request").detail(detail.clone())
            }
            ServiceError::Unauthenticated { code, detail } => {
                Problem::new(StatusCode::UNAUTHORIZED, *code, "Authentication required")
                    .detail(detail.clone())
            }
            ServiceError::Forbidden { code, detail } => {
                Problem::new(StatusCode::FORBIDDEN, *code, "Forbidden").detail(detail.clone())
            }
            ServiceError::NotFound => Problem::for_status(StatusCode::NOT_FOUND)
                .detail("no such resource, or you are not allowed to see it"),
            ServiceError::Conflict {
                code,
                detail,
                extensions,
            } => extensions.iter().fold(
                Problem::new(StatusCode::CONFLICT, *code, "Conflict").detail(detail.clone()),
                |p, (k, v)| p.extend(k, v.clone()),
            ),
            ServiceError::Unprocessable { code, detail } => Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                *code,
                "Unprocessable request",
            )
            .detail(detail.clone()),
            ServiceError::RateLimited(d) => Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                ProblemCode::RateLimited,
                "Too many requests",
            )
            .detail(format!("retry in {} s", retry_secs(d.retry_after))),
            ServiceError::Unavailable { code, detail, .. } => Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                *code,
                "Service unavailable",
            )
            .detail(detail.clone()),
            ServiceError::Internal(_) => Problem::for_status(StatusCode::INTERNAL_SERVER_ERROR)
                .detail("an unexpected error occurred; quote the request id when reporting it"),
        }
    }
}

/// Whole seconds, rounded up: a client retrying after a rounded-down
/// delay would be refused again.
pub fn retry_secs(d: Duration) -> u64 {
    d.as_millis().div_ceil(1000).max(1) as u64
}

impl ResponseError for ServiceError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.problem().status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        if let ServiceError::Internal(e) = self {
            // The cause chain, never a backtrace at the default level: a
            // request anyone can send must not fill the log with them.
            tracing::error!(error = %format_args!("{e:#}"), "request failed");
            tracing::debug!(error = ?e, "request failed (with its backtrace)");
        }
        let mut response = self.problem().response();
        let headers = response.headers_mut();
        match self {
            ServiceError::RateLimited(d) => {
                let retry = retry_secs(d.retry_after);
                headers.insert(header::RETRY_AFTER, retry.into());
                insert_rate_limit_headers(headers, d);
            }
            ServiceError::Unavailable { retry_after, .. } => {
                headers.insert(header::RETRY_AFTER, retry_secs(*retry_after).into());
            }
            _ => {}
        }
        response
    }
}

/// `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (IETF draft).
pub fn insert_rate_limit_headers(headers: &mut actix_web::http::header::HeaderMap, d: &Decision) {
    use actix_web::http::header::{HeaderName, HeaderValue};
    headers.insert(
        HeaderName::from_static("ratelimit-limit"),
        HeaderValue::from(d.limit),
    );
    headers.insert(
        HeaderName::from_static("ratelimit-remaining"),
        HeaderValue::from(d.remaining),
    );
    headers.insert(
        HeaderName::from_static("ratelimit-reset"),
        HeaderValue::from(d.reset_after.as_secs()),
    );
}

/// The problem a service error reads as, for answers that carry several
/// (one per item of a batch).
pub fn problem_of(e: &ServiceError) -> Problem {
    if let ServiceError::Internal(cause) = e {
        tracing::error!(error = %format_args!("{cause:#}"), "batch item failed");
        tracing::debug!(error = ?cause, "batch item failed (with its backtrace)");
    }
    e.problem()
}
