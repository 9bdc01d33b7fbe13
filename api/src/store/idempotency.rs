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

/// Reserves the key; false when it already exists.
pub async fn reserve(
    h: Handle<'_>,
    scope: &str,
    key: &str,
    request_hash: &[u8],
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query(
        "INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (scope, key) DO NOTHING",
    )
    .bind(scope)
    .bind(key)
    .bind(request_hash)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
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
