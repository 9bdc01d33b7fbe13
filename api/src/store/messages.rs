//! Messages of the conversations, read markers, email throttles, reports.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::on_handle;

/// A message with its author's name (the tombstone once erased).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MessageRow {
    pub id: Uuid,
    pub participation_id: Uuid,
    pub author_id: Uuid,
    pub side: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub author_first_name: String,
    pub author_last_name: String,
    pub author_erased: bool,
    pub reported: bool,
}

impl MessageRow {
    /// How the thread names the author: first name and initial, or the
    /// tombstone once the account is erased.
    pub fn author_name(&self) -> String {
        if self.author_erased {
            return "Compte supprimé".into();
        }
        match self.author_last_name.chars().next() {
            Some(initial) => format!("{} {initial}.", self.author_first_name),
            None => self.author_first_name.clone(),
        }
    }
}

const SELECT: &str = "SELECT m.id, m.participation_id, m.author_id, m.side, m.body, m.created_at,
        a.first_name AS author_first_name, a.last_name AS author_last_name, a.state = 'erased' AS author_erased,
        EXISTS (SELECT 1 FROM message_reports r WHERE r.message_id = m.id) AS reported
     FROM messages m JOIN accounts a ON a.id = m.author_id";

pub async fn insert(
    h: Handle<'_>,
    id: Uuid,
    participation: Uuid,
    author: Uuid,
    side: &str,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "INSERT INTO messages (id, participation_id, author_id, side, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(participation)
    .bind(author)
    .bind(side)
    .bind(body)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get(h: Handle<'_>, id: Uuid) -> Result<Option<MessageRow>, StoreError> {
    let sql = format!("{SELECT} WHERE m.id = $1");
    Ok(on_handle!(h, c => sqlx::query_as::<_, MessageRow>(&sql).bind(id).fetch_optional(c).await)?)
}

/// The latest `limit` messages of a thread before `before` (all when
/// `None`), newest first.
pub async fn of_thread(
    h: Handle<'_>,
    participation: Uuid,
    before: Option<Uuid>,
    limit: i64,
) -> Result<Vec<MessageRow>, StoreError> {
    let sql = format!(
        "{SELECT} WHERE m.participation_id = $1 AND ($2 IS NULL OR m.id < $2) ORDER BY m.id DESC LIMIT $3"
    );
    Ok(on_handle!(h, c => sqlx::query_as::<_, MessageRow>(&sql)
        .bind(participation)
        .bind(before)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}

/// Moves the reader's marker forward to `up_to` (never back).
pub async fn mark_read(
    h: Handle<'_>,
    participation: Uuid,
    account: Uuid,
    up_to: Uuid,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "INSERT INTO message_reads (participation_id, account_id, last_read_id) VALUES ($1, $2, $3)
         ON CONFLICT (participation_id, account_id) DO UPDATE SET last_read_id = excluded.last_read_id
         WHERE message_reads.last_read_id < excluded.last_read_id",
    )
    .bind(participation)
    .bind(account)
    .bind(up_to)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Threads with messages the account has not read, written by others:
/// its own participations and those of its organisations' missions.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Unread {
    pub participation_id: Uuid,
    pub mission_id: Uuid,
    pub mission_title: String,
    pub unread: i64,
    pub latest_at: DateTime<Utc>,
}

pub async fn unread(h: Handle<'_>, account: Uuid) -> Result<Vec<Unread>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, Unread>(
        "SELECT m.participation_id, mi.id AS mission_id, mi.title AS mission_title,
                COUNT(*) AS unread, MAX(m.created_at) AS latest_at
         FROM messages m
         JOIN participations p ON p.id = m.participation_id
         JOIN missions mi ON mi.id = p.mission_id
         LEFT JOIN message_reads r ON r.participation_id = m.participation_id AND r.account_id = $1
         WHERE m.author_id <> $1
           AND (r.last_read_id IS NULL OR m.id > r.last_read_id)
           AND ((p.volunteer_id = $1 AND m.side = 'organization')
                OR (m.side = 'volunteer' AND mi.organization_id IN
                    (SELECT organization_id FROM organization_members WHERE account_id = $1)))
         GROUP BY m.participation_id, mi.id, mi.title
         ORDER BY MAX(m.created_at) DESC
         LIMIT 200",
    )
    .bind(account)
    .fetch_all(c)
    .await)?)
}

/// Claims the right to email `side` of a thread about a new message: true
/// when it was not emailed since `since` (and now it is, as of `now`).
pub async fn claim_notice(
    h: Handle<'_>,
    participation: Uuid,
    side: &str,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query(
        "INSERT INTO message_notices (participation_id, side, notified_at) VALUES ($1, $2, $4)
         ON CONFLICT (participation_id, side) DO UPDATE SET notified_at = excluded.notified_at
         WHERE message_notices.notified_at < $3",
    )
    .bind(participation)
    .bind(side)
    .bind(since)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Files a report; false when this reporter already reported it.
pub async fn report(
    h: Handle<'_>,
    message: Uuid,
    reporter: Uuid,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query(
        "INSERT INTO message_reports (id, message_id, reporter_id, reason, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (message_id, reporter_id) DO NOTHING",
    )
    .bind(Uuid::now_v7())
    .bind(message)
    .bind(reporter)
    .bind(reason)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Whether any message of the thread was reported.
pub async fn thread_reported(h: Handle<'_>, participation: Uuid) -> Result<bool, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_scalar::<_, bool>(
        "SELECT EXISTS (SELECT 1 FROM message_reports r JOIN messages m ON m.id = r.message_id
                        WHERE m.participation_id = $1)",
    )
    .bind(participation)
    .fetch_one(c)
    .await)?)
}

/// A report as a referent's queue shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportRow {
    pub id: Uuid,
    pub message_id: Uuid,
    pub participation_id: Uuid,
    pub mission_id: Uuid,
    pub mission_title: String,
    pub department: String,
    pub reason: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// Reports in `departments` (all when `None`), newest first, before the
/// report `before`.
pub async fn reports(
    h: Handle<'_>,
    departments: Option<&[String]>,
    before: Option<Uuid>,
    limit: i64,
) -> Result<Vec<ReportRow>, StoreError> {
    let departments = departments.map(|d| sqlx::types::Json(d.to_vec()));
    let sql = format!(
        "SELECT r.id, r.message_id, m.participation_id, mi.id AS mission_id, mi.title AS mission_title,
                mi.department, r.reason, m.body, r.created_at
         FROM message_reports r JOIN messages m ON m.id = r.message_id
         JOIN participations p ON p.id = m.participation_id JOIN missions mi ON mi.id = p.mission_id
         WHERE ($1 IS NULL OR mi.department IN ({})) AND ($2 IS NULL OR r.id < $2)
         ORDER BY r.id DESC LIMIT $3",
        h.json_strings("$1")
    );
    Ok(on_handle!(h, c => sqlx::query_as::<_, ReportRow>(&sql)
        .bind(&departments)
        .bind(before)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}

/// The messages an account wrote, for its personal data export.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct AuthoredMessage {
    pub id: Uuid,
    pub participation_id: Uuid,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

pub async fn authored_by(h: Handle<'_>, account: Uuid) -> Result<Vec<AuthoredMessage>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, AuthoredMessage>(
        "SELECT id, participation_id, body, created_at FROM messages WHERE author_id = $1 ORDER BY id",
    )
    .bind(account)
    .fetch_all(c)
    .await)?)
}
