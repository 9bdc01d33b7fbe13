//! The history of state changes, written with each change.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::on_handle;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Organization(Uuid),
    Mission(Uuid),
    Participation(Uuid),
}

impl Subject {
    fn parts(self) -> (&'static str, Uuid) {
        match self {
            Subject::Organization(id) => ("organization", id),
            Subject::Mission(id) => ("mission", id),
            Subject::Participation(id) => ("participation", id),
        }
    }
}

/// One state change.
pub struct Change<'a> {
    pub subject: Subject,
    pub actor: Option<Uuid>,
    /// `owner`, `manager`, `referent`, `admin`, `volunteer`, `system`.
    pub actor_role: &'a str,
    pub from: Option<&'a str>,
    pub to: &'a str,
    pub reason: Option<&'a str>,
    pub at: DateTime<Utc>,
}

pub async fn record(h: Handle<'_>, change: Change<'_>) -> Result<(), StoreError> {
    let (kind, id) = change.subject.parts();
    on_handle!(h, c => sqlx::query(
        "INSERT INTO state_history (id, subject_kind, subject_id, actor_id, actor_role, from_state, to_state, reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(Uuid::now_v7())
    .bind(kind)
    .bind(id)
    .bind(change.actor)
    .bind(change.actor_role)
    .bind(change.from)
    .bind(change.to)
    .bind(change.reason)
    .bind(change.at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HistoryRow {
    pub actor_role: String,
    pub actor_first_name: Option<String>,
    pub actor_last_name: Option<String>,
    pub from_state: Option<String>,
    pub to_state: String,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A subject's history, oldest first, with the actor's current display
/// name (an erased account shows its tombstone name).
pub async fn of(h: Handle<'_>, subject: Subject) -> Result<Vec<HistoryRow>, StoreError> {
    let (kind, id) = subject.parts();
    Ok(on_handle!(h, c => sqlx::query_as::<_, HistoryRow>(
        "SELECT h.actor_role, a.first_name AS actor_first_name, a.last_name AS actor_last_name,
                h.from_state, h.to_state, h.reason, h.created_at
         FROM state_history h LEFT JOIN accounts a ON a.id = h.actor_id
         WHERE h.subject_kind = $1 AND h.subject_id = $2 ORDER BY h.id",
    )
    .bind(kind)
    .bind(id)
    .fetch_all(c)
    .await)?)
}
