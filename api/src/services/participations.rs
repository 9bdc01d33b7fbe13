//! Participation use cases: applying without overbooking, the
//! organisation's answer, cancellations and cascades.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::access::relation_of;
use super::applying::{already_applied, check_application, conflict, Checked};
use crate::auth::actor::{AccountActor, Acting};
use crate::domain::participation::{DeclineReason, ParticipationState, MISSION_CLOSED};
use crate::email::{self, params, EmailParams};
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::state::AppState;
use crate::store::history::{self, Change, Subject};
use crate::store::missions::{self as mission_store, MissionRow};
use crate::store::organizations::{self as org_store, OrganizationRow};
use crate::store::participations::{self as store, ParticipationRow};
use crate::store::{accounts as account_store, Handle, Tx};
use crate::webhooks::EventType;

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
) -> Result<ParticipationRow, ServiceError> {
    let volunteer = crate::services::access::current(state, actor.id).await?;
    super::quotas::spend(state, super::quotas::Spend::Applied { by: actor.id }).await?;
    let now = state.clock().now();
    let Checked {
        mission,
        org,
        motivation,
        consented,
    } = check_application(
        state,
        &volunteer,
        mission_id,
        motivation,
        parental_consent,
        now,
    )
    .await?;
    let shifts = crate::services::places::chosen(&mission, shift_ids)?;

    let id = Uuid::now_v7();
    let mut tx = state.db.begin().await?;
    if !store::insert(
        tx.h(),
        store::NewParticipation {
            id,
            mission: mission_id,
            volunteer: actor.id,
            motivation: motivation.as_deref(),
            parental_consent_at: consented,
            age_band: crate::domain::account::age_band(volunteer.birth_date, now.date_naive()),
            at: now,
        },
    )
    .await?
    {
        drop(tx);
        let mut conn = state.db.acquire().await?;
        let existing = store::of_volunteer_for(conn.h(), actor.id, mission_id).await?;
        return Err(existing.map_or_else(
            || conflict(ProblemCode::AlreadyApplied, "you already applied"),
            already_applied,
        ));
    }
    // One place on the mission, or one per shift chosen, then each
    // shift's: the mission's row first, as in every change of places.
    let places = i32::try_from(shifts.len().max(1)).unwrap_or(i32::MAX);
    let Some((taken, capacity)) = store::take_places(tx.h(), mission_id, places, now).await? else {
        // Dropping the transaction rolls the insert back.
        return Err(conflict(
            ProblemCode::MissionFull,
            "no place is left on this mission",
        ));
    };
    crate::services::places::take(&mut tx, &mission, id, &shifts, now).await?;
    history::record(
        tx.h(),
        Change {
            subject: Subject::Participation(id),
            actor: Some(actor.id),
            actor_role: "volunteer",
            from: None,
            to: ParticipationState::Pending.as_str(),
            reason: None,
            at: now,
        },
    )
    .await?;
    crate::services::webhooks::participation_event(
        &mut tx,
        org.id,
        id,
        &mission,
        EventType::ParticipationCreated,
        None,
        now,
    )
    .await?;
    let created = params::ParticipationCreated {
        first_name: volunteer.first_name.clone(),
        mission_title: mission.title.clone(),
        organization_name: org.name.clone(),
    };
    email::enqueue(&mut tx, &volunteer.email, &created).await?;
    let volunteer_name = format!("{} {}", volunteer.first_name, volunteer.last_name);
    tell_managers(&mut tx, org.id, |first_name| params::NewApplication {
        first_name,
        volunteer_name: volunteer_name.clone(),
        mission_title: mission.title.clone(),
        mission_id: mission.id.to_string(),
        organization_id: org.id.to_string(),
    })
    .await?;
    fill_level_notices(&mut tx, &mission, &org, taken, capacity).await?;
    crate::services::reminders::application_made(&mut tx, &state.settings.reminders, id, now)
        .await?;
    crate::search::mission_changed(&mut tx, mission_id).await?;
    let row = store::get(tx.h(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    tx.commit().await?;
    state
        .platform
        .cache
        .delete(&crate::services::keys::cache_key(mission_id))
        .await;
    Ok(row)
}

/// Emails every member of the organisation (its managers, owners included).
async fn tell_managers<P: EmailParams>(
    tx: &mut Tx,
    org: Uuid,
    params_for: impl Fn(String) -> P,
) -> Result<(), ServiceError> {
    for (to, first_name) in org_store::member_emails(tx.h(), org).await? {
        email::enqueue(tx, &to, &params_for(first_name)).await?;
    }
    Ok(())
}

/// "Almost full" at 80 % and "full" at 100 %, each told once per mission.
async fn fill_level_notices(
    tx: &mut Tx,
    mission: &MissionRow,
    org: &OrganizationRow,
    taken: i32,
    capacity: i32,
) -> Result<(), ServiceError> {
    if taken >= capacity && store::mark_notified(tx.h(), mission.id, true).await? {
        tell_managers(tx, org.id, |first_name| params::MissionFull {
            first_name,
            mission_title: mission.title.clone(),
            mission_id: mission.id.to_string(),
            organization_id: org.id.to_string(),
            capacity: capacity.to_string(),
        })
        .await?;
    } else if taken * 5 >= capacity * 4
        && taken < capacity
        && store::mark_notified(tx.h(), mission.id, false).await?
    {
        tell_managers(tx, org.id, |first_name| params::MissionAlmostFull {
            first_name,
            mission_title: mission.title.clone(),
            mission_id: mission.id.to_string(),
            organization_id: org.id.to_string(),
            places_taken: taken.to_string(),
            capacity: capacity.to_string(),
        })
        .await?;
    }
    Ok(())
}

/// A participation and how the caller relates to it.
pub struct ParticipationAccess {
    pub participation: ParticipationRow,
    pub mission: MissionRow,
    pub org: OrganizationRow,
    pub volunteer: bool,
    pub member: bool,
}

impl ParticipationAccess {
    pub fn allowed(&self, today: chrono::NaiveDate) -> Vec<ParticipationState> {
        let started = self.mission.start_date.is_none_or(|d| d <= today);
        self.participation
            .state()
            .allowed_targets(self.volunteer, self.member, started)
    }
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
            &state.settings.reminders,
            id,
            &access.mission,
            now,
        )
        .await?;
        crate::search::mission_changed(&mut tx, access.mission.id).await?;
    }
    history::record(
        tx.h(),
        Change {
            subject: Subject::Participation(id),
            actor: who.account_id(),
            actor_role: if access.volunteer {
                "volunteer"
            } else if matches!(who, Acting::Key(_)) {
                "api_key"
            } else if access.member {
                "member"
            } else {
                "admin"
            },
            from: Some(from.as_str()),
            to: to.as_str(),
            reason: reason.as_deref().or(code),
            at: now,
        },
    )
    .await?;
    if to == ParticipationState::Cancelled {
        crate::services::webhooks::participation_event(
            &mut tx,
            access.org.id,
            id,
            &access.mission,
            EventType::ParticipationCancelled,
            code,
            now,
        )
        .await?;
    }
    notify(&mut tx, &access, to, reason_code, reason.as_deref()).await?;
    let days = starting_days(&mut tx, &access).await?;
    match to {
        ParticipationState::Accepted => {
            crate::services::reminders::accepted(
                &mut tx,
                &state.settings.reminders,
                id,
                &days,
                access.mission.time_zone(),
                now,
            )
            .await?
        }
        ParticipationState::Cancelled | ParticipationState::Declined => {
            for start in days {
                let reminder = crate::services::reminders::Reminder::DayBefore {
                    participation: id,
                    start,
                };
                crate::services::reminders::cancel(tx.h(), &reminder).await?;
            }
        }
        _ => {}
    }
    let access = load(tx.h(), who, id).await?;
    tx.commit().await?;
    state
        .platform
        .cache
        .delete(&crate::services::keys::cache_key(access.mission.id))
        .await;
    Ok(access)
}

/// The days a participation starts on: its mission's start, or the day
/// of each shift it holds (or held, for one just given back).
async fn starting_days(
    tx: &mut Tx,
    access: &ParticipationAccess,
) -> Result<Vec<chrono::NaiveDate>, ServiceError> {
    if !access.mission.has_shifts {
        return Ok(access.mission.start_date.into_iter().collect());
    }
    let mut days: Vec<_> = crate::store::shifts::days_of(tx.h(), access.participation.id).await?;
    days.dedup();
    Ok(days)
}

async fn notify(
    tx: &mut Tx,
    access: &ParticipationAccess,
    to: ParticipationState,
    code: Option<DeclineReason>,
    reason: Option<&str>,
) -> Result<(), ServiceError> {
    let volunteer = account_store::by_id(tx.h(), access.participation.volunteer_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mission_title = || access.mission.title.clone();
    let organization_name = || access.org.name.clone();
    match to {
        ParticipationState::Accepted => {
            let p = params::ParticipationAccepted {
                first_name: volunteer.first_name.clone(),
                mission_title: mission_title(),
                organization_name: organization_name(),
            };
            email::enqueue(tx, &volunteer.email, &p).await?;
        }
        ParticipationState::Declined => {
            let p = params::ParticipationDeclined {
                first_name: volunteer.first_name.clone(),
                mission_title: mission_title(),
                organization_name: organization_name(),
                reason: reason
                    .unwrap_or_else(|| code.map_or("", DeclineReason::label))
                    .to_owned(),
            };
            email::enqueue(tx, &volunteer.email, &p).await?;
        }
        ParticipationState::Cancelled if access.volunteer => {
            let volunteer_name = format!("{} {}", volunteer.first_name, volunteer.last_name);
            tell_managers(tx, access.org.id, |first_name| params::VolunteerCancelled {
                first_name,
                volunteer_name: volunteer_name.clone(),
                mission_title: mission_title(),
                mission_id: access.mission.id.to_string(),
                organization_id: access.org.id.to_string(),
            })
            .await?;
        }
        _ => {}
    }
    Ok(())
}

/// A mission closed (cancelled, completed, flagged, or its organisation
/// flagged or deregistered): its pending participations are cancelled, and
/// its accepted ones too unless it was completed; each volunteer is told,
/// and the places come back. Runs in the caller's transaction.
pub async fn close_mission(
    tx: &mut Tx,
    mission: &MissionRow,
    organization_name: &str,
    keep_accepted: bool,
    actor: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let holders = store::holders(tx.h(), mission.id).await?;
    for holder in holders {
        let state = holder.state;
        if keep_accepted && state == ParticipationState::Accepted {
            continue;
        }
        if !cancel_for(tx, holder.id, state, mission, MISSION_CLOSED, actor, now).await? {
            continue;
        }
        crate::services::places::give_back(tx, holder.id, mission, now).await?;
        email::enqueue(
            tx,
            &holder.email,
            &params::ParticipationCancelled {
                first_name: holder.first_name.clone(),
                mission_title: mission.title.clone(),
                organization_name: organization_name.to_owned(),
            },
        )
        .await?;
    }
    Ok(())
}

/// Cancels a participation for a reason outside it (its mission closed,
/// its only shift cancelled), with its history and webhook event; false
/// when a concurrent change moved it first. The caller gives its places
/// back and tells the volunteer.
pub(crate) async fn cancel_for(
    tx: &mut Tx,
    id: Uuid,
    state: ParticipationState,
    mission: &MissionRow,
    reason_code: &str,
    actor: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    if !store::change_state(
        tx.h(),
        id,
        state,
        ParticipationState::Cancelled,
        Some(reason_code),
        None,
        now,
    )
    .await?
    {
        return Ok(false);
    }
    crate::services::webhooks::participation_event(
        tx,
        mission.organization_id,
        id,
        mission,
        EventType::ParticipationCancelled,
        Some(reason_code),
        now,
    )
    .await?;
    history::record(
        tx.h(),
        Change {
            subject: Subject::Participation(id),
            actor,
            actor_role: "system",
            from: Some(state.as_str()),
            to: ParticipationState::Cancelled.as_str(),
            reason: Some(reason_code),
            at: now,
        },
    )
    .await?;
    Ok(true)
}

/// Erasure: the person's place-holding participations are cancelled and
/// their places given back. Runs in the caller's transaction.
pub async fn cancel_all_of(
    tx: &mut Tx,
    reminders: &crate::config::ReminderSettings,
    volunteer: Uuid,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    for p in store::open_of_volunteer(tx.h(), volunteer).await? {
        // The mission's row first, as everywhere places change.
        let Some(mission) = mission_store::get_for_update(tx.h(), p.mission_id).await? else {
            continue;
        };
        if store::change_state(
            tx.h(),
            p.id,
            p.state(),
            ParticipationState::Cancelled,
            Some("account_erased"),
            None,
            now,
        )
        .await?
        {
            crate::services::waiting_list::give_back_and_promote(
                tx, reminders, p.id, &mission, now,
            )
            .await?;
            crate::services::webhooks::participation_event(
                tx,
                mission.organization_id,
                p.id,
                &mission,
                EventType::ParticipationCancelled,
                Some("account_erased"),
                now,
            )
            .await?;
            history::record(
                tx.h(),
                Change {
                    subject: Subject::Participation(p.id),
                    actor: Some(volunteer),
                    actor_role: "volunteer",
                    from: Some(p.state().as_str()),
                    to: ParticipationState::Cancelled.as_str(),
                    reason: Some("account_erased"),
                    at: now,
                },
            )
            .await?;
            crate::search::mission_changed(tx, p.mission_id).await?;
            // The organisation is told, as for any cancellation, without
            // the name of a person who asked to be forgotten.
            tell_managers(tx, mission.organization_id, |first_name| {
                params::VolunteerCancelled {
                    first_name,
                    volunteer_name: "Une personne qui a fermé son compte".into(),
                    mission_title: mission.title.clone(),
                    mission_id: mission.id.to_string(),
                    organization_id: mission.organization_id.to_string(),
                }
            })
            .await?;
        }
    }
    Ok(())
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
