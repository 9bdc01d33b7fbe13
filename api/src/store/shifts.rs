//! Shifts of missions, their places, and the shifts each participation
//! holds. Every transaction that changes shifts takes the mission's row
//! first (its places or `get_for_update`), then shifts in id order, so two
//! of them never wait on each other crosswise.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::domain::participation::ParticipationState;
use crate::domain::shift::NewShifts;
use crate::on_handle;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ShiftRow {
    pub id: Uuid,
    pub mission_id: Uuid,
    pub day: NaiveDate,
    pub start_time: NaiveTime,
    pub end_time: NaiveTime,
    pub capacity: i32,
    pub places_taken: i32,
    pub cancelled_at: Option<DateTime<Utc>>,
}

impl ShiftRow {
    /// Live and not past: it takes applications, and may change.
    pub fn is_open(&self, today: NaiveDate) -> bool {
        self.cancelled_at.is_none() && self.day >= today
    }
}

const COLUMNS: &str =
    "id, mission_id, day, start_time, end_time, capacity, places_taken, cancelled_at";

/// A mission's live shifts, in time order.
pub async fn of_mission(h: Handle<'_>, mission: Uuid) -> Result<Vec<ShiftRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM shifts WHERE mission_id = $1 AND cancelled_at IS NULL
         ORDER BY day, start_time, id"
    );
    Ok(on_handle!(h, c => sqlx::query_as::<_, ShiftRow>(&sql).bind(mission).fetch_all(c).await)?)
}

/// One shift of a mission, cancelled or not.
pub async fn get(h: Handle<'_>, mission: Uuid, id: Uuid) -> Result<Option<ShiftRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM shifts WHERE id = $1 AND mission_id = $2");
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, ShiftRow>(&sql).bind(id).bind(mission).fetch_optional(c).await)?,
    )
}

/// How many live shifts a mission has, and their places in all.
pub async fn totals(h: Handle<'_>, mission: Uuid) -> Result<(i64, i64), StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, (i64, i64)>(
        "SELECT COUNT(*), COALESCE(SUM(capacity), 0) FROM shifts WHERE mission_id = $1 AND cancelled_at IS NULL",
    )
    .bind(mission)
    .fetch_one(c)
    .await)?)
}

/// Writes new shifts; returns their ids, in time order.
pub async fn insert(
    h: Handle<'_>,
    mission: Uuid,
    new: &NewShifts,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>, StoreError> {
    let mut h = h;
    let mut ids = Vec::with_capacity(new.days.len());
    for day in &new.days {
        let id = Uuid::now_v7();
        on_handle!(h.reborrow(), c => sqlx::query(
            "INSERT INTO shifts (id, mission_id, day, start_time, end_time, capacity, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        )
        .bind(id)
        .bind(mission)
        .bind(day)
        .bind(new.start)
        .bind(new.end)
        .bind(new.capacity)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
        ids.push(id);
    }
    Ok(ids)
}

/// Changes a live shift's times and places; false when the places asked
/// are fewer than those taken.
pub async fn update(
    h: Handle<'_>,
    id: Uuid,
    day: NaiveDate,
    start: NaiveTime,
    end: NaiveTime,
    capacity: i32,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query(
        "UPDATE shifts SET day = $2, start_time = $3, end_time = $4, capacity = $5, updated_at = $6
         WHERE id = $1 AND cancelled_at IS NULL AND places_taken <= $5",
    )
    .bind(id)
    .bind(day)
    .bind(start)
    .bind(end)
    .bind(capacity)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Cancels a live shift; its places are given back by the caller.
pub async fn cancel(h: Handle<'_>, id: Uuid, now: DateTime<Utc>) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query(
        "UPDATE shifts SET cancelled_at = $2, places_taken = 0, updated_at = $2 WHERE id = $1 AND cancelled_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Takes one place on a live shift of `mission` that has not passed, with
/// one conditional statement: of any number of concurrent applications,
/// exactly as many succeed as there are places.
pub async fn take(
    h: Handle<'_>,
    mission: Uuid,
    shift: Uuid,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query(
        "UPDATE shifts SET places_taken = places_taken + 1, updated_at = $4
         WHERE id = $1 AND mission_id = $2 AND cancelled_at IS NULL AND day >= $3 AND places_taken < capacity",
    )
    .bind(shift)
    .bind(mission)
    .bind(today)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Gives one place of a shift back.
pub async fn release(h: Handle<'_>, shift: Uuid, now: DateTime<Utc>) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "UPDATE shifts SET places_taken = places_taken - 1, updated_at = $2 WHERE id = $1 AND places_taken > 0",
    )
    .bind(shift)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Records that a participation holds a shift (again, if it let it go).
pub async fn hold(h: Handle<'_>, participation: Uuid, shift: Uuid) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "INSERT INTO participation_shifts (participation_id, shift_id) VALUES ($1, $2)
         ON CONFLICT (participation_id, shift_id) DO UPDATE SET released_at = NULL",
    )
    .bind(participation)
    .bind(shift)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Marks every shift a participation holds as given back; returns them.
/// The shifts' places are given back by the caller.
pub async fn let_go_all(
    h: Handle<'_>,
    participation: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_scalar::<_, Uuid>(
        "UPDATE participation_shifts SET released_at = $2
         WHERE participation_id = $1 AND released_at IS NULL RETURNING shift_id",
    )
    .bind(participation)
    .bind(now)
    .fetch_all(c)
    .await)?)
}

/// Marks one shift of a participation as given back; false if it was not
/// held.
pub async fn let_go(
    h: Handle<'_>,
    participation: Uuid,
    shift: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let n = on_handle!(h, c => sqlx::query(
        "UPDATE participation_shifts SET released_at = $3
         WHERE participation_id = $1 AND shift_id = $2 AND released_at IS NULL",
    )
    .bind(participation)
    .bind(shift)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// A place-holding participation on a shift, with its volunteer and how
/// many other shifts it still holds.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Holder {
    pub participation_id: Uuid,
    #[sqlx(try_from = "String")]
    pub state: ParticipationState,
    pub volunteer_id: Uuid,
    pub email: String,
    pub first_name: String,
    pub other_shifts: i64,
}

pub async fn holders(h: Handle<'_>, shift: Uuid) -> Result<Vec<Holder>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, Holder>(
        "SELECT p.id AS participation_id, p.state, p.volunteer_id, a.email, a.first_name,
                (SELECT COUNT(*) FROM participation_shifts o
                 WHERE o.participation_id = p.id AND o.shift_id <> ps.shift_id AND o.released_at IS NULL) AS other_shifts
         FROM participation_shifts ps JOIN participations p ON p.id = ps.participation_id
         JOIN accounts a ON a.id = p.volunteer_id
         WHERE ps.shift_id = $1 AND ps.released_at IS NULL AND p.state IN ('pending', 'accepted')
         ORDER BY p.id",
    )
    .bind(shift)
    .fetch_all(c)
    .await)?)
}

/// A shift held by a participation.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Held {
    pub participation_id: Uuid,
    #[sqlx(flatten)]
    pub shift: ShiftRow,
}

/// The live shifts these participations hold, in time order.
pub async fn held_by(h: Handle<'_>, participations: &[Uuid]) -> Result<Vec<Held>, StoreError> {
    if participations.is_empty() {
        return Ok(Vec::new());
    }
    let select = "SELECT ps.participation_id, s.id, s.mission_id, s.day, s.start_time, s.end_time, s.capacity,
                s.places_taken, s.cancelled_at
         FROM participation_shifts ps JOIN shifts s ON s.id = ps.shift_id
         WHERE ps.released_at IS NULL AND s.cancelled_at IS NULL";
    let order = "ORDER BY s.day, s.start_time, s.id";
    match h {
        Handle::Postgres(c) => {
            let sql = format!("{select} AND ps.participation_id = ANY($1) {order}");
            Ok(sqlx::query_as::<_, Held>(&sql)
                .bind(participations)
                .fetch_all(c)
                .await?)
        }
        Handle::Sqlite(c) => {
            let placeholders: Vec<String> = (1..=participations.len())
                .map(|i| format!("${i}"))
                .collect();
            let sql = format!(
                "{select} AND ps.participation_id IN ({}) {order}",
                placeholders.join(", ")
            );
            let mut q = sqlx::query_as::<_, Held>(&sql);
            for id in participations {
                q = q.bind(id);
            }
            Ok(q.fetch_all(c).await?)
        }
    }
}

/// Writes a mission's places and dates as the sums and bounds of its live
/// shifts, and marks it as a mission with shifts.
pub async fn sync_mission(
    h: Handle<'_>,
    mission: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "UPDATE missions SET has_shifts = TRUE,
            capacity = (SELECT COALESCE(SUM(capacity), 0) FROM shifts WHERE mission_id = $1 AND cancelled_at IS NULL),
            places_taken = (SELECT COALESCE(SUM(places_taken), 0) FROM shifts WHERE mission_id = $1 AND cancelled_at IS NULL),
            start_date = (SELECT MIN(day) FROM shifts WHERE mission_id = $1 AND cancelled_at IS NULL),
            end_date = (SELECT MAX(day) FROM shifts WHERE mission_id = $1 AND cancelled_at IS NULL),
            updated_at = $2
         WHERE id = $1",
    )
    .bind(mission)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The days of every shift a participation holds or held, in order.
pub async fn days_of(h: Handle<'_>, participation: Uuid) -> Result<Vec<NaiveDate>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_scalar::<_, NaiveDate>(
        "SELECT s.day FROM participation_shifts ps JOIN shifts s ON s.id = ps.shift_id
         WHERE ps.participation_id = $1 ORDER BY s.day",
    )
    .bind(participation)
    .fetch_all(c)
    .await)?)
}

/// Whether a participation still holds a live shift on `day`.
pub async fn holds_on(
    h: Handle<'_>,
    participation: Uuid,
    day: NaiveDate,
) -> Result<bool, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_scalar::<_, bool>(
        "SELECT EXISTS (SELECT 1 FROM participation_shifts ps JOIN shifts s ON s.id = ps.shift_id
         WHERE ps.participation_id = $1 AND ps.released_at IS NULL AND s.cancelled_at IS NULL AND s.day = $2)",
    )
    .bind(participation)
    .bind(day)
    .fetch_one(c)
    .await)?)
}
