//! Liveness and readiness, for load balancers and orchestrators.

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::{get, web, HttpResponse};
use serde::Serialize;

use super::problem::Problem;
use crate::problem_code::ProblemCode;
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Live {
    #[schema(example = "ok")]
    status: &'static str,
}

/// The process answers. Touches nothing else: a slow database must not get
/// healthy processes killed.
#[utoipa::path(tag = "operations", responses((status = 200, body = Live)))]
#[get("/health/live")]
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(Live { status: "ok" })
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Ready {
    #[schema(example = "ready")]
    status: &'static str,
    checks: Checks,
}

#[derive(Serialize, utoipa::ToSchema, Clone)]
pub struct Checks {
    /// `ok`, `unavailable` or `timeout` (the cause is in the log).
    #[schema(example = "ok")]
    database: String,
    /// `ok`, `not_configured`, or `down` while the in-process adapters
    /// stand in (the service still serves, so this alone is not a 503).
    #[schema(example = "not_configured")]
    redis: String,
}

const CHECK_BUDGET: Duration = Duration::from_secs(2);

/// Ready to take traffic: really queries the database and, when
/// configured, pings Redis. 503 names the failing part.
#[utoipa::path(tag = "operations", responses(
    (status = 200, body = Ready),
    (status = 503, body = Problem, content_type = "application/problem+json"),
))]
#[get("/health/ready")]
pub async fn ready(state: web::Data<AppState>) -> HttpResponse {
    // Anyone may ask: the answer names the state of each part, and the
    // causes (hosts, users, driver messages) go to the log only.
    let database = match tokio::time::timeout(CHECK_BUDGET, state.db.ping()).await {
        Ok(Ok(())) => "ok".to_owned(),
        Ok(Err(e)) => {
            tracing::warn!(error = ?anyhow::Error::new(e), "readiness: the database failed");
            "unavailable".to_owned()
        }
        Err(_) => {
            tracing::warn!("readiness: the database gave no answer within 2 s");
            "timeout".to_owned()
        }
    };
    let redis = match &state.platform.redis {
        None => "not_configured".to_owned(),
        Some(link) => match link.ping().await {
            Ok(()) => "ok".to_owned(),
            Err(e) => {
                tracing::warn!(error = %e, "readiness: Redis is down; serving on in-process adapters");
                "down".to_owned()
            }
        },
    };
    let checks = Checks { database, redis };
    if checks.database == "ok" {
        HttpResponse::Ok().json(Ready {
            status: "ready",
            checks,
        })
    } else {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ProblemCode::NotReady,
            "Not ready",
        )
        .detail(format!("database: {}", checks.database))
        .extend("checks", serde_json::to_value(&checks).unwrap_or_default())
        .response()
    }
}

/// Prometheus text exposition, on the internal metrics listener only
/// (`metrics.host`, `metrics.port`): not part of the public API.
#[get("/metrics")]
pub async fn metrics(
    state: web::Data<AppState>,
    metrics: web::Data<super::metrics::Metrics>,
) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(metrics.render(&state).await)
}
