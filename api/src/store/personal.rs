//! One person's records across the tables, for the personal data export
//! (GDPR art. 15 and 20) and for erasure (art. 17). Each query goes
//! through an index on the account or its address.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::domain::origin::Origin;
use crate::on_handle;

/// An application, with the text the person wrote.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct ParticipationRecord {
    pub id: Uuid,
    pub mission_id: Uuid,
    pub mission_title: String,
    pub organization_name: String,
    pub motivation: Option<String>,
    pub state: String,
    pub reason_code: Option<String>,
    pub reason: Option<String>,
    /// Present (`true`) or absent (`false`) as the organisation recorded
    /// it once the mission took place; `null` until then.
    pub attended: Option<bool>,
    /// The hours done, recorded with the attendance.
    pub hours: Option<f64>,
    /// The code that proves the attestation (checked at
    /// `/v1/attestations/{code}`), for a volunteer marked present.
    pub attestation_code: Option<String>,
    /// Where the application came from (the link's campaign tags, API
    /// Engagement's click id).
    #[sqlx(flatten)]
    pub origin: Origin,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Where the person came from when they signed up.
pub async fn origin(h: Handle<'_>, account: Uuid) -> Result<Origin, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, Origin>(
        "SELECT utm_source, utm_medium, utm_campaign, apiengagement_id FROM accounts WHERE id = $1",
    )
    .bind(account)
    .fetch_optional(c)
    .await)?
    .unwrap_or_default())
}

pub async fn participations(
    h: Handle<'_>,
    account: Uuid,
) -> Result<Vec<ParticipationRecord>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, ParticipationRecord>(
        "SELECT p.id, p.mission_id, m.title AS mission_title, o.name AS organization_name,
                p.motivation, p.state, p.reason_code, p.reason, p.attended, p.hours,
                p.attestation_code, p.utm_source, p.utm_medium, p.utm_campaign, p.apiengagement_id,
                p.created_at, p.updated_at
         FROM participations p
         JOIN missions m ON m.id = p.mission_id
         JOIN organizations o ON o.id = m.organization_id
         WHERE p.volunteer_id = $1 ORDER BY p.id",
    )
    .bind(account)
    .fetch_all(c)
    .await)?)
}

/// A shift a participation holds or held.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct ShiftRecord {
    pub participation_id: Uuid,
    pub shift_id: Uuid,
    #[schema(value_type = String, format = Date)]
    pub day: chrono::NaiveDate,
    #[schema(value_type = String, example = "09:00:00")]
    pub start_time: chrono::NaiveTime,
    #[schema(value_type = String, example = "12:00:00")]
    pub end_time: chrono::NaiveTime,
    /// When its place was given back (a cancellation, the shift cancelled).
    pub released_at: Option<DateTime<Utc>>,
}

pub async fn shifts(h: Handle<'_>, account: Uuid) -> Result<Vec<ShiftRecord>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, ShiftRecord>(
        "SELECT ps.participation_id, s.id AS shift_id, s.day, s.start_time, s.end_time, ps.released_at
         FROM participation_shifts ps JOIN participations p ON p.id = ps.participation_id
         JOIN shifts s ON s.id = ps.shift_id
         WHERE p.volunteer_id = $1 ORDER BY s.day, s.start_time, s.id",
    )
    .bind(account)
    .fetch_all(c)
    .await)?)
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct MembershipRecord {
    pub organization_id: Uuid,
    pub organization_name: String,
    pub role: String,
    pub joined_at: DateTime<Utc>,
}

pub async fn memberships(
    h: Handle<'_>,
    account: Uuid,
) -> Result<Vec<MembershipRecord>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, MembershipRecord>(
        "SELECT m.organization_id, o.name AS organization_name, m.role, m.joined_at
         FROM organization_members m JOIN organizations o ON o.id = m.organization_id
         WHERE m.account_id = $1 ORDER BY m.joined_at",
    )
    .bind(account)
    .fetch_all(c)
    .await)?)
}

/// An invitation the person received (at their address) or sent.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct InvitationRecord {
    /// `received` or `sent`.
    pub direction: String,
    pub organization_id: Uuid,
    pub organization_name: String,
    /// The invited address (for sent ones, the address the person typed).
    pub email: String,
    pub role: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
}

pub async fn invitations(
    h: Handle<'_>,
    account: Uuid,
    email_normalized: &str,
) -> Result<Vec<InvitationRecord>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, InvitationRecord>(
        "SELECT CASE WHEN i.email_normalized = $2 THEN 'received' ELSE 'sent' END AS direction,
                i.organization_id, o.name AS organization_name, i.email_normalized AS email,
                i.role, i.created_at, i.expires_at, i.accepted_at
         FROM organization_invitations i JOIN organizations o ON o.id = i.organization_id
         WHERE i.email_normalized = $2 OR i.invited_by = $1
         ORDER BY i.created_at",
    )
    .bind(account)
    .bind(email_normalized)
    .fetch_all(c)
    .await)?)
}

/// A history entry written by the person, or about one of their
/// applications.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct HistoryRecord {
    pub subject_kind: String,
    pub subject_id: Uuid,
    /// Whether the person made the change (otherwise it is about them).
    pub by_them: bool,
    pub actor_role: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

pub async fn history(h: Handle<'_>, account: Uuid) -> Result<Vec<HistoryRecord>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, HistoryRecord>(
        "SELECT subject_kind, subject_id, COALESCE(actor_id = $1, false) AS by_them, actor_role,
                from_state, to_state, reason, created_at
         FROM state_history WHERE actor_id = $1
         UNION
         SELECT h.subject_kind, h.subject_id, COALESCE(h.actor_id = $1, false), h.actor_role,
                h.from_state, h.to_state, h.reason, h.created_at
         FROM state_history h JOIN participations p ON p.id = h.subject_id
         WHERE h.subject_kind = 'participation' AND p.volunteer_id = $1
         ORDER BY created_at",
    )
    .bind(account)
    .fetch_all(c)
    .await)?)
}

/// Erasure: the texts the person wrote in their applications, the
/// reasons given them and where each came from are removed; codes and
/// dates stay (the organisations' figures need them, and they name no
/// one).
pub async fn erase_application_texts(h: Handle<'_>, account: Uuid) -> Result<u64, StoreError> {
    Ok(on_handle!(h, c => sqlx::query(
        "UPDATE participations SET motivation = NULL, reason = NULL,
                utm_source = NULL, utm_medium = NULL, utm_campaign = NULL, apiengagement_id = NULL
         WHERE volunteer_id = $1",
    )
    .bind(account)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?)
}

/// Erasure: the reasons written in the history of the person's
/// applications (run before `erase_application_texts`' rows change).
pub async fn erase_history_reasons(h: Handle<'_>, account: Uuid) -> Result<u64, StoreError> {
    Ok(on_handle!(h, c => sqlx::query(
        "UPDATE state_history SET reason = NULL
         WHERE subject_kind = 'participation'
           AND subject_id IN (SELECT id FROM participations WHERE volunteer_id = $1)",
    )
    .bind(account)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?)
}

/// Erasure: the outbox forgets the person (emails and requests to their
/// address, whatever their state). One being sent right now finishes, but
/// its row loses the address first, so that it does not keep it once done.
///
/// On PostgreSQL the rows are locked first: a worker claiming one between
/// the two statements would otherwise take it out of both (pending when
/// blanked, running when deleted) and send it, address kept. Workers skip
/// locked rows when they claim, and wait for them when they finish.
pub async fn erase_outbox(h: Handle<'_>, email: &str) -> Result<u64, StoreError> {
    let mut h = h;
    if let Handle::Postgres(c) = h.reborrow() {
        sqlx::query(
            "SELECT id FROM outbox_jobs WHERE kind IN ('email', 'account_email')
               AND lower(payload->>'to') = lower($1) FOR UPDATE",
        )
        .bind(email)
        .execute(&mut *c)
        .await?;
    }
    let blank = match h {
        Handle::Postgres(_) => "jsonb_set(payload, '{to}', '\"(erased)\"')",
        Handle::Sqlite(_) => "json_set(payload, '$.to', '(erased)')",
    };
    let sql = format!(
        "UPDATE outbox_jobs SET payload = {blank} WHERE kind IN ('email', 'account_email')
           AND lower(payload->>'to') = lower($1) AND state = 'running'"
    );
    on_handle!(h.reborrow(), c => sqlx::query(&sql)
        .bind(email)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(on_handle!(h, c => sqlx::query(
        "DELETE FROM outbox_jobs WHERE kind IN ('email', 'account_email')
           AND lower(payload->>'to') = lower($1) AND state <> 'running'",
    )
    .bind(email)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?)
}

/// Erasure: invitations waiting at the person's address.
pub async fn erase_invitations(h: Handle<'_>, email_normalized: &str) -> Result<u64, StoreError> {
    Ok(on_handle!(h, c => sqlx::query(
        "DELETE FROM organization_invitations WHERE email_normalized = $1 AND accepted_at IS NULL",
    )
    .bind(email_normalized)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?)
}
