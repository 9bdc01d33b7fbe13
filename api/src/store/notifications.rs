//! Notification preferences, and how far each coalesced notice has told
//! its reader.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::domain::notification::{Frequency, Preferences};
use crate::on_handle;

type Row = (String, String, bool, bool, bool, bool);

fn from_row(
    (applications, messages, moderation_digest, reminders, favourites_digest, saved_searches): Row,
) -> Preferences {
    Preferences {
        applications: Frequency::parse(&applications).unwrap_or_default(),
        messages: Frequency::parse(&messages).unwrap_or_default(),
        moderation_digest,
        reminders,
        favourites_digest,
        saved_searches,
    }
}

/// `account`'s choices (the defaults when it never chose).
pub async fn of(h: Handle<'_>, account: Uuid) -> Result<Preferences, StoreError> {
    let row = on_handle!(h, c => sqlx::query_as::<_, Row>(
        "SELECT applications, messages, moderation_digest, reminders, favourites_digest, saved_searches
         FROM notification_preferences WHERE account_id = $1",
    )
    .bind(account)
    .fetch_optional(c)
    .await)?;
    Ok(row.map(from_row).unwrap_or_default())
}

/// An organisation's active members with their choices and how far each
/// was last told of `kind` there, in one statement: a new application
/// tells every member, and twenty members must not cost sixty statements
/// inside the application's transaction.
pub async fn members_to_tell(
    h: Handle<'_>,
    org: Uuid,
    kind: Digest,
) -> Result<Vec<(Uuid, Preferences, Option<DateTime<Utc>>)>, StoreError> {
    type Nullable = (
        Uuid,
        Option<String>,
        Option<String>,
        Option<bool>,
        Option<bool>,
        Option<bool>,
        Option<bool>,
        Option<DateTime<Utc>>,
    );
    let rows = on_handle!(h, c => sqlx::query_as::<_, Nullable>(
        "SELECT a.id, p.applications, p.messages, p.moderation_digest, p.reminders,
                p.favourites_digest, p.saved_searches, d.sent_until
         FROM organization_members m JOIN accounts a ON a.id = m.account_id
         LEFT JOIN notification_preferences p ON p.account_id = a.id
         LEFT JOIN notification_digests d
                ON d.account_id = a.id AND d.kind = $2 AND d.scope_id = m.organization_id
         WHERE m.organization_id = $1 AND a.state = 'active' ORDER BY a.id",
    )
    .bind(org)
    .bind(kind.as_str())
    .fetch_all(c)
    .await)?;
    Ok(rows
        .into_iter()
        .map(
            |(account, applications, messages, moderation, reminders, favourites, saved, sent)| {
                let chose = match (
                    applications,
                    messages,
                    moderation,
                    reminders,
                    favourites,
                    saved,
                ) {
                    (Some(a), Some(m), Some(d), Some(r), Some(f), Some(s)) => {
                        from_row((a, m, d, r, f, s))
                    }
                    _ => Preferences::default(),
                };
                (account, chose, sent)
            },
        )
        .collect())
}

/// The choices of several accounts at once; absent ones have the defaults.
pub async fn of_many(
    h: Handle<'_>,
    accounts: &[Uuid],
) -> Result<Vec<(Uuid, Preferences)>, StoreError> {
    let mut h = h;
    let mut out = Vec::with_capacity(accounts.len());
    // Organisations and departments have few members and referents: one
    // read each keeps the statement the same on both databases.
    for account in accounts {
        out.push((*account, of(h.reborrow(), *account).await?));
    }
    Ok(out)
}

pub async fn put(
    h: Handle<'_>,
    account: Uuid,
    p: &Preferences,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "INSERT INTO notification_preferences
            (account_id, applications, messages, moderation_digest, reminders, favourites_digest,
             saved_searches, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (account_id) DO UPDATE SET applications = excluded.applications,
            messages = excluded.messages, moderation_digest = excluded.moderation_digest,
            reminders = excluded.reminders, favourites_digest = excluded.favourites_digest,
            saved_searches = excluded.saved_searches, updated_at = excluded.updated_at",
    )
    .bind(account)
    .bind(p.applications.as_str())
    .bind(p.messages.as_str())
    .bind(p.moderation_digest)
    .bind(p.reminders)
    .bind(p.favourites_digest)
    .bind(p.saved_searches)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The kinds of coalesced notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digest {
    /// New applications to one organisation (scope: the organisation).
    Applications,
    /// Unread messages (scope: the reader).
    Messages,
}

impl Digest {
    fn as_str(self) -> &'static str {
        match self {
            Digest::Applications => "applications",
            Digest::Messages => "messages",
        }
    }
}

/// Until when `account` was last told of `kind` in `scope`.
pub async fn sent_until(
    h: Handle<'_>,
    account: Uuid,
    kind: Digest,
    scope: Uuid,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_scalar::<_, DateTime<Utc>>(
        "SELECT sent_until FROM notification_digests
         WHERE account_id = $1 AND kind = $2 AND scope_id = $3",
    )
    .bind(account)
    .bind(kind.as_str())
    .bind(scope)
    .fetch_optional(c)
    .await)?)
}

pub async fn mark_sent(
    h: Handle<'_>,
    account: Uuid,
    kind: Digest,
    scope: Uuid,
    until: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "INSERT INTO notification_digests (account_id, kind, scope_id, sent_until) VALUES ($1, $2, $3, $4)
         ON CONFLICT (account_id, kind, scope_id) DO UPDATE SET sent_until = excluded.sent_until",
    )
    .bind(account)
    .bind(kind.as_str())
    .bind(scope)
    .bind(until)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Forgets everything of `account` (its erasure).
pub async fn erase(h: Handle<'_>, account: Uuid) -> Result<(), StoreError> {
    let mut h = h;
    on_handle!(h.reborrow(), c => sqlx::query("DELETE FROM notification_preferences WHERE account_id = $1")
        .bind(account)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    on_handle!(h, c => sqlx::query("DELETE FROM notification_digests WHERE account_id = $1")
        .bind(account)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// One application of a coalesced notice.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NewApplication {
    pub volunteer_first_name: String,
    pub volunteer_last_name: String,
    pub mission_title: String,
    pub mission_id: Uuid,
    pub created_at: DateTime<Utc>,
}

/// The applications to `org`'s missions made after `since` up to `until`
/// (the newest first, at most `limit`), and how many there were in all.
pub async fn applications_between(
    h: Handle<'_>,
    org: Uuid,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: i64,
) -> Result<(Vec<NewApplication>, i64), StoreError> {
    let mut h = h;
    let total = on_handle!(h.reborrow(), c => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM participations p
         WHERE p.organization_id = $1 AND p.created_at > $2 AND p.created_at <= $3",
    )
    .bind(org)
    .bind(since)
    .bind(until)
    .fetch_one(c)
    .await)?;
    let rows = on_handle!(h, c => sqlx::query_as::<_, NewApplication>(
        "SELECT a.first_name AS volunteer_first_name, a.last_name AS volunteer_last_name,
                m.title AS mission_title, m.id AS mission_id, p.created_at
         FROM participations p JOIN missions m ON m.id = p.mission_id
         JOIN accounts a ON a.id = p.volunteer_id
         WHERE p.organization_id = $1 AND p.created_at > $2 AND p.created_at <= $3
         ORDER BY p.created_at DESC LIMIT $4",
    )
    .bind(org)
    .bind(since)
    .bind(until)
    .bind(limit)
    .fetch_all(c)
    .await)?;
    Ok((rows, total))
}
