//! Networks: a head organisation (a national federation) and its local
//! branches, one level deep. A branch's owners ask to join; the head's
//! owners accept, decline or remove; either side may end the link. The
//! head's members see their branches' missions and statistics, and
//! publish mission templates the branches copy into drafts.

use uuid::Uuid;

use super::access::{load_private, members_only, owners_only};
use crate::auth::actor::AccountActor;
use crate::domain::moderation::OrganizationState;
use crate::domain::template::{LocalDetails, MissionTemplate};
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::state::AppState;
use crate::store::networks::{self as store, BranchMission, Link, TemplateRow};
use crate::store::organizations as org_store;

fn conflict(detail: &str) -> ServiceError {
    ServiceError::Conflict {
        code: ProblemCode::NetworkConflict,
        detail: detail.into(),
        extensions: vec![],
    }
}

/// The branch's owners ask to join `head`'s network.
pub async fn request(
    state: &AppState,
    actor: &AccountActor,
    branch: Uuid,
    head: Uuid,
) -> Result<Link, ServiceError> {
    let access = load_private(state, actor, branch).await?;
    owners_only(&access)?;
    if branch == head {
        return Err(ServiceError::field(
            "head_id",
            "invalid",
            "an organisation cannot be its own network",
        ));
    }
    let mut tx = state.db.begin().await?;
    let head_org = org_store::get(tx.h(), head).await?;
    if head_org
        .as_ref()
        .is_none_or(|o| o.state() != OrganizationState::Approved)
    {
        return Err(ServiceError::field(
            "head_id",
            "unknown_value",
            "no approved organisation has this id",
        ));
    }
    if store::of_branch(tx.h(), branch)
        .await?
        .is_some_and(|l| l.active())
    {
        return Err(conflict("already in a network: leave it first"));
    }
    one_level(&mut tx, branch, head).await?;
    store::request(tx.h(), branch, head, state.clock().now()).await?;
    let link = store::of_branch(tx.h(), branch)
        .await?
        .ok_or(ServiceError::NotFound)?;
    tx.commit().await?;
    Ok(link)
}

/// Networks have one level: a branch heads no accepted branch, and its
/// head is no accepted branch. Only accepted links count, so that an
/// unsolicited request cannot turn its target into a head; checked when
/// asking and again when accepting, since either side may have moved.
async fn one_level(
    tx: &mut crate::store::Tx,
    branch: Uuid,
    head: Uuid,
) -> Result<(), ServiceError> {
    if store::has_branches(tx.h(), branch).await? {
        return Err(conflict("a network's head cannot join another network"));
    }
    if store::of_branch(tx.h(), head)
        .await?
        .is_some_and(|l| l.active())
    {
        return Err(conflict(
            "this organisation is itself a branch of a network",
        ));
    }
    Ok(())
}

/// The network the organisation belongs to or asked to join (members).
pub async fn of_branch(
    state: &AppState,
    actor: &AccountActor,
    branch: Uuid,
) -> Result<Option<Link>, ServiceError> {
    load_private(state, actor, branch).await?;
    let mut conn = state.db.acquire().await?;
    Ok(store::of_branch(conn.h(), branch).await?)
}

/// The branch's owners leave the network (or withdraw their request).
pub async fn leave(
    state: &AppState,
    actor: &AccountActor,
    branch: Uuid,
) -> Result<(), ServiceError> {
    let access = load_private(state, actor, branch).await?;
    owners_only(&access)?;
    let mut conn = state.db.acquire().await?;
    if !store::remove(conn.h(), branch).await? {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

/// The head's members: its branches, requested and active.
pub async fn branches(
    state: &AppState,
    actor: &AccountActor,
    head: Uuid,
) -> Result<Vec<Link>, ServiceError> {
    let access = load_private(state, actor, head).await?;
    members_only(access.relation)?;
    let mut conn = state.db.acquire().await?;
    Ok(store::branches_of(conn.h(), head).await?)
}

async fn head_link(
    state: &AppState,
    actor: &AccountActor,
    head: Uuid,
    branch: Uuid,
) -> Result<Link, ServiceError> {
    let access = load_private(state, actor, head).await?;
    owners_only(&access)?;
    let mut conn = state.db.acquire().await?;
    store::of_branch(conn.h(), branch)
        .await?
        .filter(|l| l.head_id == head)
        .ok_or(ServiceError::NotFound)
}

/// The head's owners accept a branch's request.
pub async fn accept(
    state: &AppState,
    actor: &AccountActor,
    head: Uuid,
    branch: Uuid,
) -> Result<(), ServiceError> {
    let link = head_link(state, actor, head, branch).await?;
    if link.active() {
        return Ok(());
    }
    let mut tx = state.db.begin().await?;
    one_level(&mut tx, branch, head).await?;
    if !store::accept(tx.h(), head, branch, state.clock().now()).await? {
        return Err(ServiceError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// The head's owners decline a request or remove a branch.
pub async fn remove(
    state: &AppState,
    actor: &AccountActor,
    head: Uuid,
    branch: Uuid,
) -> Result<(), ServiceError> {
    head_link(state, actor, head, branch).await?;
    let mut conn = state.db.acquire().await?;
    store::remove(conn.h(), branch).await?;
    Ok(())
}

/// The missions of the head's active branches (the head's members).
pub async fn branch_missions(
    state: &AppState,
    actor: &AccountActor,
    head: Uuid,
    before: Option<Uuid>,
    limit: i64,
) -> Result<Vec<BranchMission>, ServiceError> {
    let access = load_private(state, actor, head).await?;
    members_only(access.relation)?;
    let mut conn = state.db.acquire().await?;
    Ok(store::branch_missions(conn.h(), head, before, limit).await?)
}

/// Whether the caller, a member of its active head, may see this
/// branch's statistics.
pub async fn heads(
    state: &AppState,
    actor: &AccountActor,
    branch: Uuid,
) -> Result<bool, ServiceError> {
    let mut conn = state.db.acquire().await?;
    Ok(store::heads_branch(conn.h(), actor.id, branch).await?)
}

/// The head's members publish a template.
pub async fn publish_template(
    state: &AppState,
    actor: &AccountActor,
    org: Uuid,
    name: &str,
    template: MissionTemplate,
) -> Result<TemplateRow, ServiceError> {
    let access = load_private(state, actor, org).await?;
    members_only(access.relation)?;
    let name = crate::domain::validation::one_line(name, 2, 120)
        .map_err(|e| ServiceError::field("name", e.code, &e.message))?;
    template.validate(state.clock().today()).map_err(|errors| {
        ServiceError::Validation(
            errors
                .into_iter()
                .map(|e| {
                    crate::domain::validation::FieldError::new(
                        format!("mission.{}", e.field),
                        &e.code,
                        e.message,
                    )
                })
                .collect(),
        )
    })?;
    let id = Uuid::now_v7();
    let body = serde_json::to_value(&template).map_err(ServiceError::internal)?;
    let mut conn = state.db.acquire().await?;
    store::insert_template(conn.h(), id, org, &name, &body, state.clock().now()).await?;
    store::template(conn.h(), id)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The templates an organisation's members may use: its own and its
/// active head's.
pub async fn templates(
    state: &AppState,
    actor: &AccountActor,
    org: Uuid,
) -> Result<Vec<TemplateRow>, ServiceError> {
    let access = load_private(state, actor, org).await?;
    members_only(access.relation)?;
    let mut conn = state.db.acquire().await?;
    let sources = template_sources(conn.h(), org).await?;
    Ok(store::templates_of(conn.h(), &sources).await?)
}

/// The organisations whose templates `org` may use: itself, and the head
/// of its network once the link is active.
async fn template_sources(
    h: crate::store::Handle<'_>,
    org: Uuid,
) -> Result<Vec<Uuid>, ServiceError> {
    let mut sources = vec![org];
    if let Some(link) = store::of_branch(h, org).await?.filter(Link::active) {
        sources.push(link.head_id);
    }
    Ok(sources)
}

pub async fn delete_template(
    state: &AppState,
    actor: &AccountActor,
    org: Uuid,
    id: Uuid,
) -> Result<(), ServiceError> {
    let access = load_private(state, actor, org).await?;
    members_only(access.relation)?;
    let mut conn = state.db.acquire().await?;
    if !store::delete_template(conn.h(), org, id).await? {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

/// The mission a branch makes of a template it may use, as a draft of
/// its own, through the same path as any new mission.
pub async fn copy_template(
    state: &AppState,
    actor: &AccountActor,
    org: Uuid,
    template: Uuid,
    local: LocalDetails,
) -> Result<crate::services::missions::MissionAccess, ServiceError> {
    let access = load_private(state, actor, org).await?;
    members_only(access.relation)?;
    let mut conn = state.db.acquire().await?;
    let sources = template_sources(conn.h(), org).await?;
    let row = store::template(conn.h(), template)
        .await?
        .filter(|t| sources.contains(&t.organization_id))
        .ok_or_else(|| {
            ServiceError::field(
                "template_id",
                "unknown_value",
                "no template of yours or of your network has this id",
            )
        })?;
    let template: MissionTemplate =
        serde_json::from_value(row.body.0).map_err(ServiceError::internal)?;
    let fields = template
        .with(local)
        .validate()
        .map_err(ServiceError::Validation)?;
    drop(conn);
    crate::services::missions::create(
        state,
        crate::auth::actor::Acting::Account(actor),
        access,
        fields,
        None,
    )
    .await
}
