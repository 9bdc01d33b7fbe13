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
    shift: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query(
        "INSERT INTO waiting_list (id, mission_id, account_id, motivation, parental_consent_at, joined_at, shift_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (mission_id, account_id) DO NOTHING",
    )
    .bind(Uuid::now_v7())
    .bind(mission)
    .bind(account)
    .bind(motivation)
    .bind(parental_consent_at)
    .bind(now)
    .bind(shift)
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

/// Whose turn it is on a mission's line, or on one shift's.
const SAME_LINE: &str = "mission_id = $1 AND (shift_id = $2 OR (shift_id IS NULL AND $2 IS NULL))";

/// Takes the first in line off the list (of the mission, or of one of its
/// shifts), in the caller's transaction. On PostgreSQL the row is locked,
/// skipping any another transaction holds, so that two places freed at
/// once go to two different people.
pub async fn take_first(
    h: Handle<'_>,
    mission: Uuid,
    shift: Option<Uuid>,
) -> Result<Option<Entry>, StoreError> {
    let entry = match h {
        Handle::Postgres(c) => {
            sqlx::query_as::<_, Entry>(&format!(
                "DELETE FROM waiting_list WHERE id = (
                     SELECT id FROM waiting_list WHERE {SAME_LINE} ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
                 RETURNING id, account_id, motivation, parental_consent_at"
            ))
            .bind(mission)
            .bind(shift)
            .fetch_optional(c)
            .await?
        }
        Handle::Sqlite(c) => {
            sqlx::query_as::<_, Entry>(&format!(
                "DELETE FROM waiting_list WHERE id = (
                     SELECT id FROM waiting_list WHERE {SAME_LINE} ORDER BY id LIMIT 1)
                 RETURNING id, account_id, motivation, parental_consent_at"
            ))
            .bind(mission)
            .bind(shift)
            .fetch_optional(c)
            .await?
        }
    };
    Ok(entry)
}

/// A place in line.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Waiting {
    pub mission_id: Uuid,
    pub mission_title: String,
    /// The shift waited for, on a mission with shifts.
    pub shift_id: Option<Uuid>,
    /// 1 for the first in line.
    pub position: i64,
    pub joined_at: DateTime<Utc>,
}

/// The account's places in line.
pub async fn of_account(h: Handle<'_>, account: Uuid) -> Result<Vec<Waiting>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, Waiting>(
        "SELECT w.mission_id, m.title AS mission_title, w.shift_id,
                (SELECT COUNT(*) FROM waiting_list o WHERE o.mission_id = w.mission_id AND o.id <= w.id
                   AND (o.shift_id = w.shift_id OR (o.shift_id IS NULL AND w.shift_id IS NULL))) AS position,
                w.joined_at
         FROM waiting_list w JOIN missions m ON m.id = w.mission_id
         WHERE w.account_id = $1 ORDER BY w.id",
    )
    .bind(account)
    .fetch_all(c)
    .await)?)
}

/// Takes everyone off a cancelled shift's line; returns their address
/// and first name, to tell them.
pub async fn drop_shift(h: Handle<'_>, shift: Uuid) -> Result<Vec<(String, String)>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, (String, String)>(
        "DELETE FROM waiting_list WHERE shift_id = $1
         RETURNING (SELECT email FROM accounts a WHERE a.id = account_id),
                   (SELECT first_name FROM accounts a WHERE a.id = account_id)",
    )
    .bind(shift)
    .fetch_all(c)
    .await)?)
}
