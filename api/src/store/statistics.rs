//! The rollup's reads (grouped counts over the live tables, each one
//! statement) and the snapshots it writes and the endpoints serve.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::types::Json;
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::on_handle;

/// `column` as its UTC day, `YYYY-MM-DD`, in either dialect.
fn day(h: &Handle<'_>, column: &str) -> String {
    match h {
        Handle::Postgres(_) => format!("to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"),
        // Timestamps are stored as ISO text, the day first.
        Handle::Sqlite(_) => format!("substr({column}, 1, 10)"),
    }
}

/// Active volunteers by department ('' when unknown).
pub async fn volunteers(h: Handle<'_>) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, (String, i64)>(
        "SELECT COALESCE(department, ''), COUNT(*) FROM accounts
         WHERE state = 'active' AND NOT is_admin GROUP BY COALESCE(department, '')",
    )
    .fetch_all(c)
    .await)?)
}

/// Missions published (and not withdrawn: published or completed) by
/// department and domain: how many, places offered, places taken.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MissionCounts {
    pub department: String,
    pub domain: String,
    pub missions: i64,
    pub places_offered: i64,
    pub places_taken: i64,
}

pub async fn missions(h: Handle<'_>) -> Result<Vec<MissionCounts>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, MissionCounts>(
        "SELECT department, domain, COUNT(*) AS missions,
                CAST(COALESCE(SUM(capacity), 0) AS BIGINT) AS places_offered,
                CAST(COALESCE(SUM(places_taken), 0) AS BIGINT) AS places_taken
         FROM missions WHERE state IN ('published', 'completed')
         GROUP BY department, domain",
    )
    .fetch_all(c)
    .await)?)
}

/// Applications by the department and domain of their mission.
pub async fn applications(h: Handle<'_>) -> Result<Vec<(String, String, i64)>, StoreError> {
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, (String, String, i64)>(
        "SELECT m.department, m.domain, COUNT(*) FROM participations p JOIN missions m ON m.id = p.mission_id
         GROUP BY m.department, m.domain",
    )
    .fetch_all(c)
    .await)?,
    )
}

/// Applications a link or API Engagement brought, by their mission's
/// department and organisation and by source (`domain::origin::Origin::
/// source`); the others came directly.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SourcedApplications {
    pub department: String,
    pub organization_id: Uuid,
    pub source: String,
    pub n: i64,
}

pub async fn sourced_applications(h: Handle<'_>) -> Result<Vec<SourcedApplications>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, SourcedApplications>(
        "SELECT m.department, m.organization_id, COALESCE(p.utm_source, 'api-engagement') AS source,
                COUNT(*) AS n
         FROM participations p JOIN missions m ON m.id = p.mission_id
         WHERE p.utm_source IS NOT NULL OR p.apiengagement_id IS NOT NULL
         GROUP BY m.department, m.organization_id, COALESCE(p.utm_source, 'api-engagement')",
    )
    .fetch_all(c)
    .await)?)
}

/// What happened each day, by department: volunteers who joined,
/// missions published, applications made.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DayCount {
    pub what: String,
    pub department: String,
    /// The UTC day, `YYYY-MM-DD`: its text orders as its date.
    pub day: String,
    pub n: i64,
}

/// Counted from the live tables, each day since `since`.
pub async fn days(h: Handle<'_>, since: DateTime<Utc>) -> Result<Vec<DayCount>, StoreError> {
    let (joined, published, applied) = (
        day(&h, "created_at"),
        day(&h, "published_at"),
        day(&h, "p.created_at"),
    );
    let sql = format!(
        "SELECT 'volunteers' AS what, COALESCE(department, '') AS department, {joined} AS day, COUNT(*) AS n
         FROM accounts WHERE state = 'active' AND NOT is_admin AND created_at >= $1
         GROUP BY COALESCE(department, ''), {joined}
         UNION ALL
         SELECT 'missions', department, {published}, COUNT(*)
         FROM missions WHERE state IN ('published', 'completed') AND published_at >= $1
         GROUP BY department, {published}
         UNION ALL
         SELECT 'applications', m.department, {applied}, COUNT(*)
         FROM participations p JOIN missions m ON m.id = p.mission_id WHERE p.created_at >= $1
         GROUP BY m.department, {applied}"
    );
    Ok(on_handle!(h, c => sqlx::query_as::<_, DayCount>(&sql).bind(since).fetch_all(c).await)?)
}

/// The settled days recorded, from `first` on.
pub async fn settled_days(h: Handle<'_>, first: &str) -> Result<Vec<DayCount>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, DayCount>(
        "SELECT what, department, day, n FROM statistics_days WHERE day >= $1",
    )
    .bind(first)
    .fetch_all(c)
    .await)?)
}

/// Records settled days (a day already recorded, by another replica's
/// rollup, is kept as it is) and forgets those before `first`, in the
/// caller's transaction.
pub async fn record_days(h: Handle<'_>, rows: &[DayCount], first: &str) -> Result<(), StoreError> {
    let mut h = h;
    on_handle!(h.reborrow(), c => sqlx::query("DELETE FROM statistics_days WHERE day < $1")
        .bind(first)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    for chunk in rows.chunks(500) {
        on_handle!(h.reborrow(), c => {
            let mut q = sqlx::QueryBuilder::new("INSERT INTO statistics_days (day, what, department, n) ");
            q.push_values(chunk, |mut row, d| {
                row.push_bind(&d.day).push_bind(&d.what).push_bind(&d.department).push_bind(d.n);
            });
            q.push(" ON CONFLICT (day, what, department) DO NOTHING");
            q.build().execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// Waiting for review now, by department: organisations, missions, and
/// the oldest submission.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Pending {
    pub kind: String,
    pub department: String,
    pub n: i64,
    pub oldest: Option<DateTime<Utc>>,
}

pub async fn pending(h: Handle<'_>) -> Result<Vec<Pending>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, Pending>(
        "SELECT 'organizations' AS kind, department, COUNT(*) AS n, MIN(submitted_at) AS oldest
         FROM organizations WHERE state = 'pending_review' GROUP BY department
         UNION ALL
         SELECT 'missions', department, COUNT(*), MIN(submitted_at)
         FROM missions WHERE state = 'pending_review' GROUP BY department",
    )
    .fetch_all(c)
    .await)?)
}

/// A decision timed: when its subject entered the state it left, and when
/// it left it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Decision {
    /// The department (moderation) or the mission (answers).
    pub key: String,
    pub waited_from: Option<DateTime<Utc>>,
    pub decided_at: DateTime<Utc>,
}

/// Referents' decisions since `since` (approvals, publications,
/// rejections), by department, each with its last submission.
pub async fn moderation_decisions(
    h: Handle<'_>,
    since: DateTime<Utc>,
) -> Result<Vec<Decision>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, Decision>(
        "SELECT COALESCE(m.department, o.department) AS key, h.created_at AS decided_at,
                (SELECT MAX(s.created_at) FROM state_history s
                 WHERE s.subject_kind = h.subject_kind AND s.subject_id = h.subject_id
                   AND s.to_state = 'pending_review' AND s.created_at <= h.created_at) AS waited_from
         FROM state_history h
         LEFT JOIN missions m ON h.subject_kind = 'mission' AND m.id = h.subject_id
         LEFT JOIN organizations o ON h.subject_kind = 'organization' AND o.id = h.subject_id
         WHERE h.from_state = 'pending_review'
           AND h.to_state IN ('approved', 'published', 'rejected') AND h.created_at >= $1
           AND COALESCE(m.department, o.department) IS NOT NULL",
    )
    .bind(since)
    .fetch_all(c)
    .await)?)
}

/// Organisations' answers since `since` (accepted or declined) by
/// mission: how many, and how long their applications waited in all.
/// Summed here rather than read one by one: a year of a country's
/// answers is more than a million rows.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AnswerTimes {
    pub mission_id: Uuid,
    pub answered: i64,
    pub waited_seconds: f64,
}

pub async fn answer_times(
    h: Handle<'_>,
    since: DateTime<Utc>,
) -> Result<Vec<AnswerTimes>, StoreError> {
    let waited = match h {
        Handle::Postgres(_) => "EXTRACT(EPOCH FROM h.created_at - p.created_at)",
        Handle::Sqlite(_) => "(julianday(h.created_at) - julianday(p.created_at)) * 86400.0",
    };
    let sql = format!(
        "SELECT p.mission_id, COUNT(*) AS answered,
                CAST(COALESCE(SUM({waited}), 0) AS DOUBLE PRECISION) AS waited_seconds
         FROM state_history h JOIN participations p ON p.id = h.subject_id
         WHERE h.from_state = 'pending'
           AND h.subject_kind = 'participation' AND h.to_state IN ('accepted', 'declined')
           AND h.created_at >= $1 AND h.created_at >= p.created_at
         GROUP BY p.mission_id"
    );
    Ok(on_handle!(h, c => sqlx::query_as::<_, AnswerTimes>(&sql).bind(since).fetch_all(c).await)?)
}

/// Each mission with its applications by outcome, for its organisation.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MissionRow {
    pub organization_id: Uuid,
    pub id: Uuid,
    pub title: String,
    pub state: String,
    pub capacity: i32,
    pub places_taken: i32,
    pub applications: i64,
    pub accepted: i64,
    pub declined: i64,
}

pub async fn organization_missions(h: Handle<'_>) -> Result<Vec<MissionRow>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, MissionRow>(
        "SELECT m.organization_id, m.id, m.title, m.state, m.capacity, m.places_taken,
                COUNT(p.id) AS applications,
                CAST(COALESCE(SUM(CASE WHEN p.state IN ('accepted', 'completed') THEN 1 ELSE 0 END), 0) AS BIGINT) AS accepted,
                CAST(COALESCE(SUM(CASE WHEN p.state = 'declined' THEN 1 ELSE 0 END), 0) AS BIGINT) AS declined
         FROM missions m LEFT JOIN participations p ON p.mission_id = m.id
         WHERE m.state <> 'draft'
         GROUP BY m.organization_id, m.id, m.title, m.state, m.capacity, m.places_taken
         ORDER BY m.organization_id, m.id",
    )
    .fetch_all(c)
    .await)?)
}

/// Replaces every snapshot with `rows` (scope, key, body), in the
/// caller's transaction.
pub async fn replace_all(
    h: Handle<'_>,
    rows: &[(&str, String, Value)],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut h = h;
    on_handle!(h.reborrow(), c => sqlx::query("DELETE FROM statistics").execute(c).await.map(|r| r.rows_affected()))?;
    for chunk in rows.chunks(500) {
        on_handle!(h.reborrow(), c => {
            let mut q = sqlx::QueryBuilder::new("INSERT INTO statistics (scope, key, body, computed_at) ");
            q.push_values(chunk, |mut row, (scope, key, body)| {
                row.push_bind(*scope).push_bind(key).push_bind(Json(body)).push_bind(now);
            });
            q.build().execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// One snapshot, with when it was computed.
pub async fn get(
    h: Handle<'_>,
    scope: &str,
    key: &str,
) -> Result<Option<(Json<Value>, DateTime<Utc>)>, StoreError> {
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, (Json<Value>, DateTime<Utc>)>(
        "SELECT body, computed_at FROM statistics WHERE scope = $1 AND key = $2",
    )
    .bind(scope)
    .bind(key)
    .fetch_optional(c)
    .await)?,
    )
}

/// Every snapshot of a scope, by key.
pub async fn all_of(h: Handle<'_>, scope: &str) -> Result<Vec<(String, Json<Value>)>, StoreError> {
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, (String, Json<Value>)>(
        "SELECT key, body FROM statistics WHERE scope = $1 ORDER BY key",
    )
    .bind(scope)
    .fetch_all(c)
    .await)?,
    )
}
