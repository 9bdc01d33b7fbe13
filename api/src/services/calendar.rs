//! Calendar files: one per accepted participation, for its volunteer, and
//! a personal feed (a secret URL, revocable) listing the volunteer's
//! upcoming accepted participations for their calendar application.

use uuid::Uuid;

use crate::auth::actor::AccountActor;
use crate::auth::tokens;
use crate::domain::calendar::{self, DatedShift, Engagement};
use crate::domain::participation::ParticipationState;
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::state::AppState;
use crate::store::calendar as store;
use crate::store::missions as mission_store;
use crate::store::Handle;

/// The calendar of these (participation, mission) pairs.
async fn render(
    state: &AppState,
    h: Handle<'_>,
    pairs: &[(Uuid, Uuid)],
    name: &str,
) -> Result<String, ServiceError> {
    let mut h = h;
    let ids: Vec<Uuid> = pairs.iter().map(|(_, m)| *m).collect();
    let missions = mission_store::for_index(h.reborrow(), &ids).await?;
    let mut addresses = mission_store::addresses_of(h.reborrow(), &ids).await?;
    let participations: Vec<Uuid> = pairs.iter().map(|(p, _)| *p).collect();
    let mut held = std::collections::HashMap::<Uuid, Vec<DatedShift>>::new();
    for h in crate::store::shifts::held_by(h, &participations).await? {
        held.entry(h.participation_id)
            .or_default()
            .push(DatedShift {
                id: h.shift.id,
                day: h.shift.day,
                start: h.shift.start_time,
                end: h.shift.end_time,
            });
    }
    let now = state.clock().now();
    let app_url = &state.settings.auth.app_base_url;
    let mut events = Vec::new();
    let mut zones = calendar::Zones::default();
    for (participation, mission) in pairs {
        let Some(row) = missions.iter().find(|r| r.mission.id == *mission) else {
            continue;
        };
        let place = addresses
            .remove(mission)
            .and_then(|a| a.into_iter().next())
            .map(|a| match a.line {
                Some(line) => format!("{line}, {} {}", a.postcode, a.city),
                None => format!("{} {}", a.postcode, a.city),
            });
        let m = &row.mission;
        events.extend(calendar::events(
            &Engagement {
                participation: *participation,
                mission: m.id,
                title: &m.title,
                organization: &row.organization_name,
                place,
                start_date: m.start_date,
                end_date: m.end_date,
                slots: &m.slots.0,
                shifts: held.get(participation).map_or(&[], Vec::as_slice),
                zone: m.time_zone(),
            },
            app_url,
            now,
            &mut zones,
        ));
    }
    Ok(calendar::calendar(name, events, &zones))
}

/// The calendar file of one accepted participation, for its volunteer.
pub async fn of_participation(
    state: &AppState,
    actor: &AccountActor,
    id: Uuid,
) -> Result<String, ServiceError> {
    let access = crate::services::participations::load_visible(state, actor, id).await?;
    if !access.volunteer {
        return Err(ServiceError::NotFound);
    }
    if access.participation.state() != ParticipationState::Accepted {
        return Err(ServiceError::Conflict {
            code: ProblemCode::ParticipationNotAccepted,
            detail: "only an accepted participation goes in a calendar".into(),
            extensions: vec![(
                "current_state",
                serde_json::json!(access.participation.state().as_str()),
            )],
        });
    }
    let mut conn = state.db.acquire().await?;
    render(
        state,
        conn.h(),
        &[(id, access.mission.id)],
        &access.mission.title,
    )
    .await
}

/// Creates the volunteer's feed, or replaces its secret (the old URL stops
/// working). The token is shown once.
pub async fn new_feed(state: &AppState, actor: &AccountActor) -> Result<String, ServiceError> {
    crate::services::access::current(state, actor.id).await?;
    let issued = tokens::issue();
    let mut conn = state.db.acquire().await?;
    store::set_feed(conn.h(), actor.id, &issued.hash, state.clock().now()).await?;
    Ok(issued.token)
}

pub async fn revoke_feed(state: &AppState, actor: &AccountActor) -> Result<(), ServiceError> {
    let mut conn = state.db.acquire().await?;
    if !store::drop_feed(conn.h(), actor.id).await? {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

/// The feed behind a secret token: 404 for an unknown or revoked one.
pub async fn feed(state: &AppState, token: &str) -> Result<String, ServiceError> {
    let mut conn = state.db.acquire().await?;
    let account = store::feed_owner(conn.h(), &tokens::hash(token))
        .await?
        .ok_or(ServiceError::NotFound)?;
    let pairs = store::upcoming(conn.h(), account, state.clock().today()).await?;
    render(state, conn.h(), &pairs, "Mes missions Renfort").await
}
