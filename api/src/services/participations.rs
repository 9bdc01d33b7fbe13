//! Participation use cases: applying without overbooking, the
//! organisation's answer, cancellations and cascades.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::access::relation_of;
pub use super::access::ParticipationAccess;
use super::applying::{already_applied, check_application, conflict, Checked};
use super::effects::{self, AfterCommit, By, Fact, Reason, Via};
use crate::auth::actor::{AccountActor, Acting};
use crate::config::Settings;
use crate::domain::origin::Origin;
use crate::domain::participation::{
    DeclineReason, ParticipationState, ACCOUNT_ERASED, MISSION_CLOSED, SHIFT_CANCELLED,
};
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::state::AppState;
use crate::store::missions::{self as mission_store, MissionRow};
use crate::store::organizations as org_store;
use crate::store::participations as store;
use crate::store::{Handle, Tx};

/// Applies to a mission. Rules are checked first on what was read; then
/// one transaction inserts the participation (the unique constraint
/// refuses a second one) and takes a place with one conditional UPDATE
/// (which refuses a full mission), so no concurrency can overbook.
pub async fn apply(
    state: &AppState,
    actor: &AccountActor,
    mission_id: Uuid,
    motivation: Option<String>,
    parental_consent: bool,
    shift_ids: Vec<Uuid>,
    origin: &Origin,
) -> Result<Seen, ServiceError> {
    // A mission this process saw full a moment ago is answered at once:
    // on the night, the hundreds who arrive after the last place went cost
    // one indexed read (someone who already applied is told so, with
    // their participation), neither a transaction nor the row lock.
    if state.hot.known_full(mission_id) {
        state.hot.answered_full();
        let mut conn = state.db.acquire().await?;
        return Err(
            match store::of_volunteer_for(conn.h(), actor.id, mission_id).await? {
                Some(existing) => already_applied(existing),
                None => mission_full(mission_id),
            },
        );
    }
    super::quotas::spend(state, super::quotas::Spend::Applied { by: actor.id }).await?;
    let now = state.clock().now();
    // One connection for the whole use case: the checks read on it, the
    // write and what it sets off go on it, and so does what the answer
    // shows. Each object is read once.
    let mut tx = state.db.begin().await?;
    let volunteer = super::access::active(tx.h(), actor.id).await?;
    let Checked {
        mission,
        org,
        motivation,
        consented,
    } = check_application(
        tx.h(),
        &volunteer,
        mission_id,
        motivation,
        parental_consent,
        now,
    )
    .await?;
    let shifts = crate::services::places::chosen(&mission, shift_ids)?;
    let places = i32::try_from(shifts.len().max(1)).unwrap_or(i32::MAX);
    // Full as of the last commit, read without the row lock: refused
    // before anything is written, so the line for the row holds only
    // those who may still get a place.
    if mission.places_taken + places > mission.capacity {
        if mission.places_left() == 0 {
            state.hot.mark_full(mission_id);
        }
        return Err(mission_full(mission_id));
    }

    let id = Uuid::now_v7();
    if !store::insert(
        tx.h(),
        store::NewParticipation {
            id,
            mission: mission_id,
            volunteer: actor.id,
            motivation: motivation.as_deref(),
            parental_consent_at: consented,
            age_band: crate::domain::account::age_band(volunteer.birth_date, now.date_naive()),
            origin,
            at: now,
        },
    )
    .await?
    {
        // Applied meanwhile, by another request of the same person.
        let existing = store::of_volunteer_for(tx.h(), actor.id, mission_id).await?;
        return Err(existing.map_or_else(
            || conflict(ProblemCode::AlreadyApplied, "you already applied"),
            already_applied,
        ));
    }
    // What this application alone writes comes before its place: from
    // the mission's row to the commit, every other applicant of this
    // mission waits, so that span holds only the place and the rows all
    // its applicants share (`Fact::ApplicationReceived`).
    let created = effects::record(
        &mut tx,
        &state.settings,
        Fact::ParticipationCreated {
            id,
            via: Via::Applied,
            volunteer: &volunteer,
            mission: &mission,
            org: &org,
        },
    )
    .await?;
    let participation = store::get(tx.h(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    // One place on the mission, or one per shift chosen, then each
    // shift's: the mission's row first, as in every change of places.
    let Some((taken, capacity)) = store::take_places(tx.h(), mission_id, places, now).await? else {
        // Taken meanwhile (the checks saw it open and published). Dropping
        // the transaction rolls the insert back.
        state.hot.mark_full(mission_id);
        return Err(mission_full(mission_id));
    };
    crate::services::places::take(&mut tx, &mission, id, &shifts, now).await?;
    let after = created.and(
        effects::record(
            &mut tx,
            &state.settings,
            Fact::ApplicationReceived {
                mission: &mission,
                org: &org,
                places: Some((taken, capacity)),
            },
        )
        .await?,
    );
    let access = ParticipationAccess {
        participation,
        mission,
        org,
        volunteer: true,
        member: false,
    };
    let seen = see(tx.h(), access).await?;
    tx.commit().await?;
    after.run(state).await;
    if taken >= capacity {
        state.hot.mark_full(mission_id);
    }
    Ok(seen)
}

/// No place left: with where to look instead, the missions like it
/// nearby that still have places.
fn mission_full(mission: Uuid) -> ServiceError {
    ServiceError::Conflict {
        code: ProblemCode::MissionFull,
        detail: "no place is left on this mission".into(),
        extensions: vec![(
            "similar",
            serde_json::json!(format!("/v1/missions/{mission}/similar")),
        )],
    }
}

/// A participation as its viewer sees it, read with the use case: the
/// shifts it holds and, for the organisation's side, the volunteer's
/// contact details.
pub struct Seen {
    pub access: ParticipationAccess,
    pub shifts: Vec<crate::store::shifts::ShiftRow>,
    /// For the organisation's members (and admins); `None` for the
    /// volunteer.
    pub volunteer: Option<store::WithVolunteer>,
}

async fn see(h: Handle<'_>, access: ParticipationAccess) -> Result<Seen, ServiceError> {
    let mut h = h;
    let id = access.participation.id;
    let shifts = crate::store::shifts::held_by(h.reborrow(), &[id])
        .await?
        .into_iter()
        .map(|held| held.shift)
        .collect();
    let volunteer = if access.volunteer {
        None
    } else {
        Some(
            store::with_volunteer(h, id)
                .await?
                .ok_or(ServiceError::NotFound)?,
        )
    };
    Ok(Seen {
        access,
        shifts,
        volunteer,
    })
}

/// A participation for its volunteer, the organisation's members or an
/// admin, with what its view shows, on one connection; 404 for anyone else.
pub async fn view(state: &AppState, actor: &AccountActor, id: Uuid) -> Result<Seen, ServiceError> {
    let mut conn = state.db.acquire().await?;
    let access = load(conn.h(), Acting::Account(actor), id).await?;
    see(conn.h(), access).await
}

/// Loads a participation for its volunteer, the organisation's members or
/// an admin; 404 for anyone else.
pub async fn load(
    h: Handle<'_>,
    who: Acting<'_>,
    id: Uuid,
) -> Result<ParticipationAccess, ServiceError> {
    let mut h = h;
    let participation = store::get(h.reborrow(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mission = mission_store::get(h.reborrow(), participation.mission_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let org = org_store::get(h.reborrow(), mission.organization_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (member, volunteer, admin) = match who {
        Acting::Account(actor) => (
            org_store::role_of(h, org.id, actor.id).await?.is_some(),
            participation.volunteer_id == actor.id,
            actor.admin,
        ),
        // A key answers for its own organisation's missions only.
        Acting::Key(key) => (key.organization_id == Some(org.id), false, false),
    };
    if !(volunteer || member || admin) {
        return Err(ServiceError::NotFound);
    }
    Ok(ParticipationAccess {
        participation,
        mission,
        org,
        volunteer,
        member,
    })
}

/// Accept, decline, cancel or complete a participation. Leaving a
/// place-holding state gives the place back in the same transaction.
pub async fn transition(
    state: &AppState,
    who: Acting<'_>,
    id: Uuid,
    to: ParticipationState,
    reason_code: Option<DeclineReason>,
    reason: Option<String>,
) -> Result<ParticipationAccess, ServiceError> {
    let seen = moved(state, who, id, to, reason_code, reason, false).await?;
    Ok(seen.access)
}

/// `transition`, with what the participation's view shows after it, read
/// in the same transaction.
pub async fn transition_seen(
    state: &AppState,
    who: Acting<'_>,
    id: Uuid,
    to: ParticipationState,
    reason_code: Option<DeclineReason>,
    reason: Option<String>,
) -> Result<Seen, ServiceError> {
    moved(state, who, id, to, reason_code, reason, true).await
}

async fn moved(
    state: &AppState,
    who: Acting<'_>,
    id: Uuid,
    to: ParticipationState,
    reason_code: Option<DeclineReason>,
    reason: Option<String>,
    with_view: bool,
) -> Result<Seen, ServiceError> {
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    let access = load(tx.h(), who, id).await?;
    let from = access.participation.state();
    let allowed = access.allowed(now.date_naive());
    if !allowed.contains(&to) {
        return Err(crate::services::access::invalid_transition(
            from.as_str(),
            &allowed,
        ));
    }
    let reason = reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    if reason.as_ref().is_some_and(|r| r.chars().count() > 1000) {
        return Err(ServiceError::field(
            "reason",
            "too_long",
            "must be at most 1000 characters",
        ));
    }
    let code = match to {
        ParticipationState::Declined => {
            let code = reason_code.ok_or_else(|| {
                ServiceError::field(
                    "reason_code",
                    "required",
                    "say why the volunteer is declined",
                )
            })?;
            if code == DeclineReason::Other && reason.is_none() {
                return Err(ServiceError::field(
                    "reason",
                    "required",
                    "explain the `other` reason",
                ));
            }
            Some(code.as_str())
        }
        _ => None,
    };
    let gives_back = from.holds_place() && !to.holds_place();
    if gives_back {
        // The mission's row before the participation's, as a mission or
        // shift cancelled takes them: never crosswise.
        mission_store::get_for_update(tx.h(), access.mission.id).await?;
    }
    if !store::change_state(tx.h(), id, from, to, code, reason.as_deref(), now).await? {
        return Err(crate::services::access::invalid_transition(
            from.as_str(),
            &allowed,
        ));
    }
    if gives_back {
        crate::services::waiting_list::give_back_and_promote(
            &mut tx,
            &state.settings,
            id,
            &access.mission,
            now,
        )
        .await?;
    }
    let by = match who {
        _ if access.volunteer => By::Volunteer(access.participation.volunteer_id),
        Acting::Key(_) => By::Key,
        Acting::Account(actor) if access.member => By::Member(actor.id),
        Acting::Account(actor) => By::Admin(actor.id),
    };
    let after = effects::record(
        &mut tx,
        &state.settings,
        Fact::ParticipationMoved {
            id,
            volunteer: access.participation.volunteer_id,
            mission: &access.mission,
            organization_name: &access.org.name,
            from,
            to,
            by,
            reason: Reason {
                code: reason_code.filter(|_| to == ParticipationState::Declined),
                text: reason.as_deref(),
            },
        },
    )
    .await?;
    // Read again: the change moved its state and its time.
    let access = load(tx.h(), who, id).await?;
    let seen = if with_view {
        see(tx.h(), access).await?
    } else {
        Seen {
            access,
            shifts: Vec::new(),
            volunteer: None,
        }
    };
    tx.commit().await?;
    after.run(state).await;
    Ok(seen)
}

/// A mission closed (cancelled, completed, flagged, or its organisation
/// flagged or deregistered): its pending participations are cancelled, and
/// its accepted ones too unless it was completed; each volunteer is told,
/// and the places come back. Runs in the caller's transaction.
pub async fn close_mission(
    tx: &mut Tx,
    settings: &Settings,
    mission: &MissionRow,
    organization_name: &str,
    keep_accepted: bool,
    actor: Option<Uuid>,
) -> Result<AfterCommit, ServiceError> {
    let mut after = AfterCommit::default();
    for holder in store::holders(tx.h(), mission.id).await? {
        if keep_accepted && holder.state == ParticipationState::Accepted {
            continue;
        }
        let cancelled = Cancelled {
            id: holder.id,
            state: holder.state,
            volunteer: holder.volunteer_id,
            by: By::MissionClosed(actor),
        };
        if let Some(done) = cancel_for(tx, settings, cancelled, mission, organization_name).await? {
            crate::services::places::give_back(tx, holder.id, mission, tx.now()).await?;
            after = after.and(done);
        }
    }
    Ok(after)
}

/// A participation cancelled for a reason outside it.
pub(crate) struct Cancelled {
    pub id: Uuid,
    pub state: ParticipationState,
    pub volunteer: Uuid,
    pub by: By,
}

/// Cancels a participation for a reason outside it (its mission closed,
/// its only shift cancelled, its volunteer's account closed) with what
/// that sets off; `None` when a concurrent change moved it first. The
/// caller gives its places back.
pub(crate) async fn cancel_for(
    tx: &mut Tx,
    settings: &Settings,
    cancelled: Cancelled,
    mission: &MissionRow,
    organization_name: &str,
) -> Result<Option<AfterCommit>, ServiceError> {
    let code = match cancelled.by {
        By::MissionClosed(_) => MISSION_CLOSED,
        By::ShiftCancelled(_) => SHIFT_CANCELLED,
        _ => ACCOUNT_ERASED,
    };
    let now = tx.now();
    let to = ParticipationState::Cancelled;
    if !store::change_state(
        tx.h(),
        cancelled.id,
        cancelled.state,
        to,
        Some(code),
        None,
        now,
    )
    .await?
    {
        return Ok(None);
    }
    let fact = Fact::ParticipationMoved {
        id: cancelled.id,
        volunteer: cancelled.volunteer,
        mission,
        organization_name,
        from: cancelled.state,
        to,
        by: cancelled.by,
        reason: Reason::default(),
    };
    Ok(Some(effects::record(tx, settings, fact).await?))
}

/// Erasure: the person's place-holding participations are cancelled and
/// their places given back (to the next in line). Runs in the caller's
/// transaction.
pub async fn cancel_all_of(
    tx: &mut Tx,
    settings: &Settings,
    volunteer: Uuid,
    now: DateTime<Utc>,
) -> Result<AfterCommit, ServiceError> {
    let mut after = AfterCommit::default();
    for p in store::open_of_volunteer(tx.h(), volunteer).await? {
        // The mission's row first, as everywhere places change.
        let Some(mission) = mission_store::get_for_update(tx.h(), p.mission_id).await? else {
            continue;
        };
        let organization_name = org_store::get(tx.h(), mission.organization_id)
            .await?
            .map(|o| o.name)
            .unwrap_or_default();
        let cancelled = Cancelled {
            id: p.id,
            state: p.state(),
            volunteer,
            by: By::Erasure(volunteer),
        };
        if let Some(done) =
            cancel_for(tx, settings, cancelled, &mission, &organization_name).await?
        {
            crate::services::waiting_list::give_back_and_promote(tx, settings, p.id, &mission, now)
                .await?;
            after = after.and(done);
        }
    }
    Ok(after)
}

/// A participation the caller may see (its volunteer, the organisation's
/// members, admins); 404 otherwise.
pub async fn load_visible(
    state: &AppState,
    actor: &AccountActor,
    id: Uuid,
) -> Result<ParticipationAccess, ServiceError> {
    let mut conn = state.db.acquire().await?;
    load(conn.h(), Acting::Account(actor), id).await
}

/// A participation with its volunteer's contact details, for a caller
/// already allowed to see them.
pub async fn with_volunteer(
    state: &AppState,
    id: Uuid,
) -> Result<store::WithVolunteer, ServiceError> {
    let mut conn = state.db.acquire().await?;
    store::with_volunteer(conn.h(), id)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The caller's own participations, newest first.
pub async fn of_volunteer(
    state: &AppState,
    actor: &AccountActor,
    before: Option<Uuid>,
    limit: i64,
) -> Result<Vec<store::WithMission>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    Ok(store::of_volunteer(conn.h(), actor.id, before, limit).await?)
}

/// A mission whose participations the caller may list: the organisation's
/// members (the `bool`) and admins; 404 for anyone else.
pub async fn mission_for_managers(
    state: &AppState,
    actor: &AccountActor,
    mission_id: Uuid,
) -> Result<(MissionRow, bool), ServiceError> {
    let mut conn = state.db.acquire().await?;
    let mission = mission_store::get(conn.h(), mission_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let role = org_store::role_of(conn.h(), mission.organization_id, actor.id).await?;
    let relation = relation_of(Some(actor), role, &mission.department);
    if !(relation.member || relation.admin) {
        return Err(ServiceError::NotFound);
    }
    if relation.member && !relation.admin {
        super::access::approved_only_by_id(conn.h(), mission.organization_id).await?;
    }
    Ok((mission, relation.member))
}

/// A page of a mission's participations, for a caller already allowed.
pub async fn of_mission(
    state: &AppState,
    mission_id: Uuid,
    filter: Option<ParticipationState>,
    before: Option<Uuid>,
    limit: i64,
) -> Result<Vec<store::WithVolunteer>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    Ok(store::of_mission(conn.h(), mission_id, filter, before, limit).await?)
}

/// Answers many applications to one mission at once (its members): each
/// goes through `transition`, in its own transaction, exactly as if
/// answered alone (places, history, emails, events). One that belongs to
/// another mission is not found; one in the wrong state fails alone.
pub async fn answer_many(
    state: &AppState,
    actor: &AccountActor,
    mission_id: Uuid,
    answers: Vec<(Uuid, ParticipationState)>,
    reason_code: Option<DeclineReason>,
    reason: Option<String>,
) -> Result<Vec<(Uuid, Result<ParticipationAccess, ServiceError>)>, ServiceError> {
    let (_, member) = mission_for_managers(state, actor, mission_id).await?;
    if !member {
        return Err(ServiceError::Forbidden {
            code: ProblemCode::MembersOnly,
            detail: "only the organisation's members answer its applications".into(),
        });
    }
    let mut results = Vec::with_capacity(answers.len());
    for (id, to) in answers {
        let outcome = answer_one(
            state,
            actor,
            mission_id,
            id,
            to,
            reason_code,
            reason.clone(),
        )
        .await;
        results.push((id, outcome));
    }
    Ok(results)
}

async fn answer_one(
    state: &AppState,
    actor: &AccountActor,
    mission_id: Uuid,
    id: Uuid,
    to: ParticipationState,
    reason_code: Option<DeclineReason>,
    reason: Option<String>,
) -> Result<ParticipationAccess, ServiceError> {
    if !matches!(
        to,
        ParticipationState::Accepted | ParticipationState::Declined
    ) {
        return Err(ServiceError::field(
            "to",
            "invalid_value",
            "a bulk answer accepts or declines",
        ));
    }
    let belongs = {
        let mut conn = state.db.acquire().await?;
        store::get(conn.h(), id)
            .await?
            .is_some_and(|p| p.mission_id == mission_id)
    };
    if !belongs {
        return Err(ServiceError::NotFound);
    }
    let (code, reason) = match to {
        ParticipationState::Declined => (reason_code, reason),
        _ => (None, None),
    };
    transition(state, Acting::Account(actor), id, to, code, reason).await
}
