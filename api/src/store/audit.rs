//! The audit trail: what staff, partners and members did that is not a
//! state change of a mission or a participation (keys, webhook endpoints,
//! exports, suspensions, referent grants, memberships, service-mode
//! overrides, erasures), for the organisation's members and for admins.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::types::Json;
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::on_handle;

pub struct Event<'a> {
    pub organization_id: Option<Uuid>,
    /// The account the action was done to, if any.
    pub subject_account_id: Option<Uuid>,
    pub department: Option<&'a str>,
    pub actor_id: Option<Uuid>,
    /// `owner`, `manager`, `referent`, `admin`, `api_key`, `system`.
    pub actor_role: &'a str,
    /// `api_key.created`, `webhook_endpoint.disabled`, `export.participations`…
    pub action: &'a str,
    pub detail: Value,
    pub at: DateTime<Utc>,
}

pub async fn record(h: Handle<'_>, e: Event<'_>) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "INSERT INTO audit_events (id, organization_id, department, actor_id, actor_role, action, detail, created_at, subject_account_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(Uuid::now_v7())
    .bind(e.organization_id)
    .bind(e.department)
    .bind(e.actor_id)
    .bind(e.actor_role)
    .bind(e.action)
    .bind(Json(&e.detail))
    .bind(e.at)
    .bind(e.subject_account_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub id: Uuid,
    pub organization_id: Option<Uuid>,
    pub department: Option<String>,
    pub subject_account_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    pub actor_role: String,
    pub actor_first_name: Option<String>,
    pub actor_last_name: Option<String>,
    pub action: String,
    pub detail: Json<Value>,
    pub created_at: DateTime<Utc>,
}

/// An organisation's audit trail, newest first.
pub async fn of_organization(
    h: Handle<'_>,
    org: Uuid,
    limit: i64,
) -> Result<Vec<EventRow>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, EventRow>(&format!(
        "SELECT {COLUMNS} FROM audit_events e LEFT JOIN accounts a ON a.id = e.actor_id
         WHERE e.organization_id = $1 ORDER BY e.id DESC LIMIT $2"
    ))
    .bind(org)
    .bind(limit)
    .fetch_all(c)
    .await)?)
}

const COLUMNS: &str = "e.id, e.organization_id, e.department, e.subject_account_id, e.actor_id,
    e.actor_role, a.first_name AS actor_first_name, a.last_name AS actor_last_name,
    e.action, e.detail, e.created_at";

/// What an administrator narrows the whole trail to; each is optional.
#[derive(Debug, Default)]
pub struct Filter<'a> {
    pub organization: Option<Uuid>,
    /// The account acted upon.
    pub account: Option<Uuid>,
    /// Who acted.
    pub actor: Option<Uuid>,
    /// An action (`account.suspended`) or a family of them
    /// (`account.`, `member.`).
    pub action: Option<&'a str>,
    pub department: Option<&'a str>,
}

/// A page of the whole trail, newest first, after `before`.
pub async fn list(
    h: Handle<'_>,
    filter: &Filter<'_>,
    before: Option<Uuid>,
    limit: i64,
) -> Result<Vec<EventRow>, StoreError> {
    // A family is a prefix; `_` and `%` in it are literal.
    let action = filter.action.map(|a| {
        let escaped = a
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        if a.ends_with('.') {
            format!("{escaped}%")
        } else {
            escaped
        }
    });
    Ok(on_handle!(h, c => sqlx::query_as::<_, EventRow>(&format!(
        "SELECT {COLUMNS} FROM audit_events e LEFT JOIN accounts a ON a.id = e.actor_id
         WHERE ($1 IS NULL OR e.organization_id = $1)
           AND ($2 IS NULL OR e.subject_account_id = $2)
           AND ($3 IS NULL OR e.actor_id = $3)
           AND ($4 IS NULL OR e.action LIKE $4 ESCAPE '\\')
           AND ($5 IS NULL OR e.department = $5)
           AND ($6 IS NULL OR e.id < $6)
         ORDER BY e.id DESC LIMIT $7"
    ))
    .bind(filter.organization)
    .bind(filter.account)
    .bind(filter.actor)
    .bind(action)
    .bind(filter.department)
    .bind(before)
    .bind(limit)
    .fetch_all(c)
    .await)?)
}
