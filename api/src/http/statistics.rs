//! Statistics: public (behind the CDN), a referent's departments, an
//! organisation's missions, and the admins' table (JSON or CSV). Every
//! answer reads a snapshot of the worker's rollup; none counts rows.

use std::time::Duration;

use actix_web::http::{header, StatusCode};
use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::actor::{Admin, Authenticated};
use super::admission::{public_miss, public_ttl};
use super::problem::Problem;
use super::revalidation::{public_json, Freshness};
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::services::statistics::{
    self as service, DepartmentStatistics, OrganizationStatistics, PublicStatistics,
};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicStatisticsResponse {
    /// When the rollup computed these figures (none before its first run).
    pub computed_at: Option<DateTime<Utc>>,
    #[serde(flatten)]
    pub statistics: PublicStatistics,
}

/// The platform's figures: volunteers, missions published, places offered
/// and taken, applications, by department and domain, and week by week
/// over a year. Computed every few minutes, the same for everyone: cached
/// here and by the CDN.
#[utoipa::path(operation_id = "public_statistics", tag = "statistics", responses(
    (status = 200, body = PublicStatisticsResponse, headers(("ETag" = String), ("Cache-Control" = String))),
    (status = 304, description = "unchanged since the `If-None-Match` ETag"),
))]
#[get("/statistics")]
pub async fn public_statistics(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    let max_age = state.settings.statistics.public_max_age_secs;
    let body = state
        .platform
        .cache
        .get_or_compute_json(
            "statistics:public",
            public_ttl(&state, Duration::from_secs(max_age.clamp(1, 60))),
            || async {
                let _slot = public_miss(&state).await?;
                let (computed_at, statistics) =
                    service::snapshot::<PublicStatistics>(&state.db, service::PUBLIC, "").await?;
                Ok::<_, ServiceError>(PublicStatisticsResponse {
                    computed_at,
                    statistics,
                })
            },
        )
        .await?;
    let max_age = Duration::from_secs(max_age);
    Ok(public_json(
        &req,
        &state,
        Freshness::new(max_age, max_age),
        body,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DepartmentQuery {
    /// One department; all of the caller's when absent.
    #[param(pattern = r"^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$")]
    pub department: Option<String>,
}

fn private(max_age: u64) -> (header::HeaderName, String) {
    (header::CACHE_CONTROL, format!("private, max-age={max_age}"))
}

/// The referent's departments (every department for an admin): the
/// public figures there, week by week, and the moderation queue with how
/// long decisions take.
#[utoipa::path(operation_id = "department_statistics", tag = "statistics", security(("bearer" = [])),
    params(DepartmentQuery), responses(
    (status = 200, body = Vec<DepartmentStatistics>),
    (status = 403, description = "`moderators_only`, or a department that is not the referent's", body = Problem, content_type = "application/problem+json"),
))]
#[get("/moderation/statistics")]
pub async fn department_statistics(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    req: HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    let query: DepartmentQuery = super::parse_query(&req)?;
    let refused = |detail: &str| ServiceError::Forbidden {
        code: ProblemCode::ModeratorsOnly,
        detail: detail.into(),
    };
    if !actor.admin && actor.referent_departments.is_empty() {
        return Err(refused("for referents and administrators"));
    }
    let only: Option<Vec<String>> = match query.department {
        Some(d) if actor.admin || actor.referent_departments.contains(&d) => Some(vec![d]),
        Some(_) => return Err(refused("not one of your departments")),
        None if actor.admin => None,
        None => Some(actor.referent_departments.clone()),
    };
    let stats = service::departments(&state.db, only.as_deref()).await?;
    Ok(HttpResponse::Ok().insert_header(private(60)).json(stats))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationStatisticsResponse {
    pub computed_at: Option<DateTime<Utc>>,
    #[serde(flatten)]
    pub statistics: OrganizationStatistics,
}

/// An organisation's missions with their applications, acceptance rates
/// and time to answer (members, referents of its department, admins, and
/// the members of its network's head).
#[utoipa::path(operation_id = "organization_statistics", tag = "statistics", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses(
    (status = 200, body = OrganizationStatisticsResponse),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/organizations/{id}/statistics")]
pub async fn organization_statistics(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let id = id.into_inner();
    let access = crate::services::organizations::load(&state, Some(&actor), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    // Members, its department's referents, admins, and the members of its
    // network's head.
    if !access.sees_private() && !crate::services::networks::heads(&state, &actor, id).await? {
        return Err(ServiceError::NotFound);
    }
    let (computed_at, statistics) = service::organization(&state.db, id).await?;
    Ok(HttpResponse::Ok()
        .insert_header(private(60))
        .json(OrganizationStatisticsResponse {
            computed_at,
            statistics,
        }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AdminStatisticsQuery {
    /// `json` or `csv` (one row per department). Without it, `Accept`
    /// chooses: `application/json` (the default) or `text/csv`.
    pub format: Option<String>,
    /// With `format=csv`: the cells' separator (`semicolon` by default for
    /// a reader who prefers French, `comma` otherwise).
    pub delimiter: Option<crate::services::exports::Delimiter>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AdminStatistics {
    pub computed_at: Option<DateTime<Utc>>,
    pub platform: PublicStatistics,
    pub departments: Vec<DepartmentStatistics>,
}

/// Every figure, for administrators: the platform's and each
/// department's, with moderation. `?format=csv` gives one row per
/// department.
#[utoipa::path(operation_id = "admin_statistics", tag = "admin", security(("bearer" = [])),
    params(AdminStatisticsQuery), responses(
    (status = 200, description = "JSON by default; `format=csv` or `Accept: text/csv`: one row per department",
        content((AdminStatistics = "application/json"), (String = "text/csv"))),
    (status = 406, description = "`Accept` names neither JSON nor CSV", body = Problem, content_type = "application/problem+json"),
    (status = 403, body = Problem, content_type = "application/problem+json"),
))]
#[get("/admin/statistics")]
pub async fn admin_statistics(
    state: web::Data<AppState>,
    _: Admin,
    req: HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    let query: AdminStatisticsQuery = super::parse_query(&req)?;
    let csv = match query.format.as_deref() {
        Some("json") => false,
        Some("csv") => true,
        Some(_) => {
            return Err(ServiceError::field(
                "format",
                "unknown_value",
                "`json` or `csv`",
            ))
        }
        None => match super::negotiation::media_type(&req, &["application/json", "text/csv"]) {
            Some("text/csv") => true,
            Some(_) => false,
            None => {
                return Ok(Problem::for_status(StatusCode::NOT_ACCEPTABLE)
                    .detail("the statistics are served as `application/json` or `text/csv`")
                    .response())
            }
        },
    };
    let (computed_at, platform) =
        service::snapshot::<PublicStatistics>(&state.db, service::PUBLIC, "").await?;
    let departments = service::departments(&state.db, None).await?;
    if !csv {
        return Ok(HttpResponse::Ok()
            .insert_header(private(0))
            .insert_header(VARY_ON_NEGOTIATION)
            .json(AdminStatistics {
                computed_at,
                platform,
                departments,
            }));
    }
    let opt = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    let body = crate::services::exports::csv_document(
        &[
            "department",
            "volunteers",
            "missions_published",
            "places_offered",
            "places_taken",
            "applications",
            "organizations_pending",
            "missions_pending",
            "oldest_pending_hours",
            "decided_last_90_days",
            "average_delay_hours",
            "median_delay_hours",
        ],
        departments.iter().map(|d| {
            let (f, m) = (&d.figures, &d.moderation);
            vec![
                d.department.clone(),
                f.volunteers.to_string(),
                f.missions_published.to_string(),
                f.places_offered.to_string(),
                f.places_taken.to_string(),
                f.applications.to_string(),
                m.organizations_pending.to_string(),
                m.missions_pending.to_string(),
                opt(m.oldest_pending_hours),
                m.decided_last_90_days.to_string(),
                opt(m.average_delay_hours),
                opt(m.median_delay_hours),
            ]
        }),
        super::negotiation::delimiter_of(&req, query.delimiter),
    );
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"statistics-departments.csv\"",
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header(VARY_ON_NEGOTIATION)
        .body(body))
}

/// The admins' table as JSON or CSV: `Accept` chooses between them, and
/// `Accept-Language` the CSV's separator.
const VARY_ON_NEGOTIATION: (header::HeaderName, &str) = (header::VARY, "Accept, Accept-Language");
