//! Places on shifts: the shifts an application or a place in line names,
//! checked against the mission; taking one place on each, with one
//! conditional statement, after the mission's own; giving them back when
//! a participation leaves its place. Every caller holds the mission's row
//! first, so two transactions never take shift rows crosswise.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::domain::shift;
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::store::missions::MissionRow;
use crate::store::participations as participation_store;
use crate::store::shifts::{self as store, ShiftRow};
use crate::store::{Handle, Tx};

/// "samedi 14/03/2027, 09:00–12:00", as emails write a shift.
pub fn describe(day: NaiveDate, start: NaiveTime, end: NaiveTime) -> String {
    const DAYS: [&str; 7] = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    use chrono::Datelike;
    format!(
        "{} {}, {}–{}",
        DAYS[day.weekday().num_days_from_monday() as usize],
        day.format("%d/%m/%Y"),
        start.format("%H:%M"),
        end.format("%H:%M")
    )
}

/// The shifts an application chooses, checked against the mission: none
/// for a mission without shifts, at least one otherwise (ids sorted).
pub fn chosen(mission: &MissionRow, shift_ids: Vec<Uuid>) -> Result<Vec<Uuid>, ServiceError> {
    if !mission.has_shifts {
        if shift_ids.is_empty() {
            return Ok(Vec::new());
        }
        return Err(ServiceError::field(
            "shift_ids",
            "no_shifts",
            "this mission has no shifts: apply without choosing any",
        ));
    }
    shift::chosen(shift_ids).map_err(|e| ServiceError::Validation(vec![e]))
}

/// Takes one place on each chosen shift for a new participation, in the
/// caller's transaction, after the mission's own places were taken (its
/// row is locked). A shift unknown, cancelled or past is refused naming
/// `shift_ids`; a full one with 409 `shift_full` naming it.
pub async fn take(
    tx: &mut Tx,
    mission: &MissionRow,
    participation: Uuid,
    shift_ids: &[Uuid],
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    // Past or not where the mission happens.
    let today = mission.day_at(now);
    let mission = mission.id;
    for &id in shift_ids {
        if !store::take(tx.h(), mission, id, today, now).await? {
            return Err(refusal(tx.h(), mission, id, today).await?);
        }
        store::hold(tx.h(), participation, id).await?;
    }
    Ok(())
}

/// Why a shift's place could not be taken.
async fn refusal(
    h: Handle<'_>,
    mission: Uuid,
    id: Uuid,
    today: NaiveDate,
) -> Result<ServiceError, ServiceError> {
    Ok(match store::get(h, mission, id).await? {
        Some(s) if s.is_open(today) => ServiceError::Conflict {
            code: ProblemCode::ShiftFull,
            detail: format!(
                "no place is left on the shift of {}",
                describe(s.day, s.start_time, s.end_time)
            ),
            extensions: vec![("shift_id", json!(id))],
        },
        _ => ServiceError::field(
            "shift_ids",
            "unknown_shift",
            "a shift chosen is not one of this mission's open shifts",
        ),
    })
}

/// The shift a place in line waits for: exactly one, live and not past,
/// on a mission with shifts; none otherwise.
pub async fn waited_for(
    h: Handle<'_>,
    mission: &MissionRow,
    shift_ids: Vec<Uuid>,
    now: DateTime<Utc>,
) -> Result<Option<ShiftRow>, ServiceError> {
    let ids = chosen(mission, shift_ids)?;
    let [id] = ids[..] else {
        if ids.is_empty() {
            return Ok(None);
        }
        return Err(ServiceError::field(
            "shift_ids",
            "one_shift",
            "one waits in line for one shift at a time",
        ));
    };
    match store::get(h, mission.id, id).await? {
        Some(s) if s.is_open(mission.day_at(now)) => Ok(Some(s)),
        _ => Err(ServiceError::field(
            "shift_ids",
            "unknown_shift",
            "a shift chosen is not one of this mission's open shifts",
        )),
    }
}

/// Gives back what a participation leaving its place held, in the
/// caller's transaction (the mission's row first): its shifts' places, or
/// the mission's one place. Returns the shifts freed.
pub async fn give_back(
    tx: &mut Tx,
    participation: Uuid,
    mission: &MissionRow,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>, ServiceError> {
    if !mission.has_shifts {
        participation_store::release_places(tx.h(), mission.id, 1, now).await?;
        return Ok(Vec::new());
    }
    let mut freed = store::let_go_all(tx.h(), participation, now).await?;
    freed.sort();
    let count = i32::try_from(freed.len()).unwrap_or(i32::MAX);
    if count > 0 {
        participation_store::release_places(tx.h(), mission.id, count, now).await?;
    }
    for shift in &freed {
        store::release(tx.h(), *shift, now).await?;
    }
    Ok(freed)
}
