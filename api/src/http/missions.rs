//! Missions: drafts and edits by members, moderation, the public page.

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::actor::Authenticated;
use super::admission::{public_miss, public_ttl};
use super::extract::Body;
use super::guard::idempotent;
use super::pagination::{Page, PageQuery};
use super::problem::Problem;
use super::revalidation::{public_json, Freshness};
use super::views::{
    history_of, private_view, public_mission, History, MissionView, OrganizationSummary,
    PublicMissionView,
};
use crate::auth::actor::Acting;
use crate::domain::mission::{Audience, Commitment, Format, MissionInput, Slot};
use crate::domain::moderation::MissionState;
use crate::domain::place::AddressInput;
use crate::error::ServiceError;
use crate::services::keys::cache_key;
use crate::services::missions as service;
use crate::state::AppState;
use crate::store::history::Subject;
use crate::store::missions::{self as store};

/// Create a draft mission (members of the organisation). Supports
/// `Idempotency-Key`.
#[utoipa::path(operation_id = "create_mission", tag = "missions", security(("bearer" = [])), request_body = MissionInput, params(
    ("id" = Uuid, Path, description = "organisation"),
    ("Idempotency-Key" = Option<String>, Header, description = "makes retries safe"),
), responses(
    (status = 201, body = MissionView),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "a quota of the account or the organisation is used up; retry after `Retry-After`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/organizations/{id}/missions")]
pub async fn create(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    req: HttpRequest,
    body: Body<MissionInput>,
) -> Result<HttpResponse, ServiceError> {
    let org_id = id.into_inner();
    // Who may act is settled before the body is judged.
    let org = crate::services::access::load_private(&state, &actor, org_id).await?;
    let input = body.parse()?;
    let fields = input.clone().validate().map_err(ServiceError::Validation)?;
    let scope = format!("mission:create:{}:{org_id}", actor.id);
    idempotent(&state, &req, &scope, Some(actor.id), &input, || async {
        let access = service::create(&state, Acting::Account(&actor), org, fields, None).await?;
        let view = MissionView::from(access);
        Ok((
            StatusCode::CREATED,
            serde_json::to_value(view).map_err(ServiceError::internal)?,
        ))
    })
    .await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OrganizationMissionsQuery {
    /// Only missions in this state.
    pub state: Option<MissionState>,
    /// 1 to 100; 20 when absent.
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// An organisation's missions, newest first, in every state or one
/// (members, referents, admins).
#[utoipa::path(tag = "missions", security(("bearer" = [])), params(("id" = Uuid, Path, description = "organisation"), OrganizationMissionsQuery), responses(
    (status = 200, body = Page<MissionView>),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/organizations/{id}/missions")]
pub async fn of_organization(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    req: HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    let org = crate::services::access::load_private(&state, &actor, id.into_inner()).await?;
    let query = super::parse_query::<OrganizationMissionsQuery>(&req)?;
    let page = PageQuery {
        limit: query.limit,
        cursor: query.cursor,
    };
    let limit = page.limit()?;
    let before: Option<Uuid> = page.cursor()?;
    let rows = service::of_organization(&state, org.org.id, query.state, before, limit + 1).await?;
    let relation = org.relation;
    Ok(HttpResponse::Ok().json(Page::from_rows(
        rows,
        limit,
        |(m, _)| m.id,
        |(m, addresses)| {
            // Referents of the mission's own department may differ; the
            // transitions listed are those of the organisation's relation.
            let allowed = m.state().allowed_targets(relation);
            private_view(m, addresses, allowed)
        },
    )))
}

/// One mission, privately (members, referents of its department, admins).
#[utoipa::path(tag = "missions", security(("bearer" = [])), params(("org_id" = Uuid, Path), ("id" = Uuid, Path)), responses(
    (status = 200, body = MissionView),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/organizations/{org_id}/missions/{id}")]
pub async fn get_private(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ServiceError> {
    let (org_id, id) = path.into_inner();
    let access = service::load_private(&state, &actor, id).await?;
    if access.mission.organization_id != org_id {
        return Err(ServiceError::NotFound);
    }
    Ok(HttpResponse::Ok().json(MissionView::from(access)))
}

/// An edit: only the fields given change; `addresses` and `slots` are
/// replaced whole.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MissionPatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub domain: Option<String>,
    pub skills: Option<Vec<String>>,
    pub audience: Option<Vec<Audience>>,
    pub format: Option<Format>,
    pub addresses: Option<Vec<AddressInput>>,
    #[schema(value_type = Option<String>, format = Date)]
    pub start_date: Option<NaiveDate>,
    #[schema(value_type = Option<String>, format = Date)]
    pub end_date: Option<NaiveDate>,
    pub slots: Option<Vec<Slot>>,
    pub commitment: Option<Commitment>,
    pub capacity: Option<i32>,
    pub minimum_age: Option<i32>,
    pub motivation_required: Option<bool>,
    pub registration_open: Option<bool>,
    /// Replaced whole.
    pub access: Option<crate::domain::eligibility::Access>,
}

/// Edit a mission (members). Finished missions are frozen; the capacity
/// cannot drop below the places taken (409 `capacity_below_taken`).
#[utoipa::path(operation_id = "update_mission", tag = "missions", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = MissionPatch, responses(
    (status = 200, body = MissionView),
    (status = 409, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[patch("/missions/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: Body<MissionPatch>,
) -> Result<HttpResponse, ServiceError> {
    let id = id.into_inner();
    let access = service::update(&state, Acting::Account(&actor), id, |m| {
        let patch = body.parse()?;
        macro_rules! set {
            ($($field:ident),*) => { $(if let Some(v) = patch.$field { m.$field = v; })* };
        }
        set!(
            title,
            description,
            domain,
            skills,
            audience,
            format,
            addresses,
            slots,
            commitment,
            capacity,
            minimum_age,
            motivation_required,
            registration_open,
            access
        );
        if let Some(v) = patch.start_date {
            m.start_date = Some(v);
        }
        if let Some(v) = patch.end_date {
            m.end_date = Some(v);
        }
        Ok(())
    })
    .await?;
    Ok(HttpResponse::Ok().json(MissionView::from(access)))
}

/// Delete a draft (members).
#[utoipa::path(tag = "missions", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 204),
    (status = 409, description = "`not_a_draft`", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/missions/{id}")]
pub async fn delete_draft(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    service::delete_draft(&state, &actor, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MissionTransition {
    pub to: MissionState,
    /// Required to reject, flag or cancel.
    pub reason: Option<String>,
}

/// Move a mission through its state machine: submit (members), publish or
/// reject (referent of its department, admin), complete or cancel
/// (members, referents, admins), flag (referents, admins), and back from
/// flagged (admins). Anything else is 409 with the transitions allowed now.
#[utoipa::path(operation_id = "transition_mission", tag = "missions", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = MissionTransition, responses(
    (status = 200, body = MissionView),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`invalid_transition` (with `current_state`, `allowed_transitions`) or `organization_not_approved`", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "a quota of the account or the organisation is used up; retry after `Retry-After`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/missions/{id}/transitions")]
pub async fn transition(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: Body<MissionTransition>,
) -> Result<HttpResponse, ServiceError> {
    let access = service::transition(&state, Acting::Account(&actor), id.into_inner(), || {
        body.parse().map(|b: MissionTransition| (b.to, b.reason))
    })
    .await?;
    Ok(HttpResponse::Ok().json(MissionView::from(access)))
}

/// The state changes of a mission (members, referents of its department, admins).
#[utoipa::path(operation_id = "mission_history", tag = "missions", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = History),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/missions/{id}/history")]
pub async fn get_history(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let access = service::load_private(&state, &actor, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(history_of(&state, Subject::Mission(access.mission.id)).await?))
}

/// How long the public page is cached, here and by the CDN.
const PUBLIC_TTL: Duration = Duration::from_secs(30);
/// What the CDN may keep of the public mission page and listing.
const PUBLIC_FRESHNESS: Freshness = Freshness::new(PUBLIC_TTL, Duration::from_secs(60));

async fn public_view(
    state: &AppState,
    id: Uuid,
) -> Result<Option<PublicMissionView>, ServiceError> {
    let Some((m, organization_name, addresses)) = service::public(state, id).await? else {
        return Ok(None);
    };
    let shifts = if m.has_shifts {
        crate::services::shifts::upcoming(state, m.id, m.time_zone()).await?
    } else {
        Vec::new()
    };
    let mut view = public_mission(m, organization_name, addresses);
    view.shifts = shifts
        .into_iter()
        .map(super::shifts::ShiftView::from)
        .collect();
    Ok(Some(view))
}

/// A published mission of an approved organisation, with its places left.
/// The same for everyone, so cached here and by the CDN (`Cache-Control`,
/// `ETag`); anything else is 404.
#[utoipa::path(tag = "missions", params(("id" = Uuid, Path)), responses(
    (status = 200, body = PublicMissionView, headers(("ETag" = String), ("Cache-Control" = String))),
    (status = 304, description = "unchanged since the `If-None-Match` ETag"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/missions/{id}")]
pub async fn get_public(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let id = id.into_inner();
    // The cached bytes go out as they are; `null` is a mission the public
    // cannot see (cached too: scanning bots cost no query).
    let body = state
        .platform
        .cache
        .get_or_compute_json(&cache_key(id), public_ttl(&state, PUBLIC_TTL), || async {
            let _slot = public_miss(&state).await?;
            public_view(&state, id).await
        })
        .await?;
    if body == b"null" {
        return Err(ServiceError::NotFound);
    }
    Ok(public_json(&req, &state, PUBLIC_FRESHNESS, body))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PublicListQuery {
    /// Department code: missions with an address there.
    pub department: Option<String>,
    /// Domain slug.
    pub domain: Option<String>,
    pub format: Option<Format>,
    pub organization_id: Option<Uuid>,
    /// Missions starting on or after this day (YYYY-MM-DD); undated ones are kept.
    #[param(value_type = Option<String>, format = Date)]
    pub starting_after: Option<NaiveDate>,
    /// Comma-separated accessibility flags, all required:
    /// `reduced_mobility`, `public_transport`, `open_to_minors`.
    pub accessibility: Option<String>,
    /// 1 to 100; 20 when absent.
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A mission in a public list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublicMissionSummary {
    pub id: Uuid,
    pub title: String,
    pub organization: OrganizationSummary,
    pub domain: String,
    pub skills: Vec<String>,
    pub format: Format,
    /// City and department of its first address (none when remote).
    pub city: Option<String>,
    pub department: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub start_date: Option<NaiveDate>,
    #[schema(value_type = Option<String>, format = Date)]
    pub end_date: Option<NaiveDate>,
    pub places_left: i32,
    pub registration_open: bool,
    pub published_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublicMissionPage {
    pub items: Vec<PublicMissionSummary>,
    pub next_cursor: Option<String>,
}

async fn public_page(
    state: &AppState,
    query: PublicListQuery,
) -> Result<PublicMissionPage, ServiceError> {
    let page = PageQuery {
        limit: query.limit,
        cursor: query.cursor,
    };
    let limit = page.limit()?;
    let after: Option<(DateTime<Utc>, Uuid)> = page.cursor()?;
    if let Some(d) = &query.department {
        if crate::domain::department::by_code(d).is_none() {
            return Err(ServiceError::field(
                "department",
                "unknown_department",
                "not a department code",
            ));
        }
    }
    let accessibility = query
        .accessibility
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(|f| {
            crate::domain::eligibility::Accessibility::parse(f).ok_or_else(|| {
                ServiceError::field(
                    "accessibility",
                    "unknown_value",
                    &format!("`{f}` is not an accessibility flag"),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let filter = store::PublicFilter {
        accessibility,
        department: query
            .department
            .as_deref()
            .and_then(crate::domain::department::by_code)
            .map(|d| d.code.to_owned()),
        domain: query.domain,
        format: query.format,
        organization: query.organization_id,
        starting_after: query.starting_after,
    };
    let rows = service::public_listing(state, &filter, after, limit + 1).await?;
    let page = Page::from_rows(
        rows,
        limit,
        |(m, _, _)| (m.published_at, m.id),
        |(m, organization_name, addresses)| {
            let first = addresses.into_iter().next();
            PublicMissionSummary {
                id: m.id,
                places_left: m.places_left(),
                organization: OrganizationSummary {
                    id: m.organization_id,
                    name: organization_name,
                },
                format: m.format,
                city: first.as_ref().map(|a| a.city.clone()),
                department: first.map(|a| a.department),
                title: m.title,
                domain: m.domain,
                skills: m.skills.0,
                start_date: m.start_date,
                end_date: m.end_date,
                registration_open: m.registration_open,
                published_at: m.published_at,
            }
        },
    );
    Ok(PublicMissionPage {
        items: page.items,
        next_cursor: page.next_cursor,
    })
}

/// Published missions of approved organisations, newest first, with
/// filters. The same for everyone, so cached briefly here and by the CDN.
#[utoipa::path(tag = "missions", params(PublicListQuery), responses(
    (status = 200, body = PublicMissionPage, headers(("ETag" = String), ("Cache-Control" = String))),
    (status = 304, description = "unchanged since the `If-None-Match` ETag"),
    (status = 400, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[get("/missions")]
pub async fn list_public(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    let query = super::parse_query::<PublicListQuery>(&req)?;
    let key = format!("missions:list:{}", req.query_string());
    let body = state
        .platform
        .cache
        .get_or_compute_json(&key, public_ttl(&state, PUBLIC_TTL), || async {
            let _slot = public_miss(&state).await?;
            public_page(&state, query).await
        })
        .await?;
    Ok(public_json(&req, &state, PUBLIC_FRESHNESS, body))
}
