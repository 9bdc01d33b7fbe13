//! Reference data the SPA builds its forms and filters from. Static, so
//! served with long cache lifetimes for the CDN.

use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::{get, web, HttpResponse};
use serde::Serialize;

use crate::domain::department::{Department, DEPARTMENTS};
use crate::domain::taxonomy::{MissionDomain, Skill, MISSION_DOMAINS, SKILLS};
use crate::platform::Mode;
use crate::state::AppState;

fn cached_for_a_day() -> CacheControl {
    CacheControl(vec![CacheDirective::Public, CacheDirective::MaxAge(86_400)])
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DomainList {
    items: &'static [MissionDomain],
}

/// The mission domains: stable slug and French label.
#[utoipa::path(tag = "reference", responses((status = 200, body = DomainList)))]
#[get("/domains")]
pub async fn domains() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(cached_for_a_day())
        .json(DomainList {
            items: MISSION_DOMAINS,
        })
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SkillList {
    items: &'static [Skill],
}

/// The skills volunteers offer and missions ask for: stable slug and French label.
#[utoipa::path(tag = "reference", responses((status = 200, body = SkillList)))]
#[get("/skills")]
pub async fn skills() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(cached_for_a_day())
        .json(SkillList { items: SKILLS })
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DepartmentList {
    items: &'static [Department],
}

/// The 101 French departments, Corsica (2A, 2B) and overseas (971–976) included.
#[utoipa::path(tag = "reference", responses((status = 200, body = DepartmentList)))]
#[get("/departments")]
pub async fn departments() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(cached_for_a_day())
        .json(DepartmentList { items: DEPARTMENTS })
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Status {
    #[schema(example = "0.1.0")]
    version: &'static str,
    /// In `degraded` mode the SPA warns that emails may be late and
    /// listings slightly stale.
    mode: Mode,
    /// What the mode means now, for the SPA to show or adapt to.
    degraded: DegradedEffects,
    /// The bot challenge of signup: whether it is required now, and how to
    /// solve it.
    challenge: crate::challenge::ChallengeInfo,
}

/// The effects of degraded mode in force now (all false in normal mode).
#[derive(Serialize, utoipa::ToSchema)]
pub struct DegradedEffects {
    /// Emails other than security ones (activation, reset) are held.
    emails_delayed: bool,
    /// Listings and search results may be this many seconds old.
    listings_stale_up_to_secs: u64,
    /// Exports, histories and admin lists answer 503 for now.
    heavy_endpoints_unavailable: bool,
    /// Only searches already made are answered.
    search_cache_only: bool,
}

/// What the SPA needs to know about the service right now.
#[utoipa::path(tag = "reference", responses((status = 200, body = Status)))]
#[get("/status")]
pub async fn status(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(CacheControl(vec![CacheDirective::NoCache]))
        .json(Status {
            version: env!("CARGO_PKG_VERSION"),
            degraded: effects(&state),
            mode: state.platform.mode.current(),
            challenge: state.challenge.info(state.platform.mode.current()),
        })
}

/// A proof-of-work challenge for signup, when that is the configured
/// human check: find a nonce such that SHA-256(`challenge` + ":" + nonce)
/// starts with `difficulty` zero bits, and send `challenge:nonce` in the
/// `Renfort-Challenge` header before `expires_at`, from the same address
/// (a challenge is bound to the address that asked for it). Each is good
/// once; challenges are handed out at a limited rate per address.
#[utoipa::path(tag = "reference", responses(
    (status = 200, body = crate::challenge::pow::Issued),
    (status = 404, description = "the human check is not a proof of work", body = super::problem::Problem, content_type = "application/problem+json"),
    (status = 429, description = "too many challenges asked from this address", body = super::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/challenge")]
pub async fn challenge(
    state: web::Data<AppState>,
    req: actix_web::HttpRequest,
) -> Result<HttpResponse, crate::error::ServiceError> {
    match &state.challenge.check {
        crate::challenge::HumanCheck::ProofOfWork(pow) => {
            super::guard::rate_limit(
                &state,
                &[(
                    super::guard::ip_key(&req, "challenge"),
                    state.settings.limits.challenge_per_ip,
                )],
            )
            .await?;
            Ok(HttpResponse::Ok()
                .insert_header(CacheControl(vec![CacheDirective::NoStore]))
                .json(pow.issue(&super::guard::caller(&req))))
        }
        crate::challenge::HumanCheck::FriendlyCaptcha(_) => {
            Err(crate::error::ServiceError::NotFound)
        }
    }
}

fn effects(state: &AppState) -> DegradedEffects {
    let policy = &state.settings.degraded;
    let on = state.platform.mode.current() == Mode::Degraded;
    DegradedEffects {
        emails_delayed: on && policy.hold_non_urgent_email,
        listings_stale_up_to_secs: if on {
            30 * u64::from(policy.ttl_factor.max(1))
        } else {
            0
        },
        heavy_endpoints_unavailable: on && policy.heavy_endpoints_unavailable,
        search_cache_only: on && policy.search_cache_only,
    }
}
