//! The rules of applying, shared by an application and a place in a
//! waiting line (which is an application to come): what the public cannot
//! see cannot be applied to; the person has not applied and is not a
//! member, is old enough, and wrote a motivation where one is asked.

use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::domain::account::age_on;
use crate::domain::eligibility::{eligibility, Eligibility};
use crate::domain::moderation::{MissionState, OrganizationState};
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::store::missions::{self as mission_store, MissionRow};
use crate::store::organizations::{self as org_store, OrganizationRow};
use crate::store::participations::{self as store, ParticipationRow};
use crate::store::Handle;

pub fn conflict(code: ProblemCode, detail: &str) -> ServiceError {
    ServiceError::Conflict {
        code,
        detail: detail.to_owned(),
        extensions: vec![],
    }
}

/// Everything one application needs, read before the write.
struct Target {
    mission: MissionRow,
    org: OrganizationRow,
}

async fn target(h: Handle<'_>, mission: Uuid) -> Result<Target, ServiceError> {
    let mut h = h;
    let mission = mission_store::get(h.reborrow(), mission)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let org = org_store::get(h, mission.organization_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    // What the public cannot see cannot be applied to.
    if !matches!(
        mission.state(),
        MissionState::Published | MissionState::Completed | MissionState::Cancelled
    ) || org.state() != OrganizationState::Approved
    {
        return Err(ServiceError::NotFound);
    }
    Ok(Target { mission, org })
}

/// What an application passed: the mission and organisation read, the
/// motivation trimmed, when a parent's consent was confirmed.
pub struct Checked {
    pub mission: MissionRow,
    pub org: OrganizationRow,
    pub motivation: Option<String>,
    pub consented: Option<DateTime<Utc>>,
}

/// The rules of applying, checked on what was read: the mission takes
/// applications, the person has not applied and is not a member, is old
/// enough (with a parent's consent where the mission asks), and wrote a
/// motivation where it is required. Places are not checked here: the
/// write takes one or refuses.
pub async fn check_application(
    h: Handle<'_>,
    volunteer: &crate::store::accounts::AccountRow,
    mission_id: Uuid,
    motivation: Option<String>,
    parental_consent: bool,
    now: DateTime<Utc>,
) -> Result<Checked, ServiceError> {
    let mut h = h;
    let Target { mission, org } = target(h.reborrow(), mission_id).await?;
    if let Some(existing) = store::of_volunteer_for(h.reborrow(), volunteer.id, mission_id).await? {
        return Err(already_applied(existing));
    }
    if org_store::role_of(h, org.id, volunteer.id).await?.is_some() {
        return Err(conflict(
            ProblemCode::MemberOfOrganization,
            "members of the organisation cannot apply to its own missions",
        ));
    }
    if mission.state() != MissionState::Published || !mission.registration_open {
        return Err(conflict(
            ProblemCode::RegistrationClosed,
            "this mission does not take applications",
        ));
    }
    let Some(born) = volunteer.birth_date else {
        return Err(ServiceError::Unprocessable {
            code: ProblemCode::ProfileIncomplete,
            detail: "add your birth date and postcode to your profile first".into(),
        });
    };
    let today = mission.day_at(now);
    let on = mission.start_date.filter(|d| *d > today).unwrap_or(today);
    let consented = match eligibility(age_on(born, on), mission.minimum_age, &mission.access) {
        Eligibility::TooYoung => {
            return Err(ServiceError::Unprocessable {
                code: ProblemCode::TooYoung,
                detail: format!(
                    "this mission is open from {} years old",
                    mission.minimum_age
                ),
            })
        }
        Eligibility::NeedsParentalConsent if !parental_consent => {
            return Err(ServiceError::Unprocessable {
                code: ProblemCode::ParentalConsentRequired,
                detail: "volunteers under 18 need the consent of a parent or guardian for this mission: confirm it to apply".into(),
            })
        }
        Eligibility::NeedsParentalConsent => Some(now),
        Eligibility::Eligible => None,
    };
    let motivation = motivation
        .map(|m| m.trim().to_owned())
        .filter(|m| !m.is_empty());
    match &motivation {
        None if mission.motivation_required => {
            return Err(ServiceError::field(
                "motivation",
                "required",
                "this mission asks for a motivation message",
            ))
        }
        Some(m) if m.chars().count() > 2000 => {
            return Err(ServiceError::field(
                "motivation",
                "too_long",
                "must be at most 2000 characters",
            ))
        }
        _ => {}
    }

    Ok(Checked {
        mission,
        org,
        motivation,
        consented,
    })
}

pub fn already_applied(existing: ParticipationRow) -> ServiceError {
    ServiceError::Conflict {
        code: ProblemCode::AlreadyApplied,
        detail: "you already applied to this mission".into(),
        extensions: vec![
            ("participation_id", json!(existing.id)),
            ("participation_state", json!(existing.state)),
        ],
    }
}
