//! Networks (a head organisation and its branches) and mission templates.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::types::Json;
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::domain::moderation::MissionState;
use crate::domain::organization::NetworkLinkState;
use crate::on_handle;

/// A branch's link to its head.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Link {
    pub branch_id: Uuid,
    pub head_id: Uuid,
    #[sqlx(try_from = "String")]
    pub state: NetworkLinkState,
    pub requested_at: DateTime<Utc>,
    pub joined_at: Option<DateTime<Utc>>,
    /// The other organisation's name (the head's for a branch, the
    /// branch's for a head).
    pub name: String,
    pub department: String,
}

impl Link {
    pub fn active(&self) -> bool {
        self.state == NetworkLinkState::Active
    }
}

/// The link of `branch`, with its head's name.
pub async fn of_branch(h: Handle<'_>, branch: Uuid) -> Result<Option<Link>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, Link>(
        "SELECT n.branch_id, n.head_id, n.state, n.requested_at, n.joined_at, o.name, o.department
         FROM network_branches n JOIN organizations o ON o.id = n.head_id WHERE n.branch_id = $1",
    )
    .bind(branch)
    .fetch_optional(c)
    .await)?)
}

/// The branches of `head` (requested and active), with their names.
pub async fn branches_of(h: Handle<'_>, head: Uuid) -> Result<Vec<Link>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, Link>(
        "SELECT n.branch_id, n.head_id, n.state, n.requested_at, n.joined_at, o.name, o.department
         FROM network_branches n JOIN organizations o ON o.id = n.branch_id
         WHERE n.head_id = $1 ORDER BY o.name, n.branch_id",
    )
    .bind(head)
    .fetch_all(c)
    .await)?)
}

/// Whether `org` heads an accepted branch. A request nobody accepted
/// makes no head: anyone may ask to join anyone.
pub async fn has_branches(h: Handle<'_>, org: Uuid) -> Result<bool, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_scalar::<_, bool>(
        "SELECT EXISTS (SELECT 1 FROM network_branches WHERE head_id = $1 AND state = 'active')",
    )
    .bind(org)
    .fetch_one(c)
    .await)?)
}

/// Asks to join `head` (replacing a request not yet accepted).
pub async fn request(
    h: Handle<'_>,
    branch: Uuid,
    head: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "INSERT INTO network_branches (branch_id, head_id, state, requested_at) VALUES ($1, $2, 'requested', $3)
         ON CONFLICT (branch_id) DO UPDATE SET head_id = excluded.head_id, requested_at = excluded.requested_at
         WHERE network_branches.state = 'requested'",
    )
    .bind(branch)
    .bind(head)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Accepts a requested branch; false when there is no such request.
pub async fn accept(
    h: Handle<'_>,
    head: Uuid,
    branch: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query(
        "UPDATE network_branches SET state = 'active', joined_at = $3
         WHERE head_id = $1 AND branch_id = $2 AND state = 'requested'",
    )
    .bind(head)
    .bind(branch)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Ends a branch's link (left, removed or declined); false when none.
pub async fn remove(h: Handle<'_>, branch: Uuid) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query("DELETE FROM network_branches WHERE branch_id = $1")
        .bind(branch)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Whether `account` is a member of the active head of `branch`.
pub async fn heads_branch(h: Handle<'_>, account: Uuid, branch: Uuid) -> Result<bool, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_scalar::<_, bool>(
        "SELECT EXISTS (SELECT 1 FROM network_branches n
                        JOIN organization_members m ON m.organization_id = n.head_id
                        WHERE n.branch_id = $1 AND n.state = 'active' AND m.account_id = $2)",
    )
    .bind(branch)
    .bind(account)
    .fetch_one(c)
    .await)?)
}

/// A branch's mission, as its head sees it in a list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BranchMission {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub organization_name: String,
    pub title: String,
    #[sqlx(try_from = "String")]
    pub state: MissionState,
    pub department: String,
    pub capacity: i32,
    pub places_taken: i32,
    pub start_date: Option<chrono::NaiveDate>,
    pub updated_at: DateTime<Utc>,
}

/// The missions of `head`'s active branches, newest first, before `before`.
pub async fn branch_missions(
    h: Handle<'_>,
    head: Uuid,
    before: Option<Uuid>,
    limit: i64,
) -> Result<Vec<BranchMission>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, BranchMission>(
        "SELECT m.id, m.organization_id, o.name AS organization_name, m.title, m.state, m.department,
                m.capacity, m.places_taken, m.start_date, m.updated_at
         FROM network_branches n JOIN missions m ON m.organization_id = n.branch_id
         JOIN organizations o ON o.id = n.branch_id
         WHERE n.head_id = $1 AND n.state = 'active' AND ($2 IS NULL OR m.id < $2)
         ORDER BY m.id DESC LIMIT $3",
    )
    .bind(head)
    .bind(before)
    .bind(limit)
    .fetch_all(c)
    .await)?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TemplateRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    pub body: Json<Value>,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_template(
    h: Handle<'_>,
    id: Uuid,
    org: Uuid,
    name: &str,
    body: &Value,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "INSERT INTO mission_templates (id, organization_id, name, body, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(org)
    .bind(name)
    .bind(Json(body))
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn template(h: Handle<'_>, id: Uuid) -> Result<Option<TemplateRow>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, TemplateRow>(
        "SELECT id, organization_id, name, body, created_at FROM mission_templates WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(c)
    .await)?)
}

/// The templates of these organisations, newest first.
pub async fn templates_of(h: Handle<'_>, orgs: &[Uuid]) -> Result<Vec<TemplateRow>, StoreError> {
    if orgs.is_empty() {
        return Ok(Vec::new());
    }
    Ok(on_handle!(h, c => {
        let mut q = sqlx::QueryBuilder::new(
            "SELECT id, organization_id, name, body, created_at FROM mission_templates WHERE organization_id IN (",
        );
        let mut list = q.separated(", ");
        for org in orgs {
            list.push_bind(*org);
        }
        list.push_unseparated(") ORDER BY id DESC LIMIT 500");
        q.build_query_as::<TemplateRow>().fetch_all(c).await
    })?)
}

pub async fn delete_template(h: Handle<'_>, org: Uuid, id: Uuid) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query("DELETE FROM mission_templates WHERE id = $1 AND organization_id = $2")
        .bind(id)
        .bind(org)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}
