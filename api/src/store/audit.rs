//! The audit trail: what staff and partners did that is not a state
//! change (keys, webhook endpoints, exports), for the organisation's (or
//! the department's) history.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::types::Json;
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::on_handle;

pub struct Event<'a> {
    pub organization_id: Option<Uuid>,
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
        "INSERT INTO audit_events (id, organization_id, department, actor_id, actor_role, action, detail, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(Uuid::now_v7())
    .bind(e.organization_id)
    .bind(e.department)
    .bind(e.actor_id)
    .bind(e.actor_role)
    .bind(e.action)
    .bind(Json(&e.detail))
    .bind(e.at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
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
    Ok(on_handle!(h, c => sqlx::query_as::<_, EventRow>(
        "SELECT e.actor_role, a.first_name AS actor_first_name, a.last_name AS actor_last_name,
                e.action, e.detail, e.created_at
         FROM audit_events e LEFT JOIN accounts a ON a.id = e.actor_id
         WHERE e.organization_id = $1 ORDER BY e.id DESC LIMIT $2",
    )
    .bind(org)
    .bind(limit)
    .fetch_all(c)
    .await)?)
}
