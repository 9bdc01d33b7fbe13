//! Shifts: an organisation offers a mission on dated shifts, each with its
//! own places; volunteers choose theirs when applying. Adding, changing
//! and cancelling shifts happen under the mission's row lock, and rewrite
//! the mission's places and dates as the sums and bounds of its shifts, so
//! the listing, search and the rules of applying read them as before.
//! Cancelling a shift gives its places back and tells its volunteers; one
//! whose every shift is cancelled is cancelled too.

use chrono::{NaiveDate, NaiveTime};
use serde_json::json;
use uuid::Uuid;

use super::effects::{self, AfterCommit, Fact, ShiftEvent};
use super::participations::ParticipationAccess;
use super::places;
use crate::auth::actor::{AccountActor, Acting};
use crate::domain::moderation::MissionState;
use crate::domain::shift::{self, Every, ShiftTimes, MAX_PER_MISSION, MAX_PLACES};
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::state::AppState;
use crate::store::participations as participation_store;
use crate::store::shifts::{self as store, ShiftRow};
use crate::store::waiting_list as line_store;
use crate::store::{Handle, Tx};

use super::keys::cache_key;
use super::missions::{lock_editable, MissionAccess};
use super::places::describe;

/// A shift or a weekly or daily series to add.
pub struct NewShift {
    pub day: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub capacity: i32,
    pub repeat: Option<(Every, NaiveDate)>,
}

/// What a change sets; what it leaves out stays.
#[derive(Default)]
pub struct ShiftChange {
    pub day: Option<NaiveDate>,
    pub start: Option<NaiveTime>,
    pub end: Option<NaiveTime>,
    pub capacity: Option<i32>,
}

/// The live shifts of a mission the caller may see: anyone for a public
/// mission, its members, referents and admins otherwise; 404 for others.
pub async fn of_mission(
    state: &AppState,
    actor: Option<&AccountActor>,
    mission: Uuid,
) -> Result<Vec<ShiftRow>, ServiceError> {
    if super::missions::public(state, mission).await?.is_none() {
        let Some(actor) = actor else {
            return Err(ServiceError::NotFound);
        };
        super::missions::load_private(state, actor, mission).await?;
    }
    all_of(state, mission).await
}

/// The live shifts of a mission, for a caller already allowed to see it.
pub async fn all_of(state: &AppState, mission: Uuid) -> Result<Vec<ShiftRow>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    Ok(store::of_mission(conn.h(), mission).await?)
}

/// The live shifts each of these participations holds.
pub async fn held(
    state: &AppState,
    participations: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, Vec<ShiftRow>>, ServiceError> {
    let mut by_participation = std::collections::HashMap::<Uuid, Vec<ShiftRow>>::new();
    if participations.is_empty() {
        return Ok(by_participation);
    }
    let mut conn = state.db.acquire().await?;
    for held in store::held_by(conn.h(), participations).await? {
        by_participation
            .entry(held.participation_id)
            .or_default()
            .push(held.shift);
    }
    Ok(by_participation)
}

/// A public mission's shifts from today on (where it happens, `zone`),
/// for its page.
pub async fn upcoming(
    state: &AppState,
    mission: Uuid,
    zone: chrono_tz::Tz,
) -> Result<Vec<ShiftRow>, ServiceError> {
    let today = state.clock().today_in(&zone);
    let mut shifts = all_of(state, mission).await?;
    shifts.retain(|s| s.day >= today);
    Ok(shifts)
}

/// Adds a shift, or a series of them (members).
pub async fn add(
    state: &AppState,
    who: Acting<'_>,
    mission_id: Uuid,
    new: NewShift,
) -> Result<Vec<ShiftRow>, ServiceError> {
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    let access = lock_editable(&mut tx, who, mission_id).await?;
    let mission = &access.mission;
    if !mission.has_shifts && mission.places_taken > 0 {
        return Err(ServiceError::Conflict {
            code: ProblemCode::ShiftsAfterApplications,
            detail: "this mission already holds applications without shifts".into(),
            extensions: vec![("places_taken", json!(mission.places_taken))],
        });
    }
    let (count, places) = store::totals(tx.h(), mission_id).await?;
    let room = MAX_PER_MISSION.saturating_sub(usize::try_from(count).unwrap_or(usize::MAX));
    let times = ShiftTimes {
        day: new.day,
        start: new.start,
        end: new.end,
    };
    let today = mission.day_at(now);
    let shifts = shift::new_shifts(times, new.capacity, new.repeat, room, today)
        .map_err(ServiceError::Validation)?;
    let added = i64::from(shifts.capacity) * shifts.days.len() as i64;
    within_places(places + added)?;
    let ids = store::insert(tx.h(), mission_id, &shifts, now).await?;
    let reason = format!(
        "shifts added: {} × {}",
        shifts.days.len(),
        describe(new.day, new.start, new.end)
    );
    let done = changed(state, &mut tx, &access, who, &reason, ShiftEvent::Added).await?;
    let rows = store::of_mission(tx.h(), mission_id)
        .await?
        .into_iter()
        .filter(|s| ids.contains(&s.id))
        .collect();
    tx.commit().await?;
    done.run(state).await;
    Ok(rows)
}

fn within_places(total: i64) -> Result<(), ServiceError> {
    if total > MAX_PLACES {
        return Err(ServiceError::field(
            "capacity",
            "too_many",
            &format!("a mission offers at most {MAX_PLACES} places over all its shifts"),
        ));
    }
    Ok(())
}

/// A live shift of a mission, not past, for a change.
async fn open_shift(
    h: Handle<'_>,
    mission: Uuid,
    id: Uuid,
    today: NaiveDate,
) -> Result<ShiftRow, ServiceError> {
    let shift = store::get(h, mission, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !shift.is_open(today) {
        return Err(ServiceError::Conflict {
            code: ProblemCode::ShiftClosed,
            detail: "this shift is cancelled or past".into(),
            extensions: vec![("shift_id", json!(id))],
        });
    }
    Ok(shift)
}

/// Changes a shift's day, hours or places (members). Its volunteers are
/// told when the day or hours move; more places go to its waiting list
/// first.
pub async fn change(
    state: &AppState,
    who: Acting<'_>,
    mission_id: Uuid,
    id: Uuid,
    change: ShiftChange,
) -> Result<ShiftRow, ServiceError> {
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    let access = lock_editable(&mut tx, who, mission_id).await?;
    let today = access.mission.day_at(now);
    let before = open_shift(tx.h(), mission_id, id, today).await?;
    let times = ShiftTimes {
        day: change.day.unwrap_or(before.day),
        start: change.start.unwrap_or(before.start_time),
        end: change.end.unwrap_or(before.end_time),
    };
    let capacity = change.capacity.unwrap_or(before.capacity);
    shift::changed_shift(times, capacity, today).map_err(ServiceError::Validation)?;
    let (_, places) = store::totals(tx.h(), mission_id).await?;
    within_places(places - i64::from(before.capacity) + i64::from(capacity))?;
    if !store::update(tx.h(), id, times.day, times.start, times.end, capacity, now).await? {
        return Err(ServiceError::Conflict {
            code: ProblemCode::CapacityBelowTaken,
            detail: format!("{} places are already taken", before.places_taken),
            extensions: vec![("places_taken", json!(before.places_taken))],
        });
    }
    let was = describe(before.day, before.start_time, before.end_time);
    let now_is = describe(times.day, times.start, times.end);
    let moved = was != now_is;
    let holders = if moved {
        store::holders(tx.h(), id).await?
    } else {
        Vec::new()
    };
    let (reason, change) = if moved {
        let change = ShiftEvent::Moved {
            holders: &holders,
            before: &was,
            after: &now_is,
            day: times.day,
        };
        (format!("shift moved: {was} → {now_is}"), change)
    } else {
        let note = format!("shift places: {} → {capacity} ({now_is})", before.capacity);
        (note, ShiftEvent::Resized)
    };
    let done = changed(state, &mut tx, &access, who, &reason, change).await?;
    if capacity > before.capacity && access.mission.state() == MissionState::Published {
        super::waiting_list::promote(
            &mut tx,
            &state.settings,
            mission_id,
            Some(id),
            capacity - before.capacity,
            now,
        )
        .await?;
    }
    let row = store::get(tx.h(), mission_id, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    tx.commit().await?;
    done.run(state).await;
    Ok(row)
}

/// Cancels a shift (members): its places go back; each volunteer on it is
/// told, and one left with no other shift is cancelled; its waiting line
/// is told and emptied. The last live shift cannot go: cancel the mission.
pub async fn cancel(
    state: &AppState,
    who: Acting<'_>,
    mission_id: Uuid,
    id: Uuid,
    reason: Option<String>,
) -> Result<(), ServiceError> {
    let now = state.clock().now();
    let reason = super::access::check_reason(false, reason.as_deref())?;
    let mut tx = state.db.begin().await?;
    let access = lock_editable(&mut tx, who, mission_id).await?;
    let shift = store::get(tx.h(), mission_id, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if shift.cancelled_at.is_some() {
        // Cancelling again changes nothing.
        return Ok(());
    }
    let (count, _) = store::totals(tx.h(), mission_id).await?;
    if count <= 1 {
        return Err(ServiceError::Conflict {
            code: ProblemCode::LastShift,
            detail: "a mission keeps at least one shift: cancel the mission instead".into(),
            extensions: vec![],
        });
    }
    let when = describe(shift.day, shift.start_time, shift.end_time);
    let mission = &access.mission;
    let mut told = Vec::new();
    for holder in store::holders(tx.h(), id).await? {
        store::let_go(tx.h(), holder.participation_id, id, now).await?;
        let outcome = if holder.other_shifts > 0 {
            "Vos autres créneaux sur cette mission sont maintenus."
        } else {
            let cancelled = super::participations::Cancelled {
                id: holder.participation_id,
                state: holder.state,
                volunteer: holder.volunteer_id,
                by: super::effects::By::ShiftCancelled(who.account_id()),
            };
            // The mission's page is dropped below.
            let _page = super::participations::cancel_for(
                &mut tx,
                &state.settings,
                cancelled,
                mission,
                &access.org.org.name,
            )
            .await?;
            "C'était votre seul créneau sur cette mission : votre participation est annulée."
        };
        told.push((holder.email, holder.first_name, outcome));
    }
    for (to, first_name) in line_store::drop_shift(tx.h(), id).await? {
        let outcome = "Vous étiez sur sa liste d'attente : vous n'y êtes plus.";
        told.push((to, first_name, outcome));
    }
    store::cancel(tx.h(), id, now).await?;
    let note = match &reason {
        Some(r) => format!("shift cancelled: {when}: {r}"),
        None => format!("shift cancelled: {when}"),
    };
    let change = ShiftEvent::Cancelled {
        when: &when,
        reason: reason.as_deref(),
        told: &told,
    };
    let done = changed(state, &mut tx, &access, who, &note, change).await?;
    tx.commit().await?;
    done.run(state).await;
    Ok(())
}

/// After any change of shifts: the mission's places and dates follow
/// them, and the change is recorded with what it sets off.
async fn changed(
    state: &AppState,
    tx: &mut Tx,
    access: &MissionAccess,
    who: Acting<'_>,
    note: &str,
    change: ShiftEvent<'_>,
) -> Result<AfterCommit, ServiceError> {
    let id = access.mission.id;
    let now = tx.now();
    store::sync_mission(tx.h(), id, now).await?;
    let fact = Fact::ShiftsChanged {
        mission: &access.mission,
        organization_name: &access.org.org.name,
        actor: who.account_id(),
        role: access.acting_role(),
        note,
        change,
    };
    effects::record(tx, &state.settings, fact).await
}

/// A volunteer's own participation whose shifts may change: theirs, still
/// holding a place, on a mission with shifts; its mission's row is locked.
async fn own_open_participation(
    tx: &mut Tx,
    actor: &AccountActor,
    id: Uuid,
) -> Result<ParticipationAccess, ServiceError> {
    let access = super::participations::load(tx.h(), Acting::Account(actor), id).await?;
    if !access.volunteer {
        // Members answer applications; the shifts are the volunteer's choice.
        return Err(ServiceError::NotFound);
    }
    crate::store::missions::get_for_update(tx.h(), access.mission.id).await?;
    let state = access.participation.state();
    if !state.holds_place() {
        return Err(ServiceError::Conflict {
            code: ProblemCode::ParticipationClosed,
            detail: format!("a {} participation keeps its shifts", state.as_str()),
            extensions: vec![("current_state", json!(state.as_str()))],
        });
    }
    Ok(access)
}

async fn held_ids(tx: &mut Tx, participation: Uuid) -> Result<Vec<Uuid>, ServiceError> {
    Ok(store::held_by(tx.h(), &[participation])
        .await?
        .into_iter()
        .map(|h| h.shift.id)
        .collect())
}

fn shifts_note(what: &str, shifts: &[Uuid]) -> String {
    let ids: Vec<String> = shifts.iter().map(Uuid::to_string).collect();
    format!("{what}: {}", ids.join(", "))
}

/// A volunteer adds shifts to their participation: a place on each, taken
/// as when applying (the mission's row first, then each shift's, 409
/// `shift_full` when one has none). Shifts already held are left as they
/// are. Returns the shifts held after.
pub async fn add_to_participation(
    state: &AppState,
    actor: &AccountActor,
    id: Uuid,
    shift_ids: Vec<Uuid>,
) -> Result<Vec<ShiftRow>, ServiceError> {
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    let access = own_open_participation(&mut tx, actor, id).await?;
    let mission = &access.mission;
    let held = held_ids(&mut tx, id).await?;
    let mut new = places::chosen(mission, shift_ids)?;
    new.retain(|s| !held.contains(s));
    if !new.is_empty() {
        let count = i32::try_from(new.len()).unwrap_or(i32::MAX);
        if participation_store::take_places(tx.h(), mission.id, count, now)
            .await?
            .is_none()
        {
            return Err(super::applying::conflict(
                ProblemCode::MissionFull,
                "no place is left on this mission",
            ));
        }
        places::take(&mut tx, mission, id, &new, now).await?;
        // The new shifts' days, read with the others in one query.
        let days: Vec<NaiveDate> = store::held_by(tx.h(), &[id])
            .await?
            .into_iter()
            .filter(|h| new.contains(&h.shift.id))
            .map(|h| h.shift.day)
            .collect();
        let note = shifts_note("shifts added", &new);
        record_choice(state, &mut tx, &access, &note, &days).await?;
    }
    finish(state, tx, mission.id, id).await
}

/// A volunteer lets one of their shifts go: its place returns and goes to
/// that shift's line. The only shift held stays (409 `last_shift`):
/// cancelling the participation is how to leave.
pub async fn drop_from_participation(
    state: &AppState,
    actor: &AccountActor,
    id: Uuid,
    shift: Uuid,
) -> Result<Vec<ShiftRow>, ServiceError> {
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    let access = own_open_participation(&mut tx, actor, id).await?;
    let mission = access.mission.id;
    let held = held_ids(&mut tx, id).await?;
    if !held.contains(&shift) {
        return Err(ServiceError::NotFound);
    }
    if held.len() == 1 {
        return Err(ServiceError::Conflict {
            code: ProblemCode::LastShift,
            detail: "this is your only shift on the mission: cancel your participation instead"
                .into(),
            extensions: vec![],
        });
    }
    store::let_go(tx.h(), id, shift, now).await?;
    participation_store::release_places(tx.h(), mission, 1, now).await?;
    store::release(tx.h(), shift, now).await?;
    super::waiting_list::promote(&mut tx, &state.settings, mission, Some(shift), 1, now).await?;
    let note = shifts_note("shift let go", &[shift]);
    record_choice(state, &mut tx, &access, &note, &[]).await?;
    finish(state, tx, mission, id).await
}

async fn record_choice(
    state: &AppState,
    tx: &mut Tx,
    access: &ParticipationAccess,
    note: &str,
    new_days: &[NaiveDate],
) -> Result<(), ServiceError> {
    let fact = Fact::ShiftsChosen {
        participation: &access.participation,
        mission: &access.mission,
        note,
        new_days,
    };
    // `finish` drops the mission's page.
    let _page = effects::record(tx, &state.settings, fact).await?;
    Ok(())
}

/// Commits a change of a participation's shifts; the shifts held after.
async fn finish(
    state: &AppState,
    mut tx: Tx,
    mission: Uuid,
    participation: Uuid,
) -> Result<Vec<ShiftRow>, ServiceError> {
    let held = store::held_by(tx.h(), &[participation])
        .await?
        .into_iter()
        .map(|h| h.shift)
        .collect();
    tx.commit().await?;
    state.platform.cache.delete(&cache_key(mission)).await;
    Ok(held)
}
