//! Mission use cases: drafts, edits, moderation, the public page.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use super::access::{
    check_reason, invalid_transition, members_only, relation_of, relation_to, OrgAccess,
};
use super::edits::Edit;
use super::effects::{self, AfterCommit, Fact, How};
use super::quotas::{self, Spend};
use crate::auth::actor::{AccountActor, Acting};
use crate::domain::mission::MATERIAL_FIELDS;
use crate::domain::mission::{MissionFields, MissionInput};
use crate::domain::moderation::{MissionState, OrganizationState, Relation};
use crate::domain::organization::MemberRole;
use crate::domain::picture::Kind;
use crate::domain::place::Address;
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::state::AppState;
use crate::store::missions::{self as store, MissionRow};
use crate::store::organizations as org_store;
use crate::store::pictures::Holder;
use crate::store::{Handle, Tx};

/// A mission with its addresses and the caller's relation to it.
pub struct MissionAccess {
    pub mission: MissionRow,
    pub addresses: Vec<Address>,
    pub org: OrgAccess,
    pub relation: Relation,
    /// Acting through an organisation's API key, not as a person.
    pub by_key: bool,
}

impl MissionAccess {
    pub fn sees_private(&self) -> bool {
        self.relation.member || self.relation.referent || self.relation.admin
    }

    pub(crate) fn acting_role(&self) -> &'static str {
        if self.by_key {
            "api_key"
        } else if self.relation.referent && !self.relation.member {
            "referent"
        } else {
            self.org.acting_role()
        }
    }
}

/// A mission is moderated by the referents of its own department, which
/// may differ from its organisation's.
async fn relation_to_mission(
    h: Handle<'_>,
    who: Acting<'_>,
    mission: MissionRow,
) -> Result<MissionAccess, ServiceError> {
    let mut h = h;
    let org = org_store::get(h.reborrow(), mission.organization_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let org = match who {
        Acting::Account(actor) => relation_to(h.reborrow(), Some(actor), org).await?,
        // A key of the organisation acts as a manager of it; any other key
        // is a stranger here.
        Acting::Key(key) => {
            let role = (key.organization_id == Some(org.id)).then_some(MemberRole::Manager);
            let relation = relation_of(None, role, &org.department);
            OrgAccess {
                org,
                role,
                relation,
            }
        }
    };
    let addresses = store::addresses_of(h, &[mission.id])
        .await?
        .remove(&mission.id)
        .unwrap_or_default();
    // The organisation's membership, the mission's own department.
    let relation = relation_of(who.account(), org.role, &mission.department);
    Ok(MissionAccess {
        mission,
        addresses,
        org,
        relation,
        by_key: matches!(who, Acting::Key(_)),
    })
}

/// Loads a mission the caller may see privately; 404 otherwise.
pub async fn load_private(
    state: &AppState,
    actor: &AccountActor,
    id: Uuid,
) -> Result<MissionAccess, ServiceError> {
    load_for(state, Acting::Account(actor), id).await
}

/// Loads a mission a person or a key may see privately; 404 otherwise.
pub async fn load_for(
    state: &AppState,
    who: Acting<'_>,
    id: Uuid,
) -> Result<MissionAccess, ServiceError> {
    let mut conn = state.db.acquire().await?;
    let Some(mission) = store::get(conn.h(), id).await? else {
        return Err(ServiceError::NotFound);
    };
    let access = relation_to_mission(conn.h(), who, mission).await?;
    if access.sees_private() {
        Ok(access)
    } else {
        Err(ServiceError::NotFound)
    }
}

/// The department that moderates a mission: its first address's, or its
/// organisation's when it has none (remote).
fn moderating_department(fields: &MissionFields, org_department: &str) -> String {
    fields
        .addresses
        .first()
        .map_or_else(|| org_department.to_owned(), |a| a.department.clone())
}

/// Creates a draft mission for an organisation the caller belongs to.
pub async fn create(
    state: &AppState,
    who: Acting<'_>,
    org: OrgAccess,
    fields: MissionFields,
    client_id: Option<&str>,
) -> Result<MissionAccess, ServiceError> {
    // `org` was loaded (with the caller's relation) by the request, before
    // its body was read.
    let org_id = org.org.id;
    members_only(org.relation)?;
    quotas::spend(
        state,
        Spend::MissionCreated {
            organization: org_id,
        },
    )
    .await?;
    if matches!(
        org.org.state(),
        OrganizationState::Rejected | OrganizationState::Flagged | OrganizationState::Deregistered
    ) {
        return Err(ServiceError::Conflict {
            code: ProblemCode::OrganizationInactive,
            detail: format!("the organisation is {}", org.org.state().as_str()),
            extensions: vec![],
        });
    }
    let now = state.clock().now();
    let id = Uuid::now_v7();
    let department = moderating_department(&fields, &org.org.department);
    let mut tx = state.db.begin().await?;
    store::insert(tx.h(), id, org_id, &fields, &department, now).await?;
    if let Some(client_id) = client_id {
        store::set_client_id(tx.h(), id, client_id).await?;
    }
    store::replace_addresses(tx.h(), id, &fields.addresses).await?;
    let mission = store::get(tx.h(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let created = Fact::MissionChanged {
        mission: &mission,
        org: &org.org,
        from: None,
        to: MissionState::Draft,
        actor: who.account_id(),
        role: if matches!(who, Acting::Key(_)) {
            "api_key"
        } else {
            org.acting_role()
        },
        how: How::Created,
    };
    // A draft is on no public page.
    let _nothing_cached = effects::record(&mut tx, &state.settings, created).await?;
    let access = relation_to_mission(tx.h(), who, mission).await?;
    tx.commit().await?;
    Ok(access)
}

/// Edits a mission (members), validated as a whole. Finished missions are
/// frozen; the capacity never drops below the places taken.
pub async fn update(
    state: &AppState,
    who: Acting<'_>,
    id: Uuid,
    edit: impl FnOnce(&mut MissionInput) -> Result<(), ServiceError>,
) -> Result<MissionAccess, ServiceError> {
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    let access = lock_editable(&mut tx, who, id).await?;
    let current = access.mission.state();
    let before = access.mission.fields(access.addresses.clone());
    let mut input = MissionInput::from(&before);
    // The body is read only now that the caller may act.
    edit(&mut input)?;
    let fields = input.validate().map_err(ServiceError::Validation)?;
    if access.mission.has_shifts {
        set_by_shifts(&fields, &before)?;
    }
    let edit = Edit::new(fields.changed_from(&before), MATERIAL_FIELDS);
    if edit.changed.is_empty() {
        // Nothing to write: the same edit sent again (a partner's upsert,
        // a retried PATCH) leaves the mission, its history and its place in
        // the change feed as they are.
        return Ok(access);
    }
    edit.allowed_under_review(current == MissionState::PendingReview, "mission")?;
    let department = moderating_department(&fields, &access.org.org.department);
    if !store::update(tx.h(), id, &fields, &department, now).await? {
        return Err(ServiceError::Conflict {
            code: ProblemCode::CapacityBelowTaken,
            detail: format!("{} places are already taken", access.mission.places_taken),
            extensions: vec![("places_taken", json!(access.mission.places_taken))],
        });
    }
    store::replace_addresses(tx.h(), id, &fields.addresses).await?;
    let after = review_after(&mut tx, state, &access, &edit, now).await?;
    // More places: the waiting list fills them first.
    if after == MissionState::Published && fields.capacity > before.capacity {
        crate::services::waiting_list::promote(
            &mut tx,
            &state.settings,
            id,
            None,
            fields.capacity - before.capacity,
            now,
        )
        .await?;
    }
    record_edit(tx, state, who, &access, &edit, after).await
}

/// A published mission whose substance changes goes back to review,
/// unless its organisation is trusted: the state after `edit`.
async fn review_after(
    tx: &mut Tx,
    state: &AppState,
    access: &MissionAccess,
    edit: &Edit,
    now: chrono::DateTime<Utc>,
) -> Result<MissionState, ServiceError> {
    let current = access.mission.state();
    let trusted = access.org.org.state() == OrganizationState::Approved
        && state
            .settings
            .moderation
            .trusted_organizations
            .contains(&access.org.org.id);
    if current == MissionState::Published && !edit.material.is_empty() && !trusted {
        store::set_state(tx.h(), access.mission.id, MissionState::PendingReview, now).await?;
        return Ok(MissionState::PendingReview);
    }
    Ok(current)
}

/// Says what an edit did (history, search, the members' and partners'
/// news) and commits it.
async fn record_edit(
    mut tx: Tx,
    state: &AppState,
    who: Acting<'_>,
    access: &MissionAccess,
    edit: &Edit,
    after: MissionState,
) -> Result<MissionAccess, ServiceError> {
    let mission = store::get(tx.h(), access.mission.id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let edited = Fact::MissionChanged {
        mission: &mission,
        org: &access.org.org,
        from: Some(access.mission.state()),
        to: after,
        actor: who.account_id(),
        role: access.acting_role(),
        how: How::Edited(&edit.changed),
    };
    let done = effects::record(&mut tx, &state.settings, edited).await?;
    let updated = relation_to_mission(tx.h(), who, mission).await?;
    tx.commit().await?;
    done.run(state).await;
    Ok(updated)
}

/// Sets (or, with `None`, removes) a mission's picture. Members only, as
/// for any edit; the picture is checked and re-encoded before anything is
/// written, and is a material change: a published mission goes back to
/// review, as for a new title.
pub async fn set_image(
    state: &AppState,
    who: Acting<'_>,
    id: Uuid,
    upload: Option<Vec<u8>>,
) -> Result<MissionAccess, ServiceError> {
    // Who may act, and whether the picture may change now, before any
    // decoding: a stranger or a mission under review costs nothing.
    let edit = Edit::new(vec!["image"], MATERIAL_FIELDS);
    let under_review = |a: &MissionAccess| {
        edit.allowed_under_review(a.mission.state() == MissionState::PendingReview, "mission")
    };
    under_review(&lock_editable(&mut state.db.begin().await?, who, id).await?)?;
    let prepared = match upload {
        Some(bytes) => Some(super::pictures::accept(state, bytes, Kind::MissionImage).await?),
        None => None,
    };
    let names = prepared
        .as_ref()
        .map(|p| (p.large.name.as_str(), p.small.name.as_str()));
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    let access = lock_editable(&mut tx, who, id).await?;
    if access.mission.image_large.as_deref() == names.map(|n| n.0) {
        return Ok(access);
    }
    under_review(&access)?;
    crate::store::pictures::set(tx.h(), Holder::Mission(id), names, now).await?;
    let after = review_after(&mut tx, state, &access, &edit, now).await?;
    record_edit(tx, state, who, &access, &edit, after).await
}

/// A mission with shifts takes its places and dates from them: an edit
/// that sets them otherwise is refused, naming the field.
fn set_by_shifts(fields: &MissionFields, before: &MissionFields) -> Result<(), ServiceError> {
    let changed = [
        ("capacity", fields.capacity != before.capacity),
        ("start_date", fields.start_date != before.start_date),
        ("end_date", fields.end_date != before.end_date),
    ];
    match changed.iter().find(|(_, differs)| *differs) {
        Some((field, _)) => Err(ServiceError::field(
            field,
            "set_by_shifts",
            "this mission has shifts: change the places and dates of its shifts instead",
        )),
        None => Ok(()),
    }
}

/// Takes a mission's row for an edit by its organisation's members, in
/// the caller's transaction: the state is checked under the lock, so an
/// edit cannot slip in beside a concurrent submission or approval. 404 for
/// those who cannot see it, 403 for referents, 409 `mission_frozen` once
/// it is closed.
pub(crate) async fn lock_editable(
    tx: &mut Tx,
    who: Acting<'_>,
    id: Uuid,
) -> Result<MissionAccess, ServiceError> {
    let mission = store::get_for_update(tx.h(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let access = relation_to_mission(tx.h(), who, mission).await?;
    if !access.sees_private() {
        return Err(ServiceError::NotFound);
    }
    members_only(access.relation)?;
    let current = access.mission.state();
    if !matches!(
        current,
        MissionState::Draft | MissionState::PendingReview | MissionState::Published
    ) {
        return Err(ServiceError::Conflict {
            code: ProblemCode::MissionFrozen,
            detail: format!("a {} mission cannot be edited", current.as_str()),
            extensions: vec![("current_state", json!(current.as_str()))],
        });
    }
    Ok(access)
}

/// Deletes a draft (members).
pub async fn delete_draft(
    state: &AppState,
    actor: &AccountActor,
    id: Uuid,
) -> Result<(), ServiceError> {
    let access = load_private(state, actor, id).await?;
    members_only(access.relation)?;
    let mut tx = state.db.begin().await?;
    if !store::delete_draft(tx.h(), id).await? {
        return Err(ServiceError::Conflict {
            code: ProblemCode::NotADraft,
            detail: "only drafts can be deleted; cancel a published mission instead".into(),
            extensions: vec![("current_state", json!(access.mission.state().as_str()))],
        });
    }
    tx.commit().await?;
    Ok(())
}

/// Moves a mission through its state machine. Submitting publishes at once
/// for an approved organisation trusted by configuration; publishing needs
/// an approved organisation. History, emails and closed registrations are
/// written in the same transaction.
pub async fn transition(
    state: &AppState,
    who: Acting<'_>,
    id: Uuid,
    request: impl FnOnce() -> Result<(MissionState, Option<String>), ServiceError>,
) -> Result<MissionAccess, ServiceError> {
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    let Some(mission) = store::get_for_update(tx.h(), id).await? else {
        return Err(ServiceError::NotFound);
    };
    let access = relation_to_mission(tx.h(), who, mission).await?;
    if !access.sees_private() {
        return Err(ServiceError::NotFound);
    }
    // The body is read only now that the caller may see the mission.
    let (requested, reason) = request()?;
    let reason = reason.as_deref();
    let from = access.mission.state();
    let allowed = from.allowed_targets(access.relation);
    if !allowed.contains(&requested) {
        return Err(invalid_transition(from.as_str(), &allowed));
    }
    let reason = check_reason(requested.needs_reason(), reason)?;
    if requested == MissionState::PendingReview {
        quotas::spend(state, Spend::Submitted { by: who.quota_id() }).await?;
    }
    let org_approved = access.org.org.state() == OrganizationState::Approved;
    let trusted = state
        .settings
        .moderation
        .trusted_organizations
        .contains(&access.org.org.id);
    let to = if requested == MissionState::PendingReview && org_approved && trusted {
        MissionState::Published
    } else {
        requested
    };
    if to == MissionState::Published && !org_approved {
        return Err(ServiceError::Conflict {
            code: ProblemCode::OrganizationNotApproved,
            detail: "a mission is published once its organisation is approved".into(),
            extensions: vec![("organization_state", json!(access.org.org.state().as_str()))],
        });
    }
    store::set_state(tx.h(), id, to, now).await?;
    let mut closed = AfterCommit::default();
    if matches!(
        to,
        MissionState::Cancelled | MissionState::Completed | MissionState::Flagged
    ) {
        let keep_accepted = to == MissionState::Completed;
        closed = super::participations::close_mission(
            &mut tx,
            &state.settings,
            &access.mission,
            &access.org.org.name,
            keep_accepted,
            who.account_id(),
        )
        .await?;
    }
    let mission = store::get(tx.h(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let moved = Fact::MissionChanged {
        mission: &mission,
        org: &access.org.org,
        from: Some(from),
        to,
        actor: who.account_id(),
        role: access.acting_role(),
        how: How::Moved(reason.as_deref()),
    };
    let done = effects::record(&mut tx, &state.settings, moved).await?;
    let updated = relation_to_mission(tx.h(), who, mission).await?;
    tx.commit().await?;
    done.and(closed).run(state).await;
    Ok(updated)
}

/// An organisation's missions with their addresses, newest first, for a
/// caller already allowed to see them.
pub async fn of_organization(
    state: &AppState,
    org: Uuid,
    filter: Option<MissionState>,
    before: Option<Uuid>,
    limit: i64,
) -> Result<Vec<(MissionRow, Vec<Address>)>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    let rows = store::of_organization(conn.h(), org, filter, before, limit).await?;
    with_addresses(conn.h(), rows, |m| m).await
}

/// A mission the public may see (published, of an approved organisation),
/// with its organisation's name and its addresses.
pub async fn public(
    state: &AppState,
    id: Uuid,
) -> Result<Option<(MissionRow, String, Vec<Address>)>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    let Some((m, organization_name)) = store::public(conn.h(), id).await? else {
        return Ok(None);
    };
    let mut rows = with_addresses(conn.h(), vec![(m, organization_name)], |(m, _)| m).await?;
    Ok(rows.pop().map(|((m, name), a)| (m, name, a)))
}

/// A page of the public listing, with organisation names and addresses.
pub async fn public_listing(
    state: &AppState,
    filter: &store::PublicFilter,
    after: Option<(chrono::DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<Vec<(MissionRow, String, Vec<Address>)>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    let rows = store::public_listing(conn.h(), filter, after, limit).await?;
    let rows = with_addresses(conn.h(), rows, |(m, _)| m).await?;
    Ok(rows
        .into_iter()
        .map(|((m, name), a)| (m, name, a))
        .collect())
}

/// Pairs each row with its mission's addresses, read in one query.
async fn with_addresses<R>(
    h: Handle<'_>,
    rows: Vec<R>,
    mission: impl Fn(&R) -> &MissionRow,
) -> Result<Vec<(R, Vec<Address>)>, ServiceError> {
    let ids: Vec<Uuid> = rows.iter().map(|r| mission(r).id).collect();
    let mut addresses = store::addresses_of(h, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let a = addresses.remove(&mission(&r).id).unwrap_or_default();
            (r, a)
        })
        .collect())
}
