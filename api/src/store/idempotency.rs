//! Stored responses of writes sent with an `Idempotency-Key`.

use chrono::{DateTime, Utc};

use super::{Handle, StoreError};
use crate::on_handle;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Stored {
    pub request_hash: Vec<u8>,
    pub status: Option<i32>,
    pub response_body: Option<String>,
}

/// A key to reserve.
pub struct Reservation<'a> {
    pub scope: &'a str,
    pub key: &'a str,
    pub request_hash: &'a [u8],
    /// The account the response belongs to (erasure drops it).
    pub account: Option<uuid::Uuid>,
    pub now: DateTime<Utc>,
    /// A stored response older than this is expired: the key is free again.
    pub expired_before: DateTime<Utc>,
    /// A reservation older than this with no response is abandoned (its
    /// process died between reserve and complete): taken over.
    pub abandoned_before: DateTime<Utc>,
}

/// Reserves the key; false when it is held by a live reservation or an
/// unexpired response.
pub async fn reserve(h: Handle<'_>, r: Reservation<'_>) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query(
        "INSERT INTO idempotency_keys (scope, key, request_hash, account_id, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (scope, key) DO UPDATE
            SET request_hash = excluded.request_hash, account_id = excluded.account_id,
                created_at = excluded.created_at, status = NULL, response_body = NULL
          WHERE idempotency_keys.created_at < $6
             OR (idempotency_keys.status IS NULL AND idempotency_keys.created_at < $7)",
    )
    .bind(r.scope)
    .bind(r.key)
    .bind(r.request_hash)
    .bind(r.account)
    .bind(r.now)
    .bind(r.expired_before)
    .bind(r.abandoned_before)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Deletes responses stored before `before` (housekeeping).
pub async fn purge(h: Handle<'_>, before: DateTime<Utc>) -> Result<u64, StoreError> {
    Ok(
        on_handle!(h, c => sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
        .bind(before)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?,
    )
}

/// Deletes an account's stored responses (erasure: they hold what it sent).
pub async fn drop_for_account(h: Handle<'_>, account: uuid::Uuid) -> Result<u64, StoreError> {
    Ok(
        on_handle!(h, c => sqlx::query("DELETE FROM idempotency_keys WHERE account_id = $1")
        .bind(account)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?,
    )
}

pub async fn find(h: Handle<'_>, scope: &str, key: &str) -> Result<Option<Stored>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, Stored>(
        "SELECT request_hash, status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2",
    )
    .bind(scope)
    .bind(key)
    .fetch_optional(c)
    .await)?)
}

pub async fn complete(
    h: Handle<'_>,
    scope: &str,
    key: &str,
    status: i32,
    body: &str,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "UPDATE idempotency_keys SET status = $3, response_body = $4 WHERE scope = $1 AND key = $2",
    )
    .bind(scope)
    .bind(key)
    .bind(status)
    .bind(body)
    .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Frees the key of a request that failed, so that its retry can run.
pub async fn release(h: Handle<'_>, scope: &str, key: &str) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query("DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND status IS NULL")
        .bind(scope)
        .bind(key)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
