//! The API's error type: what a handler can fail with, and how each case
//! reads to a client. `Display` is the client's message; internal causes
//! only reach the log, with their whole chain.

use std::time::Duration;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde_json::Value;

use super::problem::{FieldError, Problem};
use crate::platform::Decision;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the request has invalid fields")]
    Validation(Vec<FieldError>),
    #[error("{detail}")]
    BadRequest { code: &'static str, detail: String },
    #[error("authentication required")]
    Unauthenticated { code: &'static str, detail: String },
    #[error("forbidden")]
    Forbidden { code: &'static str, detail: String },
    #[error("not found")]
    NotFound,
    #[error("{detail}")]
    Conflict {
        code: &'static str,
        detail: String,
        extensions: Vec<(&'static str, Value)>,
    },
    #[error("{detail}")]
    Unprocessable { code: &'static str, detail: String },
    #[error("too many requests")]
    RateLimited(Decision),
    #[error("{detail}")]
    Unavailable {
        code: &'static str,
        detail: String,
        retry_after: Duration,
    },
    /// A refusal described by its HTTP status alone (415, 413, …).
    #[error("{detail}")]
    Status {
        status: StatusCode,
        code: &'static str,
        detail: String,
    },
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    pub fn field(field: &str, code: &str, message: &str) -> Self {
        ApiError::Validation(vec![FieldError::new(field, code, message)])
    }

    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        ApiError::Internal(error.into())
    }

    fn problem(&self) -> Problem {
        match self {
            ApiError::Validation(errors) => Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                "Validation failed",
            )
            .detail("one or more fields are invalid; see `errors`")
            .errors(errors.clone()),
            ApiError::BadRequest { code, detail } => {
                Problem::new(StatusCode::BAD_REQUEST, code, "Bad request").detail(detail.clone())
            }
            ApiError::Unauthenticated { code, detail } => {
                Problem::new(StatusCode::UNAUTHORIZED, code, "Authentication required")
                    .detail(detail.clone())
            }
            ApiError::Forbidden { code, detail } => {
                Problem::new(StatusCode::FORBIDDEN, code, "Forbidden").detail(detail.clone())
            }
            ApiError::NotFound => Problem::for_status(StatusCode::NOT_FOUND)
                .detail("no such resource, or you are not allowed to see it"),
            ApiError::Conflict {
                code,
                detail,
                extensions,
            } => extensions.iter().fold(
                Problem::new(StatusCode::CONFLICT, code, "Conflict").detail(detail.clone()),
                |p, (k, v)| p.extend(k, v.clone()),
            ),
            ApiError::Unprocessable { code, detail } => Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                code,
                "Unprocessable request",
            )
            .detail(detail.clone()),
            ApiError::RateLimited(d) => Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "Too many requests",
            )
            .detail(format!("retry in {} s", retry_secs(d.retry_after))),
            ApiError::Unavailable { code, detail, .. } => {
                Problem::new(StatusCode::SERVICE_UNAVAILABLE, code, "Service unavailable")
                    .detail(detail.clone())
            }
            ApiError::Status {
                status,
                code,
                detail,
            } => Problem::new(*status, code, super::problem::status_names(*status).1)
                .detail(detail.clone()),
            ApiError::Internal(_) => Problem::for_status(StatusCode::INTERNAL_SERVER_ERROR)
                .detail("an unexpected error occurred; quote the request id when reporting it"),
        }
    }
}

/// Whole seconds, rounded up: a client retrying after a rounded-down
/// delay would be refused again.
pub fn retry_secs(d: Duration) -> u64 {
    d.as_millis().div_ceil(1000).max(1) as u64
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.problem().status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(e) = self {
            tracing::error!(error = ?e, "request failed");
        }
        let mut response = self.problem().response();
        let headers = response.headers_mut();
        match self {
            ApiError::RateLimited(d) => {
                let retry = retry_secs(d.retry_after);
                headers.insert(header::RETRY_AFTER, retry.into());
                insert_rate_limit_headers(headers, d);
            }
            ApiError::Unavailable { retry_after, .. } => {
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

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        if e.is_pool_timeout() {
            // Saturated, not broken: tell clients to come back shortly.
            tracing::warn!("database pool exhausted");
            return ApiError::Unavailable {
                code: "database_busy",
                detail: "the service is very busy; please retry shortly".into(),
                retry_after: Duration::from_secs(2),
            };
        }
        ApiError::Internal(anyhow::Error::new(e))
    }
}
