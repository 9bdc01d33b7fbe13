//! Who may touch what: the caller's relation to an organisation or a
//! mission, loaded once per request, and the refusals every use case
//! shares. Every permission check starts from a `Relation` computed here.

use serde_json::json;
use uuid::Uuid;

use crate::auth::actor::AccountActor;
use crate::domain::account::AccountState;
use crate::domain::moderation::Relation;
use crate::domain::organization::MemberRole;
use crate::domain::participation::ParticipationState;
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::state::AppState;
use crate::store::accounts::{self as account_store, AccountRow};
use crate::store::missions::MissionRow;
use crate::store::organizations::{self as store, OrganizationRow};
use crate::store::participations::ParticipationRow;
use crate::store::Handle;

/// The caller's relation to an object of `department` in an organisation
/// where the caller holds `role`: the one place that says who is a
/// member, an owner, a referent here or an admin.
pub fn relation_of(
    actor: Option<&AccountActor>,
    role: Option<MemberRole>,
    department: &str,
) -> Relation {
    Relation {
        member: role.is_some(),
        owner: role == Some(MemberRole::Owner),
        referent: actor.is_some_and(|a| a.referent_departments.iter().any(|d| d == department)),
        admin: actor.is_some_and(|a| a.admin),
    }
}

/// A participation and how the caller relates to it: its volunteer, a
/// member of the organisation, or neither (an admin), with the mission and
/// organisation read with it.
pub struct ParticipationAccess {
    pub participation: ParticipationRow,
    pub mission: MissionRow,
    pub org: OrganizationRow,
    pub volunteer: bool,
    pub member: bool,
}

impl ParticipationAccess {
    /// The moves the caller may make now (`today` where the mission
    /// happens decides whether it started).
    pub fn allowed(&self, today: chrono::NaiveDate) -> Vec<ParticipationState> {
        let started = self.mission.start_date.is_none_or(|d| d <= today);
        self.participation
            .state()
            .allowed_targets(self.volunteer, self.member, started)
    }
}

/// An organisation and how the caller relates to it.
pub struct OrgAccess {
    pub org: OrganizationRow,
    pub role: Option<MemberRole>,
    pub relation: Relation,
}

impl OrgAccess {
    /// Members, referents of its department and admins see everything.
    pub fn sees_private(&self) -> bool {
        self.relation.member || self.relation.referent || self.relation.admin
    }

    /// Who the actor acts as, for the history.
    pub fn acting_role(&self) -> &'static str {
        match (self.role, self.relation) {
            (Some(MemberRole::Owner), _) => "owner",
            (Some(MemberRole::Manager), _) => "manager",
            (None, r) if r.admin => "admin",
            (None, r) if r.referent => "referent",
            _ => "visitor",
        }
    }
}

/// 403 `organization_not_approved` unless the organisation is approved:
/// an organisation flagged, deregistered, or not yet approved reaches no
/// volunteer's personal data, by session or by key (participation lists,
/// exports, feeds, webhooks) and no list of its members.
pub fn approved_only(org: &OrganizationRow) -> Result<(), ServiceError> {
    use crate::domain::moderation::OrganizationState;
    let state = org.state();
    if state == OrganizationState::Approved {
        return Ok(());
    }
    Err(ServiceError::Forbidden {
        code: ProblemCode::OrganizationNotApproved,
        detail: format!(
            "the organisation is {}: its access to volunteers' data is suspended until it is approved",
            state.as_str()
        ),
    })
}

/// `approved_only` for an organisation known by its id.
pub async fn approved_only_by_id(h: Handle<'_>, org: Uuid) -> Result<(), ServiceError> {
    let row = store::get(h, org).await?.ok_or(ServiceError::NotFound)?;
    approved_only(&row)
}

pub async fn relation_to(
    h: Handle<'_>,
    actor: Option<&AccountActor>,
    org: OrganizationRow,
) -> Result<OrgAccess, ServiceError> {
    let role = match actor {
        Some(a) => store::role_of(h, org.id, a.id).await?,
        None => None,
    };
    let relation = relation_of(actor, role, &org.department);
    Ok(OrgAccess {
        org,
        role,
        relation,
    })
}

/// Loads an organisation with the caller's relation; `None` when it does
/// not exist.
pub async fn load(
    state: &AppState,
    actor: Option<&AccountActor>,
    id: Uuid,
) -> Result<Option<OrgAccess>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    let Some(org) = store::get(conn.h(), id).await? else {
        return Ok(None);
    };
    Ok(Some(relation_to(conn.h(), actor, org).await?))
}

/// Loads an organisation the caller may manage (members, or `moderators`
/// too); 404 for anyone who may not even see it privately.
pub async fn load_private(
    state: &AppState,
    actor: &AccountActor,
    id: Uuid,
) -> Result<OrgAccess, ServiceError> {
    match load(state, Some(actor), id).await? {
        Some(access) if access.sees_private() => Ok(access),
        _ => Err(ServiceError::NotFound),
    }
}

/// Members only (403 for referents and admins, who may see but not act).
pub fn members_only(relation: Relation) -> Result<(), ServiceError> {
    if relation.member {
        Ok(())
    } else {
        Err(ServiceError::Forbidden {
            code: ProblemCode::MembersOnly,
            detail: "only the organisation's members may do this".into(),
        })
    }
}

/// Owners only (403 for other members).
pub fn owners_only(access: &OrgAccess) -> Result<(), ServiceError> {
    if access.relation.owner {
        Ok(())
    } else {
        Err(ServiceError::Forbidden {
            code: ProblemCode::OwnersOnly,
            detail: "only the organisation's owners may do this".into(),
        })
    }
}

/// The 409 of a transition the actor may not make from the current state.
pub fn invalid_transition<S: serde::Serialize>(current: &str, allowed: &[S]) -> ServiceError {
    ServiceError::Conflict {
        code: ProblemCode::InvalidTransition,
        detail: format!("this transition is not allowed from `{current}`"),
        extensions: vec![
            ("current_state", json!(current)),
            ("allowed_transitions", json!(allowed)),
        ],
    }
}

pub fn check_reason(needed: bool, reason: Option<&str>) -> Result<Option<String>, ServiceError> {
    match reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) if r.chars().count() > 2000 => Err(ServiceError::field(
            "reason",
            "too_long",
            "must be at most 2000 characters",
        )),
        Some(r) => Ok(Some(r.to_owned())),
        None if needed => Err(ServiceError::field(
            "reason",
            "required",
            "a reason is required for this transition",
        )),
        None => Ok(None),
    }
}

/// Loads the caller's account; an account that vanished or was erased
/// since its token was issued is no longer signed in.
pub async fn current(state: &AppState, id: Uuid) -> Result<AccountRow, ServiceError> {
    let mut conn = state.db.acquire().await?;
    active(conn.h(), id).await
}

/// The account, if active, read on the caller's connection.
pub async fn active(h: crate::store::Handle<'_>, id: Uuid) -> Result<AccountRow, ServiceError> {
    match account_store::by_id(h, id).await? {
        Some(a) if a.state() == AccountState::Active => Ok(a),
        _ => Err(ServiceError::Unauthenticated {
            code: ProblemCode::InvalidToken,
            detail: "this account is no longer active".into(),
        }),
    }
}

/// Whether the account is, right now, an active administrator.
pub async fn is_active_admin(state: &AppState, id: Uuid) -> Result<bool, ServiceError> {
    let mut conn = state.db.acquire().await?;
    Ok(account_store::by_id(conn.h(), id)
        .await?
        .is_some_and(|a| a.is_admin && a.state() == AccountState::Active))
}
