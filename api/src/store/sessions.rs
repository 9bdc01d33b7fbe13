//! Refresh tokens: one family per login, rotated on every use.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::on_handle;

pub async fn insert(
    h: Handle<'_>,
    hash: &[u8],
    account: Uuid,
    family: Uuid,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "INSERT INTO refresh_tokens (token_hash, account_id, family_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(hash)
    .bind(account)
    .bind(family)
    .bind(now)
    .bind(expires_at)
    .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RefreshRow {
    pub account_id: Uuid,
    pub family_id: Uuid,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

pub async fn find(h: Handle<'_>, hash: &[u8]) -> Result<Option<RefreshRow>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, RefreshRow>(
        "SELECT account_id, family_id, expires_at, used_at, revoked_at FROM refresh_tokens WHERE token_hash = $1",
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
