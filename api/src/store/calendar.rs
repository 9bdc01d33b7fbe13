//! Personal calendar feeds and the participations they list.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::on_handle;

/// Sets (or replaces) the account's feed token.
pub async fn set_feed(
    h: Handle<'_>,
    account: Uuid,
    token_hash: &[u8],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "INSERT INTO calendar_feeds (account_id, token_hash, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (account_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
    )
    .bind(account)
    .bind(token_hash)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Revokes the account's feed; false when it had none.
pub async fn drop_feed(h: Handle<'_>, account: Uuid) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query("DELETE FROM calendar_feeds WHERE account_id = $1")
        .bind(account)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The active account whose feed has this token hash.
pub async fn feed_owner(h: Handle<'_>, token_hash: &[u8]) -> Result<Option<Uuid>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_scalar::<_, Uuid>(
        "SELECT f.account_id FROM calendar_feeds f JOIN accounts a ON a.id = f.account_id
         WHERE f.token_hash = $1 AND a.state = 'active'",
    )
    .bind(token_hash)
    .fetch_optional(c)
    .await)?)
}

/// The account's accepted participations whose mission is not over on
/// `today`: (participation, mission), soonest first.
pub async fn upcoming(
    h: Handle<'_>,
    account: Uuid,
    today: NaiveDate,
) -> Result<Vec<(Uuid, Uuid)>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, (Uuid, Uuid)>(
        "SELECT p.id, m.id FROM participations p JOIN missions m ON m.id = p.mission_id
         WHERE p.volunteer_id = $1 AND p.state = 'accepted' AND (m.end_date IS NULL OR m.end_date >= $2)
         ORDER BY m.start_date, p.id LIMIT 200",
    )
    .bind(account)
    .bind(today)
    .fetch_all(c)
    .await)?)
}
