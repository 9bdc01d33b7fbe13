//! The reminder scheduler's storage: reminders are outbox jobs keyed by
//! what they remind of, and a record of those that ran.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::types::Json;
use uuid::Uuid;

use super::{Handle, StoreError, Tx};
use crate::{on_handle, on_tx};

pub const JOB_KIND: &str = "reminder";

/// Schedules the reminder `key` at `at`; a waiting one with the same key
/// moves to `at` instead (re-scheduling is idempotent).
pub async fn schedule(
    tx: &mut Tx,
    key: &str,
    payload: &Value,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let now = tx.now();
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO outbox_jobs (id, kind, payload, priority, state, run_after, attempts, created_at, updated_at, coalesce_key)
         VALUES ($1, $2, $3, 0, 'pending', $4, 0, $5, $5, $6)
         ON CONFLICT (coalesce_key) WHERE state = 'pending'
         DO UPDATE SET run_after = excluded.run_after, payload = excluded.payload, updated_at = excluded.updated_at",
    )
    .bind(Uuid::now_v7())
    .bind(JOB_KIND)
    .bind(Json(payload))
    .bind(at)
    .bind(now)
    .bind(key)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Cancels the waiting reminder `key`, if any.
pub async fn cancel(h: Handle<'_>, key: &str) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query(
        "DELETE FROM outbox_jobs WHERE coalesce_key = $1 AND state = 'pending' AND kind = 'reminder'",
    )
    .bind(key)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Records that the reminder `key` runs now; false when it already ran.
pub async fn claim_once(h: Handle<'_>, key: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query(
        "INSERT INTO reminders_sent (key, sent_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// A line of a volunteer's favourites digest: a favourite mission still
/// open, not applied to, that closes soon or got new shifts.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FavouriteNews {
    pub account_id: Uuid,
    pub email: String,
    pub first_name: String,
    pub title: String,
    /// Set when it closes within the window.
    pub end_date: Option<chrono::NaiveDate>,
    /// Shifts added since the last digest, still to come.
    pub new_shifts: i64,
}

/// Favourite missions still open and not applied to, whose end date falls
/// in `[from, until]` or that got shifts after `since`, by volunteer.
///
/// Only volunteers of `readers.0`'s departments, and those without one
/// when `readers.1`.
pub async fn favourite_news(
    h: Handle<'_>,
    from: chrono::NaiveDate,
    until: chrono::NaiveDate,
    since: chrono::DateTime<chrono::Utc>,
    readers: (Vec<String>, bool),
) -> Result<Vec<FavouriteNews>, StoreError> {
    let sql = format!(
        "SELECT account_id, email, first_name, title, closes AS end_date, new_shifts FROM (
           SELECT a.id AS account_id, a.email, a.first_name, m.title,
                  CASE WHEN m.end_date BETWEEN $1 AND $2 THEN m.end_date END AS closes,
                  (SELECT COUNT(*) FROM shifts s WHERE s.mission_id = m.id AND s.cancelled_at IS NULL
                     AND s.created_at > $3 AND s.day >= $1) AS new_shifts
           FROM favourites f JOIN accounts a ON a.id = f.account_id JOIN missions m ON m.id = f.mission_id
           JOIN organizations o ON o.id = m.organization_id
           WHERE a.state = 'active' AND m.state = 'published' AND o.state = 'approved' AND m.registration_open
             AND (a.department IN ({}) OR ($5 AND a.department IS NULL))
             AND NOT EXISTS (SELECT 1 FROM participations p WHERE p.mission_id = m.id AND p.volunteer_id = a.id)
         ) news
         WHERE closes IS NOT NULL OR new_shifts > 0
         ORDER BY account_id, closes IS NULL, closes, title",
        h.json_strings("$4")
    );
    let (departments, unplaced) = readers;
    Ok(on_handle!(h, c => sqlx::query_as::<_, FavouriteNews>(&sql)
    .bind(from)
    .bind(until)
    .bind(since)
    .bind(Json(&departments))
    .bind(unplaced)
    .fetch_all(c)
    .await)?)
}

/// A referent's digest: who, and what waits in their departments.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReferentQueue {
    pub account_id: Uuid,
    pub email: String,
    pub first_name: String,
    pub organizations: i64,
    pub missions: i64,
}

/// Referents with something waiting in their departments' queues: email,
/// first name, organisations and missions waiting. Only those whose first
/// department is one of `departments` (a referent of departments in two
/// zones reads the digest of the first's).
pub async fn referents_with_queue(
    h: Handle<'_>,
    departments: &[String],
) -> Result<Vec<ReferentQueue>, StoreError> {
    let sql = format!(
        "SELECT a.id AS account_id, a.email, a.first_name,
                (SELECT COUNT(*) FROM organizations o WHERE o.state = 'pending_review'
                   AND o.department IN (SELECT department FROM referent_departments WHERE account_id = a.id)) AS organizations,
                (SELECT COUNT(*) FROM missions m WHERE m.state = 'pending_review'
                   AND m.department IN (SELECT department FROM referent_departments WHERE account_id = a.id)) AS missions
         FROM accounts a WHERE a.state = 'active'
           AND (SELECT MIN(r.department) FROM referent_departments r WHERE r.account_id = a.id) IN ({})
         ORDER BY a.email",
        h.json_strings("$1")
    );
    Ok(on_handle!(h, c => sqlx::query_as::<_, ReferentQueue>(&sql)
    .bind(Json(departments))
    .fetch_all(c)
    .await)?
    .into_iter()
    .filter(|q| q.organizations + q.missions > 0)
    .collect())
}
