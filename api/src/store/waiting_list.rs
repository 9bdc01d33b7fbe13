//! Waiting lists of full missions, in order of arrival.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::on_handle;

/// Joins the list; false when already on it.
pub async fn join(
    h: Handle<'_>,
    mission: Uuid,
    account: Uuid,
    motivation: Option<&str>,
    parental_consent_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query(
        "INSERT INTO waiting_list (id, mission_id, account_id, motivation, parental_consent_at, joined_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (mission_id, account_id) DO NOTHING",
    )
    .bind(Uuid::now_v7())
    .bind(mission)
    .bind(account)
    .bind(motivation)
    .bind(parental_consent_at)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn leave(h: Handle<'_>, mission: Uuid, account: Uuid) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query("DELETE FROM waiting_list WHERE mission_id = $1 AND account_id = $2")
        .bind(mission)
        .bind(account)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn leave_all(h: Handle<'_>, account: Uuid) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query("DELETE FROM waiting_list WHERE account_id = $1")
        .bind(account)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Entry {
    pub id: Uuid,
    pub account_id: Uuid,
    pub motivation: Option<String>,
    pub parental_consent_at: Option<DateTime<Utc>>,
}

/// Takes the first in line off the list, in the caller's transaction. On
/// PostgreSQL the row is locked, skipping any another transaction holds,
/// so that two places freed at once go to two different people.
pub async fn take_first(h: Handle<'_>, mission: Uuid) -> Result<Option<Entry>, StoreError> {
    let entry = match h {
        Handle::Postgres(c) => {
            sqlx::query_as::<_, Entry>(
                "DELETE FROM waiting_list WHERE id = (
                     SELECT id FROM waiting_list WHERE mission_id = $1 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
                 RETURNING id, account_id, motivation, parental_consent_at",
            )
            .bind(mission)
            .fetch_optional(c)
            .await?
        }
        Handle::Sqlite(c) => {
            sqlx::query_as::<_, Entry>(
                "DELETE FROM waiting_list WHERE id = (
                     SELECT id FROM waiting_list WHERE mission_id = $1 ORDER BY id LIMIT 1)
                 RETURNING id, account_id, motivation, parental_consent_at",
            )
            .bind(mission)
            .fetch_optional(c)
            .await?
        }
    };
    Ok(entry)
}

/// The account's places in line: (mission, title, position, joined).
pub async fn of_account(
    h: Handle<'_>,
    account: Uuid,
) -> Result<Vec<(Uuid, String, i64, DateTime<Utc>)>, StoreError> {
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, (Uuid, String, i64, DateTime<Utc>)>(
        "SELECT w.mission_id, m.title,
                (SELECT COUNT(*) FROM waiting_list o WHERE o.mission_id = w.mission_id AND o.id <= w.id) AS position,
                w.joined_at
         FROM waiting_list w JOIN missions m ON m.id = w.mission_id
         WHERE w.account_id = $1 ORDER BY w.id",
    )
    .bind(account)
    .fetch_all(c)
    .await)?,
    )
}
