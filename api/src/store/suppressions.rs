//! The email suppression list.

use chrono::{DateTime, Utc};

use super::{Handle, StoreError};
use crate::on_handle;

/// Suppresses an address (first reason kept) and marks its account's email
/// as undeliverable.
pub async fn suppress(
    mut h: Handle<'_>,
    email_normalized: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h.reborrow(), c => sqlx::query(
        "INSERT INTO email_suppressions (email_normalized, reason, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (email_normalized) DO NOTHING",
    )
    .bind(email_normalized)
    .bind(reason)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    on_handle!(h, c => sqlx::query(
        "UPDATE accounts SET email_undeliverable = true, updated_at = $2 WHERE email_normalized = $1",
    )
    .bind(email_normalized)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Why an address is suppressed, if it is.
pub async fn reason(h: Handle<'_>, email_normalized: &str) -> Result<Option<String>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_scalar::<_, String>(
        "SELECT reason FROM email_suppressions WHERE email_normalized = $1",
    )
    .bind(email_normalized)
    .fetch_optional(c)
    .await)?)
}
