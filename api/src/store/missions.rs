//! Missions and their addresses.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::types::Json;
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::domain::eligibility::Access;
use crate::domain::geo::unit_vector;
use crate::domain::mission::{Audience, Commitment, CommitmentKind, Format, MissionFields, Slot};
use crate::domain::moderation::{MissionState, OrganizationState};
use crate::domain::place::Address;
use crate::on_handle;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MissionRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub title: String,
    pub description: String,
    pub domain: String,
    pub skills: Json<Vec<String>>,
    pub audience: Json<Vec<Audience>>,
    #[sqlx(try_from = "String")]
    pub format: Format,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub slots: Json<Vec<Slot>>,
    pub commitment_kind: String,
    pub commitment_hours: f64,
    pub capacity: i32,
    pub places_taken: i32,
    pub minimum_age: i32,
    pub motivation_required: bool,
    pub registration_open: bool,
    pub access: Json<Access>,
    pub department: String,
    #[sqlx(try_from = "String")]
    pub state: MissionState,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    /// The partner's own id, for missions written through the partner API.
    pub client_id: Option<String>,
    /// Its places and dates are those of its shifts.
    pub has_shifts: bool,
    /// Its picture's renditions' names (domain/picture.rs), if it has one.
    pub image_large: Option<String>,
    pub image_small: Option<String>,
}

impl MissionRow {
    pub fn state(&self) -> MissionState {
        self.state
    }

    /// Where the mission keeps its clocks: its department's zone. Its
    /// slots' and shifts' hours, its days and its reminders are reckoned
    /// there.
    pub fn time_zone(&self) -> chrono_tz::Tz {
        crate::domain::department::time_zone(&self.department)
    }

    /// The day it is at `at` where the mission happens.
    pub fn day_at(&self, at: DateTime<Utc>) -> chrono::NaiveDate {
        at.with_timezone(&self.time_zone()).date_naive()
    }

    pub fn fields(&self, addresses: Vec<Address>) -> MissionFields {
        MissionFields {
            title: self.title.clone(),
            description: self.description.clone(),
            domain: self.domain.clone(),
            skills: self.skills.0.clone(),
            audience: self.audience.0.clone(),
            format: self.format,
            addresses,
            start_date: self.start_date,
            end_date: self.end_date,
            slots: self.slots.0.clone(),
            commitment: Commitment {
                kind: if self.commitment_kind == "total" {
                    CommitmentKind::Total
                } else {
                    CommitmentKind::PerWeek
                },
                hours: self.commitment_hours,
            },
            capacity: self.capacity,
            minimum_age: self.minimum_age,
            motivation_required: self.motivation_required,
            registration_open: self.registration_open,
            access: self.access.0.clone(),
        }
    }

    pub fn places_left(&self) -> i32 {
        (self.capacity - self.places_taken).max(0)
    }
}

/// A mission with its organisation's name, as public lists show it.
#[derive(sqlx::FromRow)]
struct Named {
    #[sqlx(flatten)]
    mission: MissionRow,
    organization_name: String,
}

pub const COLUMNS: &str = "id, organization_id, title, description, domain, skills, audience, format, start_date, end_date,
    slots, commitment_kind, commitment_hours, capacity, places_taken, minimum_age, motivation_required,
    registration_open, access, department, state, created_at, updated_at, submitted_at, published_at, client_id, has_shifts,
    image_large, image_small";

/// `COLUMNS` of the table aliased `m`, for queries that join it.
fn m_columns() -> String {
    COLUMNS
        .split(',')
        .map(|c| format!("m.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn kind_str(k: CommitmentKind) -> &'static str {
    match k {
        CommitmentKind::PerWeek => "per_week",
        CommitmentKind::Total => "total",
    }
}

pub async fn get(h: Handle<'_>, id: Uuid) -> Result<Option<MissionRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM missions WHERE id = $1");
    Ok(on_handle!(h, c => sqlx::query_as::<_, MissionRow>(&sql).bind(id).fetch_optional(c).await)?)
}

/// Locks the row for a change (PostgreSQL; SQLite's write transaction
/// already excludes other writers).
pub async fn get_for_update(h: Handle<'_>, id: Uuid) -> Result<Option<MissionRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM missions WHERE id = $1{}",
        h.for_update()
    );
    Ok(on_handle!(h, c => sqlx::query_as::<_, MissionRow>(&sql).bind(id).fetch_optional(c).await)?)
}

/// Binds a mission's editable fields, in the order both `insert` and
/// `update` number them, on either backend's query.
macro_rules! bind_fields {
    ($query:expr, $m:expr) => {
        $query
            .bind(&$m.title)
            .bind(&$m.description)
            .bind(&$m.domain)
            .bind(Json(&$m.skills))
            .bind(Json(&$m.audience))
            .bind($m.format.as_str())
            .bind($m.start_date)
            .bind($m.end_date)
            .bind(Json(&$m.slots))
            .bind(kind_str($m.commitment.kind))
            .bind($m.commitment.hours)
            .bind($m.capacity)
            .bind($m.minimum_age)
            .bind($m.motivation_required)
            .bind($m.registration_open)
            .bind(Json(&$m.access))
            .bind(Json($m.accessibility()))
    };
}

pub async fn insert(
    h: Handle<'_>,
    id: Uuid,
    organization: Uuid,
    m: &MissionFields,
    department: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => bind_fields!(sqlx::query(
        "INSERT INTO missions (id, organization_id, title, description, domain, skills, audience, format, start_date,
            end_date, slots, commitment_kind, commitment_hours, capacity, places_taken, minimum_age, motivation_required,
            registration_open, access, accessibility, department, state, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 0, $15, $16, $17, $18, $19, $20, 'draft', $21, $21)",
    )
    .bind(id)
    .bind(organization), m)
    .bind(department)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Updates the editable fields. The capacity may not drop below the
/// places taken: the statement then changes nothing and returns false.
pub async fn update(
    h: Handle<'_>,
    id: Uuid,
    m: &MissionFields,
    department: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => bind_fields!(sqlx::query(
        "UPDATE missions SET title = $2, description = $3, domain = $4, skills = $5, audience = $6, format = $7,
            start_date = $8, end_date = $9, slots = $10, commitment_kind = $11, commitment_hours = $12, capacity = $13,
            minimum_age = $14, motivation_required = $15, registration_open = $16, access = $17, accessibility = $18,
            department = $19, updated_at = $20
         WHERE id = $1 AND places_taken <= $13",
    )
    .bind(id), m)
    .bind(department)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Replaces a mission's addresses (delete, then insert in order).
pub async fn replace_addresses(
    mut h: Handle<'_>,
    id: Uuid,
    addresses: &[Address],
) -> Result<(), StoreError> {
    on_handle!(h.reborrow(), c => sqlx::query("DELETE FROM mission_addresses WHERE mission_id = $1")
        .bind(id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    for (position, a) in addresses.iter().enumerate() {
        on_handle!(h.reborrow(), c => sqlx::query(
            "INSERT INTO mission_addresses (mission_id, position, line, postcode, city, department, latitude, longitude, x, y, z)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(id)
        .bind(position as i32)
        .bind(&a.line)
        .bind(&a.postcode)
        .bind(&a.city)
        .bind(&a.department)
        .bind(a.latitude)
        .bind(a.longitude)
        .bind(unit_vector(a.latitude, a.longitude)[0])
        .bind(unit_vector(a.latitude, a.longitude)[1])
        .bind(unit_vector(a.latitude, a.longitude)[2])
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct AddressRow {
    mission_id: Uuid,
    line: Option<String>,
    postcode: String,
    city: String,
    department: String,
    latitude: f64,
    longitude: f64,
}

impl From<AddressRow> for Address {
    fn from(r: AddressRow) -> Self {
        Address {
            line: r.line,
            postcode: r.postcode,
            city: r.city,
            department: r.department,
            latitude: r.latitude,
            longitude: r.longitude,
        }
    }
}

/// The addresses of several missions, each in its order.
pub async fn addresses_of(
    h: Handle<'_>,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Address>>, StoreError> {
    let mut out: HashMap<Uuid, Vec<Address>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    const SELECT: &str =
        "SELECT mission_id, line, postcode, city, department, latitude, longitude FROM mission_addresses";
    let rows = match h {
        Handle::Postgres(c) => {
            sqlx::query_as::<_, AddressRow>(&format!(
                "{SELECT} WHERE mission_id = ANY($1) ORDER BY mission_id, position"
            ))
            .bind(ids)
            .fetch_all(c)
            .await?
        }
        Handle::Sqlite(c) => {
            let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "{SELECT} WHERE mission_id IN ({}) ORDER BY mission_id, position",
                placeholders.join(", ")
            );
            let mut query = sqlx::query_as::<_, AddressRow>(&sql);
            for id in ids {
                query = query.bind(id);
            }
            query.fetch_all(c).await?
        }
    };
    for row in rows {
        out.entry(row.mission_id).or_default().push(row.into());
    }
    Ok(out)
}

pub async fn set_state(
    h: Handle<'_>,
    id: Uuid,
    to: MissionState,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let submitted = (to == MissionState::PendingReview).then_some(now);
    let published = (to == MissionState::Published).then_some(now);
    let close = to.closes_registration();
    on_handle!(h, c => sqlx::query(
        "UPDATE missions SET state = $2, updated_at = $3,
            submitted_at = COALESCE($4, submitted_at),
            published_at = COALESCE(published_at, $5),
            registration_open = CASE WHEN $6 THEN false ELSE registration_open END
         WHERE id = $1",
    )
    .bind(id)
    .bind(to.as_str())
    .bind(now)
    .bind(submitted)
    .bind(published)
    .bind(close)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Deletes a draft; false when the mission is not (or no longer) a draft.
pub async fn delete_draft(h: Handle<'_>, id: Uuid) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query("DELETE FROM missions WHERE id = $1 AND state = 'draft'")
        .bind(id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// An organisation's missions, newest first, after the `before` id
/// (UUIDv7 ids sort by creation time), optionally in one state.
pub async fn of_organization(
    h: Handle<'_>,
    org: Uuid,
    state: Option<MissionState>,
    before: Option<Uuid>,
    limit: i64,
) -> Result<Vec<MissionRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM missions
         WHERE organization_id = $1 AND ($2 IS NULL OR state = $2) AND ($3 IS NULL OR id < $3)
         ORDER BY id DESC LIMIT $4"
    );
    Ok(on_handle!(h, c => sqlx::query_as::<_, MissionRow>(&sql)
        .bind(org)
        .bind(state.map(MissionState::as_str))
        .bind(before)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}

/// Filters of the public listing.
#[derive(Debug, Default, Clone)]
pub struct PublicFilter {
    /// Missions with an address in this department (or moderated by it).
    pub department: Option<String>,
    pub domain: Option<String>,
    pub format: Option<Format>,
    pub organization: Option<Uuid>,
    /// Missions starting on or after this day (undated ones are kept).
    pub starting_after: Option<NaiveDate>,
    /// Accessibility flags that must all hold.
    pub accessibility: Vec<crate::domain::eligibility::Accessibility>,
}

/// Published missions of approved organisations, newest first, after the
/// `(published_at, id)` cursor, with their organisation's name.
pub async fn public_listing(
    h: Handle<'_>,
    f: &PublicFilter,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<Vec<(MissionRow, String)>, StoreError> {
    let columns = m_columns();
    // Every flag asked for ($9, a JSON list) is among the mission's.
    let every_flag = match h {
        Handle::Postgres(_) => "m.accessibility @> $9::jsonb",
        Handle::Sqlite(_) => {
            "NOT EXISTS (SELECT 1 FROM json_each($9) w
                         WHERE w.value NOT IN (SELECT value FROM json_each(m.accessibility)))"
        }
    };
    // What every listed mission satisfies, the department aside: only the
    // filters given are written, so that each combination is planned for
    // itself (`$2 IS NULL OR …` leaves PostgreSQL's plan for any
    // parameters a guess, and it guessed a sequential scan). Every value
    // is bound, at its number, whether the statement reads it or not.
    let mut filters = vec!["m.state = 'published' AND o.state = 'approved'".to_owned()];
    for (given, condition) in [
        (f.domain.is_some(), "m.domain = $2"),
        (f.format.is_some(), "m.format = $3"),
        (f.organization.is_some(), "m.organization_id = $4"),
        (
            f.starting_after.is_some(),
            "(m.start_date IS NULL OR m.start_date >= $5)",
        ),
        (
            after.is_some(),
            "(m.published_at < $6 OR (m.published_at = $6 AND m.id < $7))",
        ),
        (!f.accessibility.is_empty(), every_flag),
    ] {
        if given {
            filters.push(condition.to_owned());
        }
    }
    let common = format!(
        "SELECT {columns}, o.name AS organization_name FROM missions m JOIN organizations o ON o.id = m.organization_id
         WHERE {}",
        filters.join(" AND ")
    );
    let newest = "ORDER BY m.published_at DESC, m.id DESC LIMIT $8";
    let sql = if f.department.is_some() {
        // A department's missions, and those of other departments with a
        // later address in it (a mission's department is its first
        // address's), each newest first: the first read from the index of
        // the department's missions in publication order, a page and no
        // more, instead of walking the country's until a page is found;
        // the second from the few later addresses.
        format!(
            "SELECT * FROM (
                SELECT * FROM ({common} AND m.department = $1 {newest}) own
                UNION ALL
                SELECT * FROM ({common} AND m.department <> $1
                    AND m.id IN (SELECT a.mission_id FROM mission_addresses a WHERE a.department = $1 AND a.position > 0)
                    {newest}) visiting
             ) listed ORDER BY published_at DESC, id DESC LIMIT $8"
        )
    } else {
        format!("{common} {newest}")
    };
    let (after_at, after_id) = after.map_or((None, None), |(a, i)| (Some(a), Some(i)));
    let rows = on_handle!(h, c => sqlx::query_as::<_, Named>(&sql)
        .bind(&f.department)
        .bind(&f.domain)
        .bind(f.format.map(Format::as_str))
        .bind(f.organization)
        .bind(f.starting_after)
        .bind(after_at)
        .bind(after_id)
        .bind(limit)
        .bind(Json(&f.accessibility))
        .fetch_all(c)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.mission, r.organization_name))
        .collect())
}

/// Missions waiting for review in `departments` (all when `None`), oldest
/// first, after the `(submitted_at, id)` cursor.
pub async fn review_queue(
    h: Handle<'_>,
    departments: Option<&[String]>,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<Vec<MissionRow>, StoreError> {
    let departments = departments.map(|d| Json(d.to_vec()));
    let (after_at, after_id) = after.map_or((None, None), |(a, i)| (Some(a), Some(i)));
    let sql = format!(
        "SELECT {COLUMNS} FROM missions
         WHERE state = 'pending_review'
           AND ($1 IS NULL OR department IN ({}))
           AND ($2 IS NULL OR submitted_at > $2 OR (submitted_at = $2 AND id > $3))
         ORDER BY submitted_at, id LIMIT $4",
        h.json_strings("$1")
    );
    Ok(on_handle!(h, c => sqlx::query_as::<_, MissionRow>(&sql)
        .bind(&departments)
        .bind(after_at)
        .bind(after_id)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}

/// Closes registrations of every open mission of an organisation (it was
/// flagged or deregistered).
pub async fn close_registrations_of(
    h: Handle<'_>,
    org: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "UPDATE missions SET registration_open = false, updated_at = $2
         WHERE organization_id = $1 AND registration_open
           AND state IN ('draft', 'pending_review', 'published', 'flagged')",
    )
    .bind(org)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A published mission of an approved organisation, with that
/// organisation's name: what the public may see.
pub async fn public(h: Handle<'_>, id: Uuid) -> Result<Option<(MissionRow, String)>, StoreError> {
    let columns = m_columns();
    let sql = format!(
        "SELECT {columns}, o.name AS organization_name FROM missions m JOIN organizations o ON o.id = m.organization_id
         WHERE m.id = $1 AND m.state = 'published' AND o.state = 'approved'"
    );
    let row =
        on_handle!(h, c => sqlx::query_as::<_, Named>(&sql).bind(id).fetch_optional(c).await)?;
    Ok(row.map(|r| (r.mission, r.organization_name)))
}

/// The published missions of an organisation (whose visibility follows it).
pub async fn published_of(h: Handle<'_>, org: Uuid) -> Result<Vec<Uuid>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_scalar::<_, Uuid>(
        "SELECT id FROM missions WHERE organization_id = $1 AND state = 'published' ORDER BY id",
    )
    .bind(org)
    .fetch_all(c)
    .await)?)
}

/// Marks an organisation's published missions as changed, for the change
/// feed: they enter or leave public view with their organisation.
pub async fn touch_published_of(
    h: Handle<'_>,
    org: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "UPDATE missions SET updated_at = $2 WHERE organization_id = $1 AND state = 'published'",
    )
    .bind(org)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Gives a new mission the partner's own id (unique in its organisation).
pub async fn set_client_id(h: Handle<'_>, id: Uuid, client_id: &str) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query("UPDATE missions SET client_id = $2 WHERE id = $1")
        .bind(id)
        .bind(client_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The organisation's mission that a partner knows by `client_id`.
pub async fn by_client_id(
    h: Handle<'_>,
    org: Uuid,
    client_id: &str,
) -> Result<Option<Uuid>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_scalar::<_, Uuid>(
        "SELECT id FROM missions WHERE organization_id = $1 AND client_id = $2",
    )
    .bind(org)
    .bind(client_id)
    .fetch_optional(c)
    .await)?)
}

/// Fills the unit vectors of addresses written before they existed; runs
/// at start-up and is a no-op once done.
pub async fn backfill_unit_vectors(db: &super::Db) -> Result<u64, StoreError> {
    let mut conn = db.acquire().await?;
    let rows = on_handle!(conn.h(), c => sqlx::query_as::<_, (Uuid, i32, f64, f64)>(
        "SELECT mission_id, position, latitude, longitude FROM mission_addresses WHERE x IS NULL",
    )
    .fetch_all(c)
    .await)?;
    for (mission, position, lat, lon) in &rows {
        let [x, y, z] = unit_vector(*lat, *lon);
        on_handle!(conn.h(), c => sqlx::query(
            "UPDATE mission_addresses SET x = $3, y = $4, z = $5 WHERE mission_id = $1 AND position = $2",
        )
        .bind(mission)
        .bind(position)
        .bind(x)
        .bind(y)
        .bind(z)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    }
    Ok(rows.len() as u64)
}

/// A mission with what an external search index needs of its organisation.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ForIndex {
    #[sqlx(flatten)]
    pub mission: MissionRow,
    pub organization_name: String,
    #[sqlx(try_from = "String")]
    pub organization_state: OrganizationState,
}

fn for_index_select() -> String {
    let columns = m_columns();
    format!(
        "SELECT {columns}, o.name AS organization_name, o.state AS organization_state
         FROM missions m JOIN organizations o ON o.id = m.organization_id"
    )
}

/// The missions to index after `after` (by id), `limit` at a time.
pub async fn page_for_index(
    h: Handle<'_>,
    after: Option<Uuid>,
    limit: i64,
) -> Result<Vec<ForIndex>, StoreError> {
    let sql = format!(
        "{} WHERE ($1 IS NULL OR m.id > $1) ORDER BY m.id LIMIT $2",
        for_index_select()
    );
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, ForIndex>(&sql).bind(after).bind(limit).fetch_all(c).await)?,
    )
}

/// These missions, for indexing (unknown ids are left out).
pub async fn for_index(h: Handle<'_>, ids: &[Uuid]) -> Result<Vec<ForIndex>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    match h {
        Handle::Postgres(c) => {
            let sql = format!("{} WHERE m.id = ANY($1)", for_index_select());
            Ok(sqlx::query_as::<_, ForIndex>(&sql)
                .bind(ids)
                .fetch_all(c)
                .await?)
        }
        Handle::Sqlite(c) => {
            let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "{} WHERE m.id IN ({})",
                for_index_select(),
                placeholders.join(", ")
            );
            let mut q = sqlx::query_as::<_, ForIndex>(&sql);
            for id in ids {
                q = q.bind(id);
            }
            Ok(q.fetch_all(c).await?)
        }
    }
}

pub async fn count_all(h: Handle<'_>) -> Result<i64, StoreError> {
    Ok(
        on_handle!(h, c => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM missions").fetch_one(c).await)?,
    )
}

/// A mission as the change feed reads it: with its organisation's public
/// identity and whether the public may see it now.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FeedRow {
    #[sqlx(flatten)]
    pub mission: MissionRow,
    pub organization_name: String,
    pub organization_siret: Option<String>,
    pub organization_rna: Option<String>,
    #[sqlx(try_from = "String")]
    pub organization_state: OrganizationState,
    /// Its logo's large rendition, if any.
    pub organization_logo: Option<String>,
}

impl FeedRow {
    pub fn is_public(&self) -> bool {
        self.mission.state == MissionState::Published
            && self.organization_state == OrganizationState::Approved
    }
}

/// The missions that were ever public (of `org`, or all), changed after the
/// `(updated_at, id)` position and no later than `until`, in that order.
pub async fn changes(
    h: Handle<'_>,
    org: Option<Uuid>,
    after: (DateTime<Utc>, Uuid),
    until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<FeedRow>, StoreError> {
    let columns = m_columns();
    // A mission never published was never in a mirror: no tombstone.
    let sql = format!(
        "SELECT {columns}, {FEED_ORGANIZATION}
         FROM missions m JOIN organizations o ON o.id = m.organization_id
         WHERE m.published_at IS NOT NULL AND ($1 IS NULL OR m.organization_id = $1)
           AND (m.updated_at > $2 OR (m.updated_at = $2 AND m.id > $3)) AND m.updated_at <= $4
         ORDER BY m.updated_at, m.id LIMIT $5"
    );
    Ok(on_handle!(h, c => sqlx::query_as::<_, FeedRow>(&sql)
        .bind(org)
        .bind(after.0)
        .bind(after.1)
        .bind(until)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}

/// A mission open to applications now: published, of an approved
/// organisation, registration open, places left or dated shifts.
const OPEN: &str = "m.state = 'published' AND o.state = 'approved' AND m.registration_open
           AND (m.has_shifts OR m.places_taken < m.capacity)";

/// What the open missions' listing depends on: how many, their latest
/// change and their organisations', and the places they hold. Equal
/// figures, equal listing (the hub feed's validator).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct OpenFingerprint {
    pub missions: i64,
    pub changed: Option<DateTime<Utc>>,
    pub organizations_changed: Option<DateTime<Utc>>,
    pub places_taken: i64,
}

pub async fn open_fingerprint(h: Handle<'_>) -> Result<OpenFingerprint, StoreError> {
    let sql = format!(
        "SELECT COUNT(*) AS missions, MAX(m.updated_at) AS changed, MAX(o.updated_at) AS organizations_changed,
                CAST(COALESCE(SUM(m.places_taken), 0) AS BIGINT) AS places_taken
         FROM missions m JOIN organizations o ON o.id = m.organization_id
         WHERE {OPEN}"
    );
    Ok(on_handle!(h, c => sqlx::query_as::<_, OpenFingerprint>(&sql).fetch_one(c).await)?)
}

/// The open missions after `after` by id, `limit` at a time: what the
/// mission hubs list.
pub async fn open_page(h: Handle<'_>, after: Uuid, limit: i64) -> Result<Vec<FeedRow>, StoreError> {
    let columns = m_columns();
    let sql = format!(
        "SELECT {columns}, {FEED_ORGANIZATION}
         FROM missions m JOIN organizations o ON o.id = m.organization_id
         WHERE {OPEN} AND m.id > $1
         ORDER BY m.id LIMIT $2"
    );
    Ok(on_handle!(h, c => sqlx::query_as::<_, FeedRow>(&sql)
        .bind(after)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}

/// Missions published in `(after, until]` still open to applications,
/// oldest first, with their organisation's name: what the saved searches'
/// alerts tell (from `missions_published`).
pub async fn open_published_between(
    h: Handle<'_>,
    after: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<(MissionRow, String)>, StoreError> {
    let columns = m_columns();
    let sql = format!(
        "SELECT {columns}, o.name AS organization_name
         FROM missions m JOIN organizations o ON o.id = m.organization_id
         WHERE {OPEN} AND m.published_at > $1 AND m.published_at <= $2
         ORDER BY m.published_at, m.id LIMIT $3"
    );
    let rows = on_handle!(h, c => sqlx::query_as::<_, Named>(&sql)
        .bind(after)
        .bind(until)
        .bind(limit)
        .fetch_all(c)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.mission, r.organization_name))
        .collect())
}

/// What a feed says of a mission's organisation (`FeedRow`'s fields).
const FEED_ORGANIZATION: &str = "o.name AS organization_name, o.siret AS organization_siret,
    o.rna AS organization_rna, o.state AS organization_state, o.logo_large AS organization_logo";

/// The mission, if it is open to applications now.
pub async fn open_one(h: Handle<'_>, id: Uuid) -> Result<Option<FeedRow>, StoreError> {
    let columns = m_columns();
    let sql = format!(
        "SELECT {columns}, {FEED_ORGANIZATION}
         FROM missions m JOIN organizations o ON o.id = m.organization_id
         WHERE {OPEN} AND m.id = $1"
    );
    Ok(on_handle!(h, c => sqlx::query_as::<_, FeedRow>(&sql).bind(id).fetch_optional(c).await)?)
}
