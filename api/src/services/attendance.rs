//! Attendance and attestations. After a mission has started, its
//! organisation marks each accepted volunteer present (with the hours
//! done) or absent; either completes the participation. A present
//! volunteer sees their hours and downloads a PDF attestation whose code
//! anyone can check.

use uuid::Uuid;

use crate::auth::actor::{AccountActor, Acting};
use crate::domain::attestation::{self, Attestation};
use crate::domain::participation::ParticipationState;
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::state::AppState;
use crate::store::participations::{self as store, AttestationRow};

fn not_now(detail: &str, state: ParticipationState) -> ServiceError {
    ServiceError::Conflict {
        code: ProblemCode::InvalidTransition,
        detail: detail.into(),
        extensions: vec![("current_state", serde_json::json!(state.as_str()))],
    }
}

/// The organisation's members mark a volunteer present (with `hours`) or
/// absent.
pub async fn record(
    state: &AppState,
    actor: &AccountActor,
    id: Uuid,
    present: bool,
    hours: Option<f64>,
) -> Result<(), ServiceError> {
    let hours = match (present, hours) {
        (true, Some(h)) if h.is_finite() && (0.25..=2000.0).contains(&h) => h,
        (true, _) => {
            return Err(ServiceError::field(
                "hours",
                "out_of_range",
                "give the hours done, between 0.25 and 2000",
            ))
        }
        (false, None) => 0.0,
        (false, Some(_)) => {
            return Err(ServiceError::field(
                "hours",
                "not_allowed",
                "an absent volunteer did no hours",
            ))
        }
    };
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    let access = crate::services::participations::load(tx.h(), Acting::Account(actor), id).await?;
    if !access.member {
        return Err(ServiceError::Forbidden {
            code: ProblemCode::MembersOnly,
            detail: "the organisation's members record attendance".into(),
        });
    }
    let current = access.participation.state();
    if current != ParticipationState::Accepted {
        return Err(not_now(
            "only an accepted participation is attended",
            current,
        ));
    }
    if access
        .mission
        .start_date
        .is_some_and(|d| d > access.mission.day_at(now))
    {
        return Err(not_now("the mission has not started yet", current));
    }
    if present {
        let most = attestation::most_hours(&engagement(&mut tx, &access, now).await?);
        if hours > most {
            return Err(ServiceError::field(
                "hours",
                "too_many",
                &format!(
                    "at most {most} hours for what this mission asked over its dates \
                     (its commitment or the shifts held, half again, plus two hours)"
                ),
            ));
        }
    }
    let code = present.then(attestation::new_code);
    if !store::record_attendance(tx.h(), id, present, hours, code.as_deref(), now).await? {
        return Err(not_now("the participation changed meanwhile", current));
    }
    let attended = super::effects::Fact::Attended {
        participation: id,
        by: actor.id,
        present,
    };
    let _nothing_cached = super::effects::record(&mut tx, &state.settings, attended).await?;
    tx.commit().await?;
    Ok(())
}

/// What the mission could have asked of this volunteer, up to `now`.
async fn engagement(
    tx: &mut crate::store::Tx,
    access: &crate::services::participations::ParticipationAccess,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<attestation::Engagement, ServiceError> {
    let mission = &access.mission;
    let held = crate::store::shifts::held_by(tx.h(), &[access.participation.id]).await?;
    let shift_hours = (!held.is_empty()).then(|| {
        held.iter()
            .map(|h| (h.shift.end_time - h.shift.start_time).num_minutes() as f64 / 60.0)
            .sum()
    });
    let today = mission.day_at(now);
    Ok(attestation::Engagement {
        from: mission
            .start_date
            .unwrap_or_else(|| mission.day_at(access.participation.created_at)),
        until: mission.end_date.map_or(today, |end| end.min(today)),
        per_week: mission.commitment_kind == "per_week",
        commitment_hours: mission.commitment_hours,
        shift_hours,
    })
}

/// The dates of a mission, as the attestation says them.
fn dates(row: &AttestationRow) -> String {
    let day = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
    match (row.start_date, row.end_date) {
        (Some(s), Some(e)) if s != e => format!("du {} au {}", day(s), day(e)),
        (Some(s), _) => format!("le {}", day(s)),
        _ => {
            let zone = crate::domain::department::time_zone(&row.department);
            let completed = row.completed_at.with_timezone(&zone).date_naive();
            format!("jusqu'au {}", day(completed))
        }
    }
}

/// The volunteer's name as verification shows it: first name and
/// initial, or the tombstone once erased.
pub fn shown_name(row: &AttestationRow) -> String {
    if row.erased {
        return "Compte supprimé".into();
    }
    match row.last_name.chars().next() {
        Some(i) => format!("{} {i}.", row.first_name),
        None => row.first_name.clone(),
    }
}

pub fn verify_url(state: &AppState, code: &str) -> String {
    format!(
        "{}/attestations/{code}",
        state.settings.auth.app_base_url.trim_end_matches('/')
    )
}

/// The volunteer's attestation of a completed, attended participation.
pub async fn pdf(
    state: &AppState,
    actor: &AccountActor,
    id: Uuid,
) -> Result<Vec<u8>, ServiceError> {
    let access = crate::services::participations::load_visible(state, actor, id).await?;
    if !access.volunteer {
        return Err(ServiceError::NotFound);
    }
    let mut conn = state.db.acquire().await?;
    let row = store::attestation_of(conn.h(), id).await?.ok_or_else(|| {
        not_now(
            "an attestation is for a participation the organisation marked attended",
            access.participation.state(),
        )
    })?;
    let volunteer = format!("{} {}", row.first_name, row.last_name);
    Ok(attestation::pdf(&Attestation {
        volunteer: &volunteer,
        organization: &row.organization_name,
        mission: &row.mission_title,
        dates: &dates(&row),
        hours: row.hours,
        code: &row.code,
        verify_url: &verify_url(state, &row.code),
    }))
}

pub async fn verify(state: &AppState, code: &str) -> Result<AttestationRow, ServiceError> {
    let mut conn = state.db.acquire().await?;
    store::attestation_by_code(conn.h(), code.trim())
        .await?
        .ok_or(ServiceError::NotFound)
}

pub async fn hours(
    state: &AppState,
    actor: &AccountActor,
) -> Result<Vec<AttestationRow>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    Ok(store::attested_of(conn.h(), actor.id).await?)
}
