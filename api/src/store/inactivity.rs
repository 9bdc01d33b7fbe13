//! When accounts were last active, and what the retention sweep selects:
//! accounts to warn, accounts to erase, signups never activated.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::on_handle;

/// Records a sign-in or a session refresh: the account is active again
/// and any inactivity warning is void. Written at most once a day per
/// account unless a warning is to be cleared.
pub async fn touch(h: Handle<'_>, account: Uuid, now: DateTime<Utc>) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "UPDATE accounts SET last_active_at = $2, inactivity_warned_at = NULL
         WHERE id = $1 AND (last_active_at IS NULL OR last_active_at < $3 OR inactivity_warned_at IS NOT NULL)",
    )
    .bind(account)
    .bind(now)
    .bind(now - Duration::days(1))
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Inactive {
    pub id: Uuid,
    pub email: String,
    pub first_name: String,
}

/// Active accounts not seen since `before` and not yet warned, longest
/// inactive first. Administrators are never erased for inactivity.
pub async fn to_warn(
    h: Handle<'_>,
    before: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Inactive>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, Inactive>(
        "SELECT id, email, first_name FROM accounts
         WHERE state = 'active' AND NOT is_admin AND last_active_at < $1 AND inactivity_warned_at IS NULL
         ORDER BY last_active_at LIMIT $2",
    )
    .bind(before)
    .bind(limit)
    .fetch_all(c)
    .await)?)
}

/// Marks the warning sent, unless the account was seen (or warned) since
/// it was selected: false then, and no email goes.
pub async fn mark_warned(
    h: Handle<'_>,
    account: Uuid,
    inactive_before: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query(
        "UPDATE accounts SET inactivity_warned_at = $3
         WHERE id = $1 AND state = 'active' AND last_active_at < $2 AND inactivity_warned_at IS NULL",
    )
    .bind(account)
    .bind(inactive_before)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Accounts warned before `before` and not seen since, oldest warning
/// first.
pub async fn to_erase(
    h: Handle<'_>,
    before: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Uuid>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_scalar::<_, Uuid>(
        "SELECT id FROM accounts WHERE state = 'active' AND inactivity_warned_at < $1
         ORDER BY inactivity_warned_at LIMIT $2",
    )
    .bind(before)
    .bind(limit)
    .fetch_all(c)
    .await)?)
}

/// Starts a warned account's period again: it could not be erased now
/// (the last owner of an organisation), and is looked at again then.
pub async fn postpone(h: Handle<'_>, account: Uuid, now: DateTime<Utc>) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query("UPDATE accounts SET inactivity_warned_at = $2 WHERE id = $1")
        .bind(account)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Deletes up to `limit` signups never activated and created before
/// `before` (their tokens go with them); the count deleted.
pub async fn purge_never_activated(
    h: Handle<'_>,
    before: DateTime<Utc>,
    limit: i64,
) -> Result<u64, StoreError> {
    Ok(on_handle!(h, c => sqlx::query(
        "DELETE FROM accounts WHERE id IN (
             SELECT a.id FROM accounts a
             WHERE a.state = 'pending_activation' AND a.created_at < $1
               AND NOT EXISTS (SELECT 1 FROM participations p WHERE p.volunteer_id = a.id)
               AND NOT EXISTS (SELECT 1 FROM organization_invitations i WHERE i.invited_by = a.id)
             ORDER BY a.created_at LIMIT $2)",
    )
    .bind(before)
    .bind(limit)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?)
}
