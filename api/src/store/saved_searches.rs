//! Saved searches, and the readers their daily alerts go to.

use chrono::{DateTime, Utc};
use sqlx::types::Json;
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::domain::saved_search::Criteria;
use crate::on_handle;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SavedSearch {
    pub id: Uuid,
    pub criteria: Json<Criteria>,
    pub created_at: DateTime<Utc>,
    /// Missions published up to this instant were considered.
    pub notified_until: DateTime<Utc>,
}

pub async fn insert(
    h: Handle<'_>,
    id: Uuid,
    account: Uuid,
    criteria: &Criteria,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "INSERT INTO saved_searches (id, account_id, criteria, created_at, notified_until)
         VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(id)
    .bind(account)
    .bind(Json(criteria))
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The account's searches, oldest first.
pub async fn of_account(h: Handle<'_>, account: Uuid) -> Result<Vec<SavedSearch>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, SavedSearch>(
        "SELECT id, criteria, created_at, notified_until FROM saved_searches
         WHERE account_id = $1 ORDER BY created_at, id",
    )
    .bind(account)
    .fetch_all(c)
    .await)?)
}

/// Deletes one of the account's searches; false when it has no such one.
pub async fn delete(h: Handle<'_>, account: Uuid, id: Uuid) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query("DELETE FROM saved_searches WHERE id = $1 AND account_id = $2")
        .bind(id)
        .bind(account)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn remove_all(h: Handle<'_>, account: Uuid) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query("DELETE FROM saved_searches WHERE account_id = $1")
        .bind(account)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A search with the reader its alert goes to.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Subscribed {
    pub account_id: Uuid,
    pub email: String,
    pub first_name: String,
    #[sqlx(flatten)]
    pub search: SavedSearch,
}

/// Who reads the alerts of one zone: active volunteers of `readers.0`'s
/// departments, and those without one when `readers.1`.
fn readers_of_zone(h: &Handle<'_>) -> String {
    format!(
        "a.state = 'active' AND (a.department IN ({}) OR ($2 AND a.department IS NULL))",
        h.json_strings("$1")
    )
}

/// The searches of the zone's readers, by reader.
pub async fn of_readers(
    h: Handle<'_>,
    readers: &(Vec<String>, bool),
) -> Result<Vec<Subscribed>, StoreError> {
    let sql = format!(
        "SELECT a.id AS account_id, a.email, a.first_name,
                s.id, s.criteria, s.created_at, s.notified_until
         FROM saved_searches s JOIN accounts a ON a.id = s.account_id
         WHERE {}
         ORDER BY a.id, s.created_at, s.id",
        readers_of_zone(&h)
    );
    Ok(on_handle!(h, c => sqlx::query_as::<_, Subscribed>(&sql)
        .bind(Json(&readers.0))
        .bind(readers.1)
        .fetch_all(c)
        .await)?)
}

/// Records that the zone's readers' searches have looked up to `until`.
pub async fn looked_until(
    h: Handle<'_>,
    readers: &(Vec<String>, bool),
    until: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let sql = format!(
        "UPDATE saved_searches SET notified_until = $3
         WHERE notified_until < $3
           AND account_id IN (SELECT a.id FROM accounts a WHERE {})",
        readers_of_zone(&h)
    );
    Ok(on_handle!(h, c => sqlx::query(&sql)
        .bind(Json(&readers.0))
        .bind(readers.1)
        .bind(until)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?)
}
