//! Refresh tokens: one family per login, rotated on every use.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::on_handle;

/// One refresh token of a session (a family).
pub struct NewRefresh<'a> {
    pub hash: &'a [u8],
    pub account: Uuid,
    pub family: Uuid,
    /// When the session's sign-in happened (its absolute lifetime runs
    /// from there).
    pub started_at: DateTime<Utc>,
    pub now: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert(h: Handle<'_>, t: NewRefresh<'_>) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "INSERT INTO refresh_tokens (token_hash, account_id, family_id, session_started_at, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(t.hash)
    .bind(t.account)
    .bind(t.family)
    .bind(t.started_at)
    .bind(t.now)
    .bind(t.expires_at)
    .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RefreshRow {
    pub account_id: Uuid,
    pub family_id: Uuid,
    pub session_started_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl RefreshRow {
    /// Neither revoked nor expired nor exchanged yet.
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.used_at.is_none() && self.expires_at > now
    }
}

pub async fn find(h: Handle<'_>, hash: &[u8]) -> Result<Option<RefreshRow>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, RefreshRow>(
        "SELECT account_id, family_id, session_started_at, expires_at, used_at, revoked_at
         FROM refresh_tokens WHERE token_hash = $1",
    )
    .bind(hash)
    .fetch_optional(c)
    .await)?)
}

/// Marks a token used, once: false when it already was (a replay, or a
/// concurrent rotation).
pub async fn mark_used(h: Handle<'_>, hash: &[u8], now: DateTime<Utc>) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query(
        "UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL",
    )
    .bind(hash)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn revoke_family(
    h: Handle<'_>,
    family: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query("UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL")
        .bind(family)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Revokes every session of an account but `keep` (the caller's own).
pub async fn revoke_all(
    h: Handle<'_>,
    account: Uuid,
    keep: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "UPDATE refresh_tokens SET revoked_at = $3
         WHERE account_id = $1 AND revoked_at IS NULL AND ($2 IS NULL OR family_id <> $2)",
    )
    .bind(account)
    .bind(keep)
    .bind(now)
    .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct SessionSummary {
    pub family_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// Live sessions, for the personal data export.
pub async fn live(
    h: Handle<'_>,
    account: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<SessionSummary>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, SessionSummary>(
        "SELECT family_id, created_at, expires_at FROM refresh_tokens
         WHERE account_id = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2
         ORDER BY created_at",
    )
    .bind(account)
    .bind(now)
    .fetch_all(c)
    .await)?)
}

/// Deletes tokens that expired more than a day ago (housekeeping); a day
/// later still, a replayed old token is merely unknown instead of a
/// detected replay, which changes nothing: it cannot be exchanged.
pub async fn purge_expired(h: Handle<'_>, before: DateTime<Utc>) -> Result<u64, StoreError> {
    Ok(
        on_handle!(h, c => sqlx::query("DELETE FROM refresh_tokens WHERE expires_at < $1")
        .bind(before)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?,
    )
}
