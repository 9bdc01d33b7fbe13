//! Liveness and readiness, for load balancers and orchestrators.

use std::time::Duration;

use actix_web::{get, web, HttpResponse};
use serde::Serialize;

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
    /// `ready`, or `degraded` while the database is out of reach.
    #[schema(example = "ready")]
    status: &'static str,
    checks: Checks,
}

#[derive(Serialize, utoipa::ToSchema)]
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
/// configured, pings Redis, and names the state of each.
///
/// A database outage does not take the process out of service (200,
/// `degraded`): public reads are still answered from the cache, and
/// writes get a quick 503 problem with `Retry-After`. Failing readiness
/// then would take every replica out of the load balancer at once, and
/// the crowd would get the balancer's bare error page instead.
#[utoipa::path(tag = "operations", responses(
    (status = 200, body = Ready, description = "`ready`, or `degraded` while the database is out of reach"),
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
    let status = if database == "ok" {
        "ready"
    } else {
        "degraded"
    };
    HttpResponse::Ok().json(Ready {
        status,
        checks: Checks { database, redis },
    })
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

/// The worker's metrics, on its internal listener.
#[get("/metrics")]
pub async fn worker_metrics(
    db: web::Data<crate::store::Db>,
    registry: web::Data<super::metrics::WorkerMetrics>,
) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(registry.render(&db).await)
}
