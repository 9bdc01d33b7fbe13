//! Waiting lists. A volunteer who meets a full mission joins its list,
//! first come, first served, after the checks of an application. When a
//! place frees up (a cancellation, a decline, more capacity), the first
//! in line is promoted into a pending application in the very transaction
//! that freed it: the place never shows free to anyone else, and two
//! places freed at once go to two different people (the list's row is
//! taken with `FOR UPDATE SKIP LOCKED`; SQLite has one writer). A
//! promoted volunteer who cancels frees the place for the next.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::applying::{check_application, Checked};
use super::effects::{self, Fact, Via};
use crate::auth::actor::AccountActor;
use crate::config::Settings;
use crate::domain::origin::Origin;
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::state::AppState;
use crate::store::waiting_list as store;
use crate::store::{
    accounts as account_store, missions as mission_store, organizations as org_store,
};
use crate::store::{participations as participation_store, shifts as shift_store, Tx};

/// Joins a full mission's waiting list (joining twice changes nothing);
/// the place in line as the join left it (a place freed just after may
/// already have promoted the volunteer). On a mission with shifts, the
/// line is one full shift's (`shift_ids` names exactly one).
pub async fn join(
    state: &AppState,
    actor: &AccountActor,
    mission_id: Uuid,
    motivation: Option<String>,
    parental_consent: bool,
    shift_ids: Vec<Uuid>,
) -> Result<store::Waiting, ServiceError> {
    let now = state.clock().now();
    // "Full" is decided in the transaction that joins the line, after
    // the mission's row (the lock every place given back takes first): a
    // cancellation committed meanwhile is seen here, and one that comes
    // after finds this volunteer in line and promotes them. Judged
    // outside, a join could enter the line while a place stayed free.
    let mut tx = state.db.begin().await?;
    let volunteer = crate::services::access::active(tx.h(), actor.id).await?;
    let Checked {
        mission,
        motivation,
        consented,
        ..
    } = check_application(
        tx.h(),
        &volunteer,
        mission_id,
        motivation,
        parental_consent,
        now,
    )
    .await?;
    let mission = mission_store::get_for_update(tx.h(), mission.id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let shift = crate::services::places::waited_for(tx.h(), &mission, shift_ids, now).await?;
    let (left, of_what) = match &shift {
        Some(s) => (s.capacity - s.places_taken, "shift"),
        None => (mission.capacity - mission.places_taken, "mission"),
    };
    if left > 0 {
        return Err(ServiceError::Conflict {
            code: ProblemCode::PlacesLeft,
            detail: format!("this {of_what} still has places: apply instead"),
            extensions: vec![("places_left", serde_json::json!(left))],
        });
    }
    store::join(
        tx.h(),
        mission_id,
        actor.id,
        motivation.as_deref(),
        consented,
        shift.map(|s| s.id),
        now,
    )
    .await?;
    let place = store::of_account(tx.h(), actor.id)
        .await?
        .into_iter()
        .find(|w| w.mission_id == mission_id)
        .ok_or(ServiceError::NotFound)?;
    tx.commit().await?;
    Ok(place)
}

pub async fn leave(
    state: &AppState,
    actor: &AccountActor,
    mission: Uuid,
) -> Result<(), ServiceError> {
    let mut conn = state.db.acquire().await?;
    if !store::leave(conn.h(), mission, actor.id).await? {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

/// The caller's places in line.
pub async fn mine(
    state: &AppState,
    actor: &AccountActor,
) -> Result<Vec<store::Waiting>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    Ok(store::of_account(conn.h(), actor.id).await?)
}

/// Fills up to `places` freed places of `mission` (or of one of its
/// shifts) from its line, in the caller's transaction (the one that freed
/// them). Returns how many were promoted.
pub async fn promote(
    tx: &mut Tx,
    settings: &Settings,
    mission: Uuid,
    shift: Option<Uuid>,
    places: i32,
    now: DateTime<Utc>,
) -> Result<i32, ServiceError> {
    let mut promoted = 0;
    // A shift is past or not where the mission happens.
    let today = match shift {
        Some(_) => mission_store::get(tx.h(), mission)
            .await?
            .map_or(now.date_naive(), |m| m.day_at(now)),
        None => now.date_naive(),
    };
    while promoted < places {
        // A place first: none (closed, or taken since) means nobody moves.
        if !take_one(tx, mission, shift, today, now).await? {
            break;
        }
        let Some(entry) = next_in_line(tx, mission, shift, now).await? else {
            participation_store::release_places(tx.h(), mission, 1, now).await?;
            if let Some(shift) = shift {
                shift_store::release(tx.h(), shift, now).await?;
            }
            break;
        };
        announce(tx, settings, mission, entry).await?;
        promoted += 1;
    }
    Ok(promoted)
}

/// One place of the mission, and of the shift when there is one (the
/// mission's row first, as everywhere).
async fn take_one(
    tx: &mut Tx,
    mission: Uuid,
    shift: Option<Uuid>,
    today: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    if participation_store::take_places(tx.h(), mission, 1, now)
        .await?
        .is_none()
    {
        return Ok(false);
    }
    if let Some(shift) = shift {
        if !shift_store::take(tx.h(), mission, shift, today, now).await? {
            participation_store::release_places(tx.h(), mission, 1, now).await?;
            return Ok(false);
        }
    }
    Ok(true)
}

/// Takes people off the list until one gets an application (someone who
/// applied meanwhile keeps their application and leaves the list).
async fn next_in_line(
    tx: &mut Tx,
    mission: Uuid,
    shift: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Option<(Uuid, Uuid)>, ServiceError> {
    while let Some(entry) = store::take_first(tx.h(), mission, shift).await? {
        let id = Uuid::now_v7();
        let born = account_store::by_id(tx.h(), entry.account_id)
            .await?
            .and_then(|a| a.birth_date);
        if participation_store::insert(
            tx.h(),
            participation_store::NewParticipation {
                id,
                mission,
                volunteer: entry.account_id,
                motivation: entry.motivation.as_deref(),
                parental_consent_at: entry.parental_consent_at,
                age_band: crate::domain::account::age_band(born, now.date_naive()),
                // The place came to them: no link brought this application.
                origin: &Origin::default(),
                at: now,
            },
        )
        .await?
        {
            if let Some(shift) = shift {
                shift_store::hold(tx.h(), id, shift).await?;
            }
            return Ok(Some((id, entry.account_id)));
        }
    }
    Ok(None)
}

/// A promoted application sets off what a direct one does: the partner's
/// `participation.created` (reason `waiting_list`), the reminders to
/// answer, and the emails (the volunteer is told the place is theirs, the
/// organisation of a new application).
async fn announce(
    tx: &mut Tx,
    settings: &Settings,
    mission: Uuid,
    (participation, account): (Uuid, Uuid),
) -> Result<(), ServiceError> {
    let m = mission_store::get(tx.h(), mission)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let org = org_store::get(tx.h(), m.organization_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let volunteer = account_store::by_id(tx.h(), account)
        .await?
        .ok_or(ServiceError::NotFound)?;
    // The page is dropped by whoever freed the place.
    let created = effects::record(
        tx,
        settings,
        Fact::ParticipationCreated {
            id: participation,
            via: Via::WaitingList,
            volunteer: &volunteer,
            mission: &m,
            org: &org,
        },
    )
    .await?;
    let _page = created.and(
        effects::record(
            tx,
            settings,
            Fact::ApplicationReceived {
                mission: &m,
                org: &org,
                places: None,
            },
        )
        .await?,
    );
    Ok(())
}

/// Gives back a participation's places and offers each to the next in
/// line: the mission's, or each shift's.
pub async fn give_back_and_promote(
    tx: &mut Tx,
    settings: &Settings,
    participation: Uuid,
    mission: &crate::store::missions::MissionRow,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let freed = super::places::give_back(tx, participation, mission, now).await?;
    if !mission.has_shifts {
        promote(tx, settings, mission.id, None, 1, now).await?;
    }
    for shift in freed {
        promote(tx, settings, mission.id, Some(shift), 1, now).await?;
    }
    Ok(())
}
