//! Admission at the door: each request is classed by its route, waits for
//! a slot of the process's admission limiter for its budget at most, and is
//! otherwise refused at once with 503 `overloaded` and `Retry-After`.
//!
//! Not every request queues. Health and operations never wait. Signups
//! go to the group-commit intake, which has its own bounded queue. Public reads
//! (mission pages, listing, search, reference data) answer from the cache
//! and take a slot only to compute a miss (`Priority::PublicMiss`), inside
//! their handler; when none is free they serve their last copy.

use std::time::Duration;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, Error};

use crate::error::{overloaded, ServiceError};
use crate::platform::admission::{Permit, Priority};
use crate::platform::sojourn::Class as CpuClass;
use crate::platform::Mode;
use crate::problem_code::ProblemCode;
use crate::state::AppState;

/// The class of a request, or `None` for those that never queue.
pub fn classify(method: &Method, pattern: Option<&str>) -> Option<Priority> {
    let pattern = pattern?;
    if !pattern.starts_with("/v1/") {
        // Health, metrics, documentation, unknown routes.
        return None;
    }
    let read = method == Method::GET || method == Method::HEAD;
    if read {
        return match pattern {
            "/v1/missions"
            | "/v1/missions/{id}"
            | "/v1/missions/{id}/similar"
            | "/v1/widgets/{id}/missions"
            | "/v1/widgets/{id}/facets"
            | "/v1/search/missions"
            | "/v1/search/key"
            | "/v1/domains"
            | "/v1/skills"
            | "/v1/departments"
            | "/v1/status"
            | "/v1/statistics"
            | "/v1/challenge" => None,
            _ => Some(Priority::PrivateRead),
        };
    }
    Some(match pattern {
        // Signups queue in the intake, which commits them in groups on
        // connections of its own and refuses when its queue is full.
        "/v1/auth/signup" => return None,
        "/v1/auth/activate" | "/v1/auth/login" | "/v1/auth/refresh" => Priority::Intake,
        "/v1/missions/{id}/participations" | "/v1/missions/{id}/waiting-list" => Priority::Apply,
        _ => Priority::Write,
    })
}

/// The class of a request for CPU shedding (`platform/sojourn.rs`):
/// every `/v1` route has one, public reads and signups included; health,
/// metrics and documentation have none.
pub fn cpu_class(method: &Method, pattern: Option<&str>) -> Option<CpuClass> {
    if !pattern?.starts_with("/v1/") {
        return None;
    }
    Some(match classify(method, pattern) {
        Some(priority) => CpuClass::Admitted(priority),
        None if pattern == Some("/v1/auth/signup") => CpuClass::Admitted(Priority::Intake),
        None => CpuClass::PublicRead,
    })
}

/// What a request does to one mission's places: it waits for that
/// mission's turn (`platform/hot.rs`) before it queues for a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissionPlaces {
    /// Applying: answered from memory once the mission is known full.
    Apply,
    /// Joining the waiting list, which needs the mission full.
    Wait,
}

pub fn mission_places(method: &Method, pattern: Option<&str>) -> Option<MissionPlaces> {
    if method != Method::POST {
        return None;
    }
    match pattern? {
        "/v1/missions/{id}/participations" => Some(MissionPlaces::Apply),
        "/v1/missions/{id}/waiting-list" => Some(MissionPlaces::Wait),
        _ => None,
    }
}

/// Reads that cost much and can wait: exports, histories, audit trails,
/// admin lists, and partners' change feeds and the hub's (machines that
/// sync in the background retry after `Retry-After`; people on the night
/// come first).
pub fn is_heavy(method: &Method, pattern: Option<&str>) -> bool {
    method == Method::GET
        && pattern.is_some_and(|p| {
            p == "/v1/me/export"
                || p.ends_with("/history")
                || p.ends_with("/audit")
                || p.contains("/exports")
                || p.starts_with("/v1/partner/feed/")
                || p.starts_with("/v1/feeds/")
                || p == "/v1/admin/accounts"
                || p == "/v1/admin/emails"
        })
}

/// A slot to compute a public read that is not cached; refused, the cache
/// serves its last copy if it has one. Public reads pass the CPU shedder
/// at the door (a cached answer costs what a refusal does); a miss costs
/// more, so it is the first the shedder refuses here, before its slot.
pub async fn public_miss(state: &AppState) -> Result<Permit, ServiceError> {
    if state
        .sojourn
        .refuse(CpuClass::Admitted(Priority::PublicMiss))
    {
        return Err(overloaded());
    }
    state
        .admission
        .acquire(Priority::PublicMiss)
        .await
        .map_err(|_| overloaded())
}

/// How long a public copy stays fresh: stretched in degraded mode.
pub fn public_ttl(state: &AppState, ttl: Duration) -> Duration {
    match state.platform.mode.current() {
        Mode::Degraded => ttl * state.settings.degraded.ttl_factor.max(1),
        Mode::Normal => ttl,
    }
}

pub async fn admit(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let pattern = req.match_pattern();
    // First, the CPU: while the workers run late, the least important
    // requests are refused before any work is spent on them.
    if let (Some(class), Some(state)) = (
        cpu_class(req.method(), pattern.as_deref()),
        req.app_data::<web::Data<AppState>>(),
    ) {
        if state.sojourn.refuse(class) {
            return Ok(refused(req));
        }
    }
    let class = classify(req.method(), pattern.as_deref());
    let (Some(class), Some(state)) = (class, req.app_data::<web::Data<AppState>>().cloned()) else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    if state.settings.degraded.heavy_endpoints_unavailable
        && state.platform.mode.current() == Mode::Degraded
        && is_heavy(req.method(), pattern.as_deref())
    {
        let (req, _) = req.into_parts();
        let refusal = ServiceError::Unavailable {
            code: ProblemCode::DegradedUnavailable,
            detail: "this is paused while the service is under heavy load; please retry later"
                .into(),
            retry_after: Duration::from_secs(60),
        };
        let response = actix_web::ResponseError::error_response(&refusal);
        return Ok(ServiceResponse::new(req, response));
    }
    // The mission everyone wants waits for its own turn, in memory, and
    // never fills the admission queue the rest of the platform needs.
    let places = mission_places(req.method(), pattern.as_deref()).and_then(|what| {
        // Routing comes after this layer: the id is read from the path,
        // `/v1/missions/{id}/…`, as the pattern matched it.
        let mission = req.path().split('/').nth(3)?.parse::<uuid::Uuid>().ok()?;
        Some((what, mission))
    });
    let mut _turn = None;
    if let Some((what, mission)) = places {
        let known_full = |hot: &crate::platform::hot::HotMissions| {
            what == MissionPlaces::Apply && hot.known_full(mission)
        };
        if !known_full(&state.hot) {
            match state.hot.enter(mission, what == MissionPlaces::Apply).await {
                Ok(crate::platform::hot::Turn::Entered(turn)) => _turn = Some(turn),
                Ok(crate::platform::hot::Turn::Full) => {}
                Err(_) => return Ok(refused(req)),
            }
        }
        if known_full(&state.hot) {
            // Answered 409 from memory by the use case, with no turn to
            // wait for; no slot either, unless an Idempotency-Key asks for
            // a stored answer to be looked up (a quick read).
            _turn = None;
            if !req.headers().contains_key("idempotency-key") {
                return next
                    .call(req)
                    .await
                    .map(ServiceResponse::map_into_boxed_body);
            }
        }
    }
    match state.admission.acquire(class).await {
        Ok(_permit) => {
            let started = std::time::Instant::now();
            let response = next.call(req).await;
            state.admission.record_latency(started.elapsed());
            response.map(ServiceResponse::map_into_boxed_body)
        }
        Err(_) => Ok(refused(req)),
    }
}

/// 503 `overloaded` with `Retry-After`, at once.
fn refused(req: ServiceRequest) -> ServiceResponse<BoxBody> {
    let (req, _) = req.into_parts();
    let response = actix_web::ResponseError::error_response(&overloaded());
    ServiceResponse::new(req, response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_classed_by_what_they_do() {
        let post = Method::POST;
        let get = Method::GET;
        assert_eq!(classify(&post, Some("/v1/auth/signup")), None);
        assert_eq!(
            classify(&post, Some("/v1/auth/login")),
            Some(Priority::Intake)
        );
        assert_eq!(
            classify(&post, Some("/v1/missions/{id}/participations")),
            Some(Priority::Apply)
        );
        assert_eq!(
            classify(&get, Some("/v1/missions/{id}/participations")),
            Some(Priority::PrivateRead)
        );
        assert_eq!(
            classify(&Method::PATCH, Some("/v1/missions/{id}")),
            Some(Priority::Write)
        );
        assert_eq!(classify(&get, Some("/v1/me")), Some(Priority::PrivateRead));
        // Public reads take a slot only for a cache miss, in the handler.
        assert_eq!(classify(&get, Some("/v1/missions/{id}")), None);
        assert_eq!(classify(&get, Some("/v1/search/missions")), None);
        // Operations never wait.
        assert_eq!(classify(&get, Some("/health/live")), None);
        assert_eq!(classify(&get, Some("/metrics")), None);
        assert_eq!(classify(&get, None), None);
    }

    #[test]
    fn heavy_reads_are_named() {
        assert!(is_heavy(&Method::GET, Some("/v1/me/export")));
        assert!(is_heavy(&Method::GET, Some("/v1/missions/{id}/history")));
        assert!(is_heavy(&Method::GET, Some("/v1/admin/emails")));
        assert!(is_heavy(
            &Method::GET,
            Some("/v1/organizations/{id}/exports/participations")
        ));
        assert!(is_heavy(&Method::GET, Some("/v1/partner/feed/missions")));
        assert!(!is_heavy(&Method::GET, Some("/v1/me")));
        assert!(!is_heavy(&Method::POST, Some("/v1/admin/emails/requeue")));
    }
}
