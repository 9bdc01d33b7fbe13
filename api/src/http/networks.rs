//! Networks of organisations and the mission templates their heads
//! publish: `/v1/organizations/{id}/network`, `…/branches`,
//! `…/mission-templates`, `…/missions/from-template`.

use actix_web::http::StatusCode;
use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::actor::Authenticated;
use super::extract::Body;
use super::problem::Problem;
use super::views::MissionView;
use crate::domain::template::{LocalDetails, MissionTemplate};
use crate::error::ServiceError;
use crate::services::networks as service;
use crate::services::statistics::{self as statistics, OrganizationStatistics};
use crate::state::AppState;
use crate::store::networks::{Link, TemplateRow};

/// A link between a branch and its network's head.
#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkLink {
    pub branch_id: Uuid,
    pub head_id: Uuid,
    /// `requested` until the head's owners accept, then `active`.
    pub state: crate::domain::organization::NetworkLinkState,
    /// The other organisation's name: the head's for a branch, the
    /// branch's in a head's list.
    pub name: String,
    pub department: String,
    pub requested_at: DateTime<Utc>,
    pub joined_at: Option<DateTime<Utc>>,
}

impl From<Link> for NetworkLink {
    fn from(l: Link) -> Self {
        NetworkLink {
            branch_id: l.branch_id,
            head_id: l.head_id,
            state: l.state,
            name: l.name,
            department: l.department,
            requested_at: l.requested_at,
            joined_at: l.joined_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkMembership {
    /// None when the organisation belongs to no network.
    pub network: Option<NetworkLink>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JoinNetwork {
    /// The head organisation (approved).
    pub head_id: Uuid,
}

/// Ask to join a network as a branch (owners). The head's owners accept.
#[utoipa::path(operation_id = "join_network", tag = "networks", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = JoinNetwork, responses(
    (status = 200, body = NetworkLink),
    (status = 403, description = "`owners_only`", body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`network_conflict`", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[put("/organizations/{id}/network")]
pub async fn join(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: Body<JoinNetwork>,
) -> Result<HttpResponse, ServiceError> {
    let body = body.parse()?;
    let link = service::request(&state, &actor, id.into_inner(), body.head_id).await?;
    Ok(HttpResponse::Ok().json(NetworkLink::from(link)))
}

/// The network the organisation belongs to, or asked to join (members).
#[utoipa::path(operation_id = "get_network", tag = "networks", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses(
    (status = 200, body = NetworkMembership),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/organizations/{id}/network")]
pub async fn network(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let link = service::of_branch(&state, &actor, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(NetworkMembership {
        network: link.map(NetworkLink::from),
    }))
}

/// Leave the network, or withdraw the request (owners).
#[utoipa::path(operation_id = "leave_network", tag = "networks", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses(
    (status = 204),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[delete("/organizations/{id}/network")]
pub async fn leave(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    service::leave(&state, &actor, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The head's branches, requested and active (the head's members).
#[utoipa::path(operation_id = "list_branches", tag = "networks", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses(
    (status = 200, body = Vec<NetworkLink>),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/organizations/{id}/branches")]
pub async fn branches(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let links = service::branches(&state, &actor, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(links.into_iter().map(NetworkLink::from).collect::<Vec<_>>()))
}

/// Accept a branch's request (the head's owners).
#[utoipa::path(operation_id = "accept_branch", tag = "networks", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "the head"), ("branch" = Uuid, Path)), responses(
    (status = 204),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[post("/organizations/{id}/branches/{branch}/acceptance")]
pub async fn accept(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ServiceError> {
    let (head, branch) = path.into_inner();
    service::accept(&state, &actor, head, branch).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Decline a request or remove a branch (the head's owners).
#[utoipa::path(operation_id = "remove_branch", tag = "networks", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "the head"), ("branch" = Uuid, Path)), responses(
    (status = 204),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[delete("/organizations/{id}/branches/{branch}")]
pub async fn remove(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ServiceError> {
    let (head, branch) = path.into_inner();
    service::remove(&state, &actor, head, branch).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct BranchMissionsQuery {
    /// Missions older than this one (`next_before` of the previous page).
    pub before: Option<Uuid>,
    /// 1 to 100; 50 when absent.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BranchMissionView {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub organization_name: String,
    pub title: String,
    pub state: crate::domain::moderation::MissionState,
    pub department: String,
    pub capacity: i32,
    pub places_taken: i32,
    #[schema(value_type = Option<String>, format = Date)]
    pub start_date: Option<NaiveDate>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BranchMissionPage {
    pub items: Vec<BranchMissionView>,
    pub next_before: Option<Uuid>,
}

/// The missions of the head's active branches, newest first (the head's
/// members).
#[utoipa::path(operation_id = "branch_missions", tag = "networks", security(("bearer" = [])),
    params(("id" = Uuid, Path), BranchMissionsQuery), responses(
    (status = 200, body = BranchMissionPage),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/organizations/{id}/branches/missions")]
pub async fn branch_missions(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    req: HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    let query: BranchMissionsQuery = super::parse_query(&req)?;
    let limit = match query.limit {
        None => 50,
        Some(l @ 1..=100) => i64::from(l),
        Some(_) => {
            return Err(ServiceError::field(
                "limit",
                "out_of_range",
                "must be between 1 and 100",
            ))
        }
    };
    let rows =
        service::branch_missions(&state, &actor, id.into_inner(), query.before, limit).await?;
    let next_before = (rows.len() as i64 == limit)
        .then(|| rows.last().map(|m| m.id))
        .flatten();
    Ok(HttpResponse::Ok().json(BranchMissionPage {
        items: rows
            .into_iter()
            .map(|m| BranchMissionView {
                id: m.id,
                organization_id: m.organization_id,
                organization_name: m.organization_name,
                title: m.title,
                state: m.state,
                department: m.department,
                capacity: m.capacity,
                places_taken: m.places_taken,
                start_date: m.start_date,
                updated_at: m.updated_at,
            })
            .collect(),
        next_before,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BranchStatistics {
    pub organization_id: Uuid,
    pub name: String,
    pub computed_at: Option<DateTime<Utc>>,
    pub statistics: OrganizationStatistics,
}

/// Each active branch's statistics, from the rollup (the head's members).
#[utoipa::path(operation_id = "branch_statistics", tag = "networks", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses(
    (status = 200, body = Vec<BranchStatistics>),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/organizations/{id}/branches/statistics")]
pub async fn branch_statistics(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let links = service::branches(&state, &actor, id.into_inner()).await?;
    let mut out = Vec::new();
    for link in links.into_iter().filter(Link::active) {
        let (computed_at, statistics) = statistics::organization(&state.db, link.branch_id).await?;
        out.push(BranchStatistics {
            organization_id: link.branch_id,
            name: link.name,
            computed_at,
            statistics,
        });
    }
    Ok(HttpResponse::Ok().json(out))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateView {
    pub id: Uuid,
    /// The organisation that published it (yours, or your network's head).
    pub organization_id: Uuid,
    pub name: String,
    pub mission: MissionTemplate,
    pub created_at: DateTime<Utc>,
}

fn template_view(t: TemplateRow) -> Result<TemplateView, ServiceError> {
    Ok(TemplateView {
        id: t.id,
        organization_id: t.organization_id,
        name: t.name,
        mission: serde_json::from_value(t.body.0).map_err(ServiceError::internal)?,
        created_at: t.created_at,
    })
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTemplate {
    #[schema(min_length = 2, max_length = 120)]
    pub name: String,
    pub mission: MissionTemplate,
}

/// Publish a mission template (members): what a mission is, for the
/// organisation and its network's branches to copy.
#[utoipa::path(operation_id = "create_mission_template", tag = "networks", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = NewTemplate, responses(
    (status = 201, body = TemplateView),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/organizations/{id}/mission-templates")]
pub async fn create_template(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: Body<NewTemplate>,
) -> Result<HttpResponse, ServiceError> {
    let body = body.parse()?;
    let row = service::publish_template(&state, &actor, id.into_inner(), &body.name, body.mission)
        .await?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(template_view(row)?))
}

/// The templates the organisation may copy: its own and its network
/// head's (members).
#[utoipa::path(operation_id = "list_mission_templates", tag = "networks", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses(
    (status = 200, body = Vec<TemplateView>),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/organizations/{id}/mission-templates")]
pub async fn templates(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let rows = service::templates(&state, &actor, id.into_inner()).await?;
    let views = rows
        .into_iter()
        .map(template_view)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(views))
}

/// Withdraw a template (members of the organisation that published it).
#[utoipa::path(operation_id = "delete_mission_template", tag = "networks", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("template" = Uuid, Path)), responses(
    (status = 204),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[delete("/organizations/{id}/mission-templates/{template}")]
pub async fn delete_template(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ServiceError> {
    let (org, template) = path.into_inner();
    service::delete_template(&state, &actor, org, template).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FromTemplate {
    /// One of the organisation's templates or its network head's.
    pub template_id: Uuid,
    /// Where, when and how many.
    pub details: LocalDetails,
}

/// Make a draft mission of a template, adding its places, dates and
/// capacity (members). It then goes through review like any mission.
#[utoipa::path(operation_id = "create_mission_from_template", tag = "networks", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = FromTemplate, responses(
    (status = 201, body = MissionView),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/organizations/{id}/missions/from-template")]
pub async fn from_template(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: Body<FromTemplate>,
) -> Result<HttpResponse, ServiceError> {
    let body = body.parse()?;
    let access = service::copy_template(
        &state,
        &actor,
        id.into_inner(),
        body.template_id,
        body.details,
    )
    .await?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(MissionView::from(access)))
}
