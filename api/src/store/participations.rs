//! Participations and the places they hold.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::domain::origin::Origin;
use crate::domain::participation::ParticipationState;
use crate::on_handle;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ParticipationRow {
    pub id: Uuid,
    pub mission_id: Uuid,
    pub volunteer_id: Uuid,
    pub motivation: Option<String>,
    #[sqlx(try_from = "String")]
    pub state: ParticipationState,
    pub reason_code: Option<String>,
    pub reason: Option<String>,
    /// When a minor confirmed a parent's consent, if the mission asked.
    pub parental_consent_at: Option<DateTime<Utc>>,
    /// The age band the application was judged on (`age_band`).
    pub age_band: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ParticipationRow {
    pub fn state(&self) -> ParticipationState {
        self.state
    }
}

const COLUMNS: &str =
    "id, mission_id, volunteer_id, motivation, state, reason_code, reason, parental_consent_at, age_band, created_at, updated_at";

/// A pending application to write.
pub struct NewParticipation<'a> {
    pub id: Uuid,
    pub mission: Uuid,
    pub volunteer: Uuid,
    pub motivation: Option<&'a str>,
    pub parental_consent_at: Option<DateTime<Utc>>,
    /// The age band the rules judged it on (`domain::account::age_band`),
    /// kept with it: the birth date may be corrected later.
    pub age_band: &'a str,
    /// Where the application came from.
    pub origin: &'a Origin,
    pub at: DateTime<Utc>,
}

/// Inserts a pending participation, unless the volunteer already has one
/// for this mission (then false: the unique constraint decides, not a
/// prior read that a concurrent request could invalidate).
pub async fn insert(h: Handle<'_>, p: NewParticipation<'_>) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query(
        "INSERT INTO participations (id, mission_id, volunteer_id, motivation, parental_consent_at, state, created_at, updated_at, age_band, organization_id,
                                     utm_source, utm_medium, utm_campaign, apiengagement_id)
         VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6, $7, (SELECT organization_id FROM missions WHERE id = $2), $8, $9, $10, $11)
         ON CONFLICT (volunteer_id, mission_id) DO NOTHING",
    )
    .bind(p.id)
    .bind(p.mission)
    .bind(p.volunteer)
    .bind(p.motivation)
    .bind(p.parental_consent_at)
    .bind(p.at)
    .bind(p.age_band)
    .bind(&p.origin.utm_source)
    .bind(&p.origin.utm_medium)
    .bind(&p.origin.utm_campaign)
    .bind(&p.origin.apiengagement_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn of_volunteer_for(
    h: Handle<'_>,
    volunteer: Uuid,
    mission: Uuid,
) -> Result<Option<ParticipationRow>, StoreError> {
    let sql =
        format!("SELECT {COLUMNS} FROM participations WHERE volunteer_id = $1 AND mission_id = $2");
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, ParticipationRow>(&sql).bind(volunteer).bind(mission).fetch_optional(c).await)?,
    )
}

pub async fn get(h: Handle<'_>, id: Uuid) -> Result<Option<ParticipationRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM participations WHERE id = $1");
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, ParticipationRow>(&sql).bind(id).fetch_optional(c).await)?,
    )
}

/// Takes `count` places (one, or one per shift chosen) with a single
/// conditional statement: of any number of concurrent applications,
/// exactly as many succeed as there are places. Returns (places taken,
/// capacity) after taking, or `None` when full or closed.
pub async fn take_places(
    h: Handle<'_>,
    mission: Uuid,
    count: i32,
    now: DateTime<Utc>,
) -> Result<Option<(i32, i32)>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, (i32, i32)>(
        "UPDATE missions SET places_taken = places_taken + $3, updated_at = $2
         WHERE id = $1 AND places_taken + $3 <= capacity AND state = 'published' AND registration_open
         RETURNING places_taken, capacity",
    )
    .bind(mission)
    .bind(now)
    .bind(count)
    .fetch_optional(c)
    .await)?)
}

/// Gives `count` places back.
pub async fn release_places(
    h: Handle<'_>,
    mission: Uuid,
    count: i32,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "UPDATE missions SET places_taken = CASE WHEN places_taken > $2 THEN places_taken - $2 ELSE 0 END, updated_at = $3
         WHERE id = $1",
    )
    .bind(mission)
    .bind(count)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Moves a participation from `from` to `to`; false when it was no longer
/// in `from` (a concurrent change won).
pub async fn change_state(
    h: Handle<'_>,
    id: Uuid,
    from: ParticipationState,
    to: ParticipationState,
    reason_code: Option<&str>,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query(
        "UPDATE participations SET state = $3, reason_code = COALESCE($4, reason_code), reason = COALESCE($5, reason),
            updated_at = $6
         WHERE id = $1 AND state = $2",
    )
    .bind(id)
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(reason_code)
    .bind(reason)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Sets a mission's "almost full" or "full" flag; true only the first time.
pub async fn mark_notified(h: Handle<'_>, mission: Uuid, full: bool) -> Result<bool, StoreError> {
    let sql = if full {
        "UPDATE missions SET full_notified = true WHERE id = $1 AND NOT full_notified"
    } else {
        "UPDATE missions SET almost_full_notified = true WHERE id = $1 AND NOT almost_full_notified"
    };
    let n = on_handle!(h, c => sqlx::query(sql).bind(mission).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// A participation with its volunteer, as the organisation sees it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WithVolunteer {
    #[sqlx(flatten)]
    pub participation: ParticipationRow,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub postcode: Option<String>,
}

fn prefixed(prefix: &str) -> String {
    COLUMNS
        .split(", ")
        .map(|c| format!("{prefix}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A mission's participations, newest first, optionally in one state.
pub async fn of_mission(
    h: Handle<'_>,
    mission: Uuid,
    state: Option<ParticipationState>,
    before: Option<Uuid>,
    limit: i64,
) -> Result<Vec<WithVolunteer>, StoreError> {
    let sql = format!(
        "SELECT {}, a.first_name, a.last_name, a.email, a.phone, a.postcode
         FROM participations p JOIN accounts a ON a.id = p.volunteer_id
         WHERE p.mission_id = $1 AND ($2 IS NULL OR p.state = $2) AND ($3 IS NULL OR p.id < $3)
         ORDER BY p.id DESC LIMIT $4",
        prefixed("p")
    );
    Ok(on_handle!(h, c => sqlx::query_as::<_, WithVolunteer>(&sql)
        .bind(mission)
        .bind(state.map(ParticipationState::as_str))
        .bind(before)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}

pub async fn with_volunteer(h: Handle<'_>, id: Uuid) -> Result<Option<WithVolunteer>, StoreError> {
    let sql = format!(
        "SELECT {}, a.first_name, a.last_name, a.email, a.phone, a.postcode
         FROM participations p JOIN accounts a ON a.id = p.volunteer_id WHERE p.id = $1",
        prefixed("p")
    );
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, WithVolunteer>(&sql).bind(id).fetch_optional(c).await)?,
    )
}

/// A participation with its mission, as the volunteer sees it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WithMission {
    #[sqlx(flatten)]
    pub participation: ParticipationRow,
    pub mission_title: String,
    #[sqlx(try_from = "String")]
    pub mission_state: crate::domain::moderation::MissionState,
    pub organization_id: Uuid,
    pub organization_name: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
}

/// A volunteer's participations, newest first.
pub async fn of_volunteer(
    h: Handle<'_>,
    volunteer: Uuid,
    before: Option<Uuid>,
    limit: i64,
) -> Result<Vec<WithMission>, StoreError> {
    let sql = format!(
        "SELECT {}, m.title AS mission_title, m.state AS mission_state, o.id AS organization_id,
                o.name AS organization_name, m.start_date, m.end_date
         FROM participations p JOIN missions m ON m.id = p.mission_id JOIN organizations o ON o.id = m.organization_id
         WHERE p.volunteer_id = $1 AND ($2 IS NULL OR p.id < $2)
         ORDER BY p.id DESC LIMIT $3",
        prefixed("p")
    );
    Ok(on_handle!(h, c => sqlx::query_as::<_, WithMission>(&sql)
        .bind(volunteer)
        .bind(before)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}

/// Participations in `states` of a mission, with their volunteer's address
/// and name, for cascades.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Holder {
    pub id: Uuid,
    #[sqlx(try_from = "String")]
    pub state: ParticipationState,
    pub volunteer_id: Uuid,
    pub email: String,
    pub first_name: String,
}

pub async fn holders(h: Handle<'_>, mission: Uuid) -> Result<Vec<Holder>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, Holder>(
        "SELECT p.id, p.state, p.volunteer_id, a.email, a.first_name
         FROM participations p JOIN accounts a ON a.id = p.volunteer_id
         WHERE p.mission_id = $1 AND p.state IN ('pending', 'accepted') ORDER BY p.id",
    )
    .bind(mission)
    .fetch_all(c)
    .await)?)
}

/// The place-holding participations of a volunteer (erasure).
pub async fn open_of_volunteer(
    h: Handle<'_>,
    volunteer: Uuid,
) -> Result<Vec<ParticipationRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM participations WHERE volunteer_id = $1 AND state IN ('pending', 'accepted') ORDER BY id"
    );
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, ParticipationRow>(&sql).bind(volunteer).fetch_all(c).await)?,
    )
}

/// Missions with place-holding participations among an organisation's
/// (cascades when it is flagged or deregistered).
pub async fn missions_with_holders(h: Handle<'_>, org: Uuid) -> Result<Vec<Uuid>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_scalar::<_, Uuid>(
        "SELECT DISTINCT mission_id FROM participations
         WHERE organization_id = $1 AND state IN ('pending', 'accepted')",
    )
    .bind(org)
    .fetch_all(c)
    .await)?)
}

/// Place-holding participations of a mission, counted (consistency checks).
pub async fn count_holding(h: Handle<'_>, mission: Uuid) -> Result<i64, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM participations WHERE mission_id = $1 AND state IN ('pending', 'accepted')",
    )
    .bind(mission)
    .fetch_one(c)
    .await)?)
}

/// A participation as the organisation's change feed reads it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChangedParticipation {
    #[sqlx(flatten)]
    pub with_volunteer: WithVolunteer,
    pub mission_client_id: Option<String>,
    pub mission_start_date: Option<NaiveDate>,
}

/// The participations in `org`'s missions changed after the
/// `(updated_at, id)` position and no later than `until`, in that order.
pub async fn changes_of_organization(
    h: Handle<'_>,
    org: Uuid,
    after: (DateTime<Utc>, Uuid),
    until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<ChangedParticipation>, StoreError> {
    let sql = format!(
        "SELECT {}, a.first_name, a.last_name, a.email, a.phone, a.postcode, m.client_id AS mission_client_id,
                m.start_date AS mission_start_date
         FROM participations p JOIN missions m ON m.id = p.mission_id JOIN accounts a ON a.id = p.volunteer_id
         WHERE p.organization_id = $1
           AND (p.updated_at > $2 OR (p.updated_at = $2 AND p.id > $3)) AND p.updated_at <= $4
         ORDER BY p.updated_at, p.id LIMIT $5",
        prefixed("p")
    );
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, ChangedParticipation>(&sql)
        .bind(org)
        .bind(after.0)
        .bind(after.1)
        .bind(until)
        .bind(limit)
        .fetch_all(c)
        .await)?,
    )
}

/// Records attendance, completing an accepted participation; false when
/// it was no longer accepted (a concurrent change won).
pub async fn record_attendance(
    h: Handle<'_>,
    id: Uuid,
    attended: bool,
    hours: f64,
    code: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query(
        "UPDATE participations SET state = 'completed', attended = $2, hours = $3, attestation_code = $4, updated_at = $5
         WHERE id = $1 AND state = 'accepted'",
    )
    .bind(id)
    .bind(attended)
    .bind(hours)
    .bind(code)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// What an attestation states, found by its participation or its code.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttestationRow {
    pub participation_id: Uuid,
    pub volunteer_id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub erased: bool,
    pub mission_id: Uuid,
    pub mission_title: String,
    pub organization_name: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub hours: f64,
    pub code: String,
    pub completed_at: DateTime<Utc>,
    /// The mission's: its days are reckoned in its zone.
    pub department: String,
}

const ATTESTATION: &str = "SELECT p.id AS participation_id, p.volunteer_id, a.first_name, a.last_name,
        a.state = 'erased' AS erased, m.id AS mission_id, m.title AS mission_title, o.name AS organization_name,
        m.start_date, m.end_date, p.hours, p.attestation_code AS code, p.updated_at AS completed_at,
        m.department
     FROM participations p JOIN accounts a ON a.id = p.volunteer_id
     JOIN missions m ON m.id = p.mission_id JOIN organizations o ON o.id = m.organization_id
     WHERE p.attended AND p.attestation_code IS NOT NULL AND p.hours IS NOT NULL";

pub async fn attestation_of(
    h: Handle<'_>,
    participation: Uuid,
) -> Result<Option<AttestationRow>, StoreError> {
    let sql = format!("{ATTESTATION} AND p.id = $1");
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, AttestationRow>(&sql).bind(participation).fetch_optional(c).await)?,
    )
}

pub async fn attestation_by_code(
    h: Handle<'_>,
    code: &str,
) -> Result<Option<AttestationRow>, StoreError> {
    let sql = format!("{ATTESTATION} AND p.attestation_code = $1");
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, AttestationRow>(&sql).bind(code).fetch_optional(c).await)?,
    )
}

/// A volunteer's attested participations, newest first.
pub async fn attested_of(
    h: Handle<'_>,
    volunteer: Uuid,
) -> Result<Vec<AttestationRow>, StoreError> {
    let sql = format!("{ATTESTATION} AND p.volunteer_id = $1 ORDER BY p.updated_at DESC");
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, AttestationRow>(&sql).bind(volunteer).fetch_all(c).await)?,
    )
}

/// What reporting an application to API Engagement needs.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HubActivity {
    pub mission_id: Uuid,
    pub state: String,
    pub attended: Option<bool>,
    /// The hub's click id the application came with, if any.
    pub apiengagement_id: Option<String>,
    /// The hub's id of the activity, once reported.
    pub hub_activity_id: Option<String>,
}

pub async fn hub_activity(h: Handle<'_>, id: Uuid) -> Result<Option<HubActivity>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, HubActivity>(
        "SELECT mission_id, state, attended, apiengagement_id, hub_activity_id FROM participations WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(c)
    .await)?)
}

/// Whether the application came through API Engagement (a click id).
pub async fn came_from_hub(h: Handle<'_>, id: Uuid) -> Result<bool, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_scalar::<_, bool>(
        "SELECT apiengagement_id IS NOT NULL FROM participations WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(c)
    .await)?
    .unwrap_or(false))
}

pub async fn set_hub_activity(h: Handle<'_>, id: Uuid, activity: &str) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query("UPDATE participations SET hub_activity_id = $2 WHERE id = $1")
        .bind(id)
        .bind(activity)
        .execute(c)
        .await
        .map(|_| ()))?;
    Ok(())
}
