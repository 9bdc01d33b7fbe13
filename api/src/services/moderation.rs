//! The referents' and administrators' review queues: who sees which
//! departments, and what is waiting there.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::access::{relation_of, relation_to, OrgAccess};
use crate::auth::actor::AccountActor;
use crate::domain::moderation::Relation;
use crate::domain::place::Address;
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::state::AppState;
use crate::store::missions::{self as mission_store, MissionRow};
use crate::store::organizations as organization_store;

/// The departments whose queues the caller sees: all for admins (`None`),
/// their own for referents; anyone else is refused.
pub fn scope(actor: &AccountActor) -> Result<Option<Vec<String>>, ServiceError> {
    if actor.admin {
        Ok(None)
    } else if !actor.referent_departments.is_empty() {
        Ok(Some(actor.referent_departments.clone()))
    } else {
        Err(ServiceError::Forbidden {
            code: ProblemCode::ModeratorsOnly,
            detail: "only referents and administrators moderate".into(),
        })
    }
}

/// Organisations waiting for review in `departments`, oldest first, with
/// the caller's relation to each.
pub async fn organizations(
    state: &AppState,
    actor: &AccountActor,
    departments: Option<&[String]>,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<Vec<OrgAccess>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    let rows = organization_store::review_queue(conn.h(), departments, after, limit).await?;
    let mut items = Vec::with_capacity(rows.len());
    for org in rows {
        items.push(relation_to(conn.h(), Some(actor), org).await?);
    }
    Ok(items)
}

/// Missions waiting for review in `departments`, oldest first, with their
/// addresses and the caller's relation to each (as a moderator: a mission
/// is moderated in its own department).
pub async fn missions(
    state: &AppState,
    actor: &AccountActor,
    departments: Option<&[String]>,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<Vec<(MissionRow, Vec<Address>, Relation)>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    let rows = mission_store::review_queue(conn.h(), departments, after, limit).await?;
    let ids: Vec<Uuid> = rows.iter().map(|m| m.id).collect();
    let mut addresses = mission_store::addresses_of(conn.h(), &ids).await?;
    Ok(rows
        .into_iter()
        .map(|m| {
            let relation = relation_of(Some(actor), None, &m.department);
            let a = addresses.remove(&m.id).unwrap_or_default();
            (m, a, relation)
        })
        .collect())
}
