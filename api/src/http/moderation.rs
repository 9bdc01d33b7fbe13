//! `/v1/moderation`: what waits for a referent's decision, oldest first.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::actor::Authenticated;
use super::pagination::{Page, PageQuery};
use super::problem::Problem;
use super::views::{private_view, MissionView, OrganizationView};
use crate::auth::actor::AccountActor;
use crate::domain::moderation::Relation;
use crate::error::ServiceError;
use crate::services::access::relation_to;
use crate::state::AppState;
use crate::store::{missions as mission_store, organizations as organization_store};

/// The departments whose queue the caller sees: all for admins, their own
/// for referents; anyone else is refused.
fn scope(actor: &AccountActor) -> Result<Option<Vec<String>>, ServiceError> {
    if actor.admin {
        Ok(None)
    } else if !actor.referent_departments.is_empty() {
        Ok(Some(actor.referent_departments.clone()))
    } else {
        Err(ServiceError::Forbidden {
            code: "moderators_only",
            detail: "only referents and administrators moderate".into(),
        })
    }
}

/// Parsed after the role check: a stranger learns nothing of the query.
fn page_query(req: &HttpRequest) -> Result<PageQuery, ServiceError> {
    super::parse_query(req)
}

/// Organisations waiting for review in the caller's departments.
#[utoipa::path(tag = "moderation", security(("bearer" = [])), params(PageQuery), responses(
    (status = 200, body = Page<OrganizationView>),
    (status = 403, body = Problem, content_type = "application/problem+json"),
))]
#[get("/moderation/organizations")]
pub async fn organizations(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    req: HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    let departments = scope(&actor)?;
    let query = page_query(&req)?;
    let limit = query.limit()?;
    let after: Option<(DateTime<Utc>, Uuid)> = query.cursor()?;
    let mut conn = state.db.acquire().await?;
    let rows = organization_store::review_queue(conn.h(), departments.as_deref(), after, limit + 1)
        .await?;
    let more = rows.len() as i64 > limit;
    let mut items = Vec::new();
    for org in rows.into_iter().take(limit as usize) {
        items.push(OrganizationView::from(
            relation_to(conn.h(), Some(&actor), org).await?,
        ));
    }
    let next_cursor = more
        .then(|| {
            items.last().map(|o: &OrganizationView| {
                super::pagination::encode_cursor(&(o.submitted_at, o.id))
            })
        })
        .flatten();
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}

/// Missions waiting for review in the caller's departments.
#[utoipa::path(tag = "moderation", security(("bearer" = [])), params(PageQuery), responses(
    (status = 200, body = Page<MissionView>),
    (status = 403, body = Problem, content_type = "application/problem+json"),
))]
#[get("/moderation/missions")]
pub async fn missions(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    req: HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    let departments = scope(&actor)?;
    let query = page_query(&req)?;
    let limit = query.limit()?;
    let after: Option<(DateTime<Utc>, Uuid)> = query.cursor()?;
    let mut conn = state.db.acquire().await?;
    let rows =
        mission_store::review_queue(conn.h(), departments.as_deref(), after, limit + 1).await?;
    let ids: Vec<Uuid> = rows.iter().map(|m| m.id).collect();
    let mut addresses = mission_store::addresses_of(conn.h(), &ids).await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(
        rows,
        limit,
        |m| (m.submitted_at, m.id),
        |m| {
            let relation = Relation {
                referent: actor.referent_departments.contains(&m.department),
                admin: actor.admin,
                ..Relation::default()
            };
            let allowed = m.state().allowed_targets(relation);
            let a = addresses.remove(&m.id).unwrap_or_default();
            private_view(m, a, allowed)
        },
    )))
}
