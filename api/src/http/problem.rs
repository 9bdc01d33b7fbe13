//! RFC 9457 problem details: the one shape of every error response.

use actix_web::http::{header, StatusCode};
use actix_web::HttpResponse;
use serde::Serialize;
use serde_json::{Map, Value};

pub const PROBLEM_JSON: &str = "application/problem+json";

tokio::task_local! {
    /// The current request's id, so that an error built deep in a handler
    /// can name it without threading the request through.
    pub static REQUEST_ID: String;
}

pub fn current_request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

pub use crate::domain::validation::FieldError;
pub use crate::problem_code::ProblemCode;

/// `application/problem+json` body.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:renfort:problem:{code}`.
    #[serde(rename = "type")]
    #[schema(example = "urn:renfort:problem:validation_failed")]
    pub type_: String,
    #[schema(example = "Validation failed")]
    pub title: String,
    #[schema(example = 422)]
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable machine code; the SPA translates it. The list is closed:
    /// every code the API answers is in this enum.
    pub code: ProblemCode,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Problem-specific members, e.g. `current_state` and
    /// `allowed_transitions` on `invalid_transition`.
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub extensions: Map<String, Value>,
}

impl Problem {
    pub fn new(status: StatusCode, code: ProblemCode, title: &str) -> Self {
        Problem {
            type_: format!("urn:renfort:problem:{code}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail: None,
            code,
            errors: Vec::new(),
            request_id: current_request_id(),
            extensions: Map::new(),
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }

    pub fn extend(mut self, key: &str, value: Value) -> Self {
        self.extensions.insert(key.to_owned(), value);
        self
    }

    /// The problem for a bare HTTP status (routing errors, framework
    /// refusals) that no handler described.
    pub fn for_status(status: StatusCode) -> Self {
        let (code, title) = status_names(status);
        Problem::new(status, code, title)
    }

    pub fn response(&self) -> HttpResponse {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        HttpResponse::build(status)
            .insert_header((header::CONTENT_TYPE, PROBLEM_JSON))
            .json(self)
    }
}

/// The stable code and title of a bare HTTP status.
pub fn status_names(status: StatusCode) -> (ProblemCode, &'static str) {
    match status.as_u16() {
        400 => (ProblemCode::BadRequest, "Bad request"),
        401 => (ProblemCode::Unauthenticated, "Authentication required"),
        403 => (ProblemCode::Forbidden, "Forbidden"),
        404 => (ProblemCode::NotFound, "Not found"),
        405 => (ProblemCode::MethodNotAllowed, "Method not allowed"),
        406 => (ProblemCode::NotAcceptable, "Not acceptable"),
        408 => (ProblemCode::RequestTimeout, "Request timeout"),
        409 => (ProblemCode::Conflict, "Conflict"),
        413 => (ProblemCode::PayloadTooLarge, "Payload too large"),
        414 => (ProblemCode::UriTooLong, "URI too long"),
        415 => (ProblemCode::UnsupportedMediaType, "Unsupported media type"),
        422 => (ProblemCode::ValidationFailed, "Validation failed"),
        429 => (ProblemCode::RateLimited, "Too many requests"),
        431 => (ProblemCode::HeadersTooLarge, "Request headers too large"),
        503 => (ProblemCode::Unavailable, "Service unavailable"),
        s if s >= 500 => (ProblemCode::InternalError, "Internal server error"),
        _ => (
            ProblemCode::HttpError,
            status.canonical_reason().unwrap_or("Error"),
        ),
    }
}
