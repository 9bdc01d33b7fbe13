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
}

/// What the SPA needs to know about the service right now.
#[utoipa::path(tag = "reference", responses((status = 200, body = Status)))]
#[get("/status")]
pub async fn status(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(CacheControl(vec![CacheDirective::NoCache]))
        .json(Status {
            version: env!("CARGO_PKG_VERSION"),
            mode: state.platform.mode.current(),
        })
}
