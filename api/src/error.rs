//! What a use case can fail with, in the words of the use case: not found,
//! forbidden, conflict, invalid fields, unavailable, internal. Services
//! return it and know nothing of HTTP; `http::error` says how each case
//! reads to a client (status, problem+json, `Retry-After`).

use std::time::Duration;

use serde_json::Value;

pub use crate::domain::validation::FieldError;
use crate::platform::Decision;
use crate::problem_code::ProblemCode;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("the request has invalid fields")]
    Validation(Vec<FieldError>),
    /// The request cannot be understood as sent (a malformed value).
    #[error("{detail}")]
    BadRequest { code: ProblemCode, detail: String },
    #[error("authentication required")]
    Unauthenticated { code: ProblemCode, detail: String },
    /// Known caller, not allowed, where saying so leaks nothing.
    #[error("forbidden")]
    Forbidden { code: ProblemCode, detail: String },
    /// Absent, or not the caller's to see: the two read the same.
    #[error("not found")]
    NotFound,
    /// The object's current state refuses the change; `extensions` say
    /// what it is and which moves it allows.
    #[error("{detail}")]
    Conflict {
        code: ProblemCode,
        detail: String,
        extensions: Vec<(&'static str, Value)>,
    },
    /// Well-formed, but against a rule of the domain.
    #[error("{detail}")]
    Unprocessable { code: ProblemCode, detail: String },
    #[error("too many requests")]
    RateLimited(Decision),
    /// Busy or degraded: come back after `retry_after`.
    #[error("{detail}")]
    Unavailable {
        code: ProblemCode,
        detail: String,
        retry_after: Duration,
    },
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ServiceError {
    pub fn field(field: &str, code: &str, message: &str) -> Self {
        ServiceError::Validation(vec![FieldError::new(field, code, message)])
    }

    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        ServiceError::Internal(error.into())
    }

    /// The database could not take the work now (pool or statement
    /// timeout): saturated, not broken.
    pub fn database_busy() -> Self {
        ServiceError::Unavailable {
            code: ProblemCode::DatabaseBusy,
            detail: "the service is very busy; please retry shortly".into(),
            retry_after: Duration::from_secs(2),
        }
    }
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        if e.is_busy() {
            tracing::warn!("database pool exhausted");
            return ServiceError::database_busy();
        }
        if e.is_unavailable() {
            tracing::warn!(error = %e, "database unavailable");
            return ServiceError::Unavailable {
                code: ProblemCode::DatabaseUnavailable,
                detail: "the database cannot be reached right now; nothing was saved, please retry in a moment".into(),
                retry_after: Duration::from_secs(2),
            };
        }
        ServiceError::Internal(anyhow::Error::new(e))
    }
}

/// 503 `overloaded`: refused without waiting, to be retried shortly.
pub fn overloaded() -> ServiceError {
    ServiceError::Unavailable {
        code: ProblemCode::Overloaded,
        detail: "the service is at capacity; please retry in a moment".into(),
        retry_after: Duration::from_secs(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lost_database_connection_is_a_503_to_retry_not_a_500() {
        let cut = StoreError::Sqlx(sqlx::Error::Io(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "connection reset by peer",
        )));
        match ServiceError::from(cut) {
            ServiceError::Unavailable {
                code, retry_after, ..
            } => {
                assert_eq!(code, ProblemCode::DatabaseUnavailable);
                assert!(retry_after >= Duration::from_secs(1));
            }
            other => panic!("{other:?}"),
        }
        let closed = StoreError::Sqlx(sqlx::Error::PoolClosed);
        assert!(matches!(
            ServiceError::from(closed),
            ServiceError::Unavailable { .. }
        ));
        let bug = StoreError::Sqlx(sqlx::Error::RowNotFound);
        assert!(matches!(ServiceError::from(bug), ServiceError::Internal(_)));
    }
}
