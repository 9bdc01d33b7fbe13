//! Organisation use cases: registration, edits, moderation, members.

use chrono::Duration;
use uuid::Uuid;

use super::access::{check_reason, invalid_transition, members_only, owners_only, relation_to};
pub use super::access::{load, load_private, OrgAccess};
use super::edits::Edit;
use super::effects::{self, Fact, How};
use super::org_identity;
use super::quotas::{self, Spend};
use crate::auth::actor::AccountActor;
use crate::auth::tokens;
use crate::domain::account::EmailAddress;
use crate::domain::moderation::OrganizationState;
use crate::domain::organization::{
    MemberRole, OrganizationFields, OrganizationInput, MATERIAL_FIELDS,
};
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::state::AppState;
use crate::store::missions as mission_store;
use crate::store::organizations as store;
use crate::store::{accounts as account_store, Tx};

pub const INVITATION_TTL_DAYS: i64 = 7;

/// Registers an organisation, as a draft, with the caller as its owner.
pub async fn create(
    state: &AppState,
    actor: &AccountActor,
    fields: OrganizationFields,
) -> Result<OrgAccess, ServiceError> {
    crate::services::access::current(state, actor.id).await?;
    quotas::spend(state, Spend::OrganizationCreated { by: actor.id }).await?;
    let now = state.clock().now();
    let id = Uuid::now_v7();
    let mut tx = state.db.begin().await?;
    org_identity::ensure_free(tx.h(), &fields, None).await?;
    if let Err(e) = store::insert(tx.h(), id, &fields, now).await {
        drop(tx);
        return Err(org_identity::explain_race(&state.db, e, &fields, None).await);
    }
    store::add_member(tx.h(), id, actor.id, MemberRole::Owner, now).await?;
    let joined = Fact::MemberJoined {
        org: id,
        account: actor.id,
        role: MemberRole::Owner,
        invited_by: None,
    };
    let _nothing_cached = effects::record(&mut tx, &state.settings, joined).await?;
    let org = store::get(tx.h(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let created = Fact::OrganizationChanged {
        org: &org,
        published: &[],
        from: None,
        to: OrganizationState::Draft,
        actor: Some(actor.id),
        role: "owner",
        how: How::Created,
    };
    let _nothing_cached = effects::record(&mut tx, &state.settings, created).await?;
    let access = relation_to(tx.h(), Some(actor), org).await?;
    tx.commit().await?;
    Ok(access)
}

/// Edits an organisation (members), validated as a whole.
pub async fn update(
    state: &AppState,
    actor: &AccountActor,
    id: Uuid,
    edit: impl FnOnce(&mut OrganizationInput) -> Result<(), ServiceError>,
) -> Result<OrgAccess, ServiceError> {
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    let access = lock_editable(&mut tx, actor, id).await?;
    let current = access.org.state();
    let before = access.org.fields();
    let mut input = OrganizationInput::from(&before);
    // The body is read only now that the caller may act.
    edit(&mut input)?;
    let fields = input.validate().map_err(ServiceError::Validation)?;
    let edit = Edit::new(fields.changed_from(&before), MATERIAL_FIELDS);
    edit.allowed_under_review(current == OrganizationState::PendingReview, "organisation")?;
    let trusted = state
        .settings
        .moderation
        .trusted_organizations
        .contains(&id);
    // An approved organisation that changes who or where it is goes back
    // to review, its missions out of public view meanwhile.
    let back_to_review =
        current == OrganizationState::Approved && !edit.material.is_empty() && !trusted;
    if fields.siret != before.siret || fields.rna != before.rna {
        org_identity::ensure_free(tx.h(), &fields, Some(id)).await?;
    }
    if let Err(e) = store::update(tx.h(), id, &fields, now).await {
        drop(tx);
        return Err(org_identity::explain_race(&state.db, e, &fields, Some(id)).await);
    }
    let after = if back_to_review {
        store::set_state(tx.h(), id, OrganizationState::PendingReview, now).await?;
        OrganizationState::PendingReview
    } else {
        current
    };
    record_edit(tx, state, actor, &access, &edit.changed, after).await
}

/// Takes an organisation's row for an edit by its members, in the
/// caller's transaction: the state is checked under the row's lock, so an
/// edit cannot slip in beside a concurrent submission or approval.
async fn lock_editable(
    tx: &mut Tx,
    actor: &AccountActor,
    id: Uuid,
) -> Result<OrgAccess, ServiceError> {
    let org = store::get_for_update(tx.h(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let access = relation_to(tx.h(), Some(actor), org).await?;
    if !access.sees_private() {
        return Err(ServiceError::NotFound);
    }
    members_only(access.relation)?;
    if access.org.state() == OrganizationState::Deregistered {
        return Err(ServiceError::Conflict {
            code: ProblemCode::OrganizationInactive,
            detail: "a deregistered organisation cannot be edited".into(),
            extensions: vec![],
        });
    }
    Ok(access)
}

/// Says what an edit did (history, its missions' search records and
/// partners' news) and commits it.
async fn record_edit(
    mut tx: Tx,
    state: &AppState,
    actor: &AccountActor,
    access: &OrgAccess,
    changed: &[&'static str],
    after: OrganizationState,
) -> Result<OrgAccess, ServiceError> {
    let id = access.org.id;
    let now = tx.now();
    // Its missions change face with it: the feeds and the hub hear of them.
    mission_store::touch_published_of(tx.h(), id, now).await?;
    let published = mission_store::published_of(tx.h(), id).await?;
    let org = store::get(tx.h(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let edited = Fact::OrganizationChanged {
        org: &org,
        published: &published,
        from: Some(access.org.state()),
        to: after,
        actor: Some(actor.id),
        role: access.acting_role(),
        how: How::Edited(changed),
    };
    let done = effects::record(&mut tx, &state.settings, edited).await?;
    let access = relation_to(tx.h(), Some(actor), org).await?;
    tx.commit().await?;
    done.run(state).await;
    Ok(access)
}

/// Sets (or, with `None`, removes) an organisation's logo. Members only;
/// checked and re-encoded before anything is written. A logo is how the
/// organisation shows itself, not who it is: it does not send an approved
/// organisation back to review (its name, identifiers and address do),
/// but it is in its history, and its missions' feeds carry it at once.
pub async fn set_logo(
    state: &AppState,
    actor: &AccountActor,
    id: Uuid,
    upload: Option<Vec<u8>>,
) -> Result<OrgAccess, ServiceError> {
    // Who may act, before any decoding: a stranger costs nothing.
    lock_editable(&mut state.db.begin().await?, actor, id).await?;
    let prepared = match upload {
        Some(bytes) => Some(
            super::pictures::accept(state, bytes, crate::domain::picture::Kind::OrganizationLogo)
                .await?,
        ),
        None => None,
    };
    let names = prepared
        .as_ref()
        .map(|p| (p.large.name.as_str(), p.small.name.as_str()));
    let mut tx = state.db.begin().await?;
    let now = tx.now();
    let access = lock_editable(&mut tx, actor, id).await?;
    if access.org.logo_large.as_deref() == names.map(|n| n.0) {
        return Ok(access);
    }
    crate::store::pictures::set(
        tx.h(),
        crate::store::pictures::Holder::Organization(id),
        names,
        now,
    )
    .await?;
    let current = access.org.state();
    record_edit(tx, state, actor, &access, &["logo"], current).await
}

/// Moves an organisation through its state machine, with its side effects
/// in the same transaction: history, closed registrations when it leaves
/// public view, emails to whoever should know.
pub async fn transition(
    state: &AppState,
    actor: &AccountActor,
    id: Uuid,
    request: impl FnOnce() -> Result<(OrganizationState, Option<String>), ServiceError>,
) -> Result<OrgAccess, ServiceError> {
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    let Some(org) = store::get_for_update(tx.h(), id).await? else {
        return Err(ServiceError::NotFound);
    };
    let access = relation_to(tx.h(), Some(actor), org).await?;
    if !access.sees_private() {
        return Err(ServiceError::NotFound);
    }
    // The body is read only now that the caller may see the organisation.
    let (to, reason) = request()?;
    let reason = reason.as_deref();
    let from = access.org.state();
    let allowed = from.allowed_targets(access.relation);
    if !allowed.contains(&to) {
        return Err(invalid_transition(from.as_str(), &allowed));
    }
    let reason = check_reason(to.needs_reason(), reason)?;
    if to == OrganizationState::PendingReview {
        quotas::spend(state, Spend::Submitted { by: actor.id }).await?;
    }
    if to == OrganizationState::Approved {
        // Of two applicants with one number, the referent approves one;
        // the other is pointed at it.
        org_identity::ensure_identifiers_free(
            tx.h(),
            access.org.siret.as_deref(),
            access.org.rna.as_deref(),
            Some(id),
        )
        .await?;
    }
    if let Err(e) = store::set_state(tx.h(), id, to, now).await {
        drop(tx);
        return Err(org_identity::explain_identifier_race(
            &state.db,
            e,
            access.org.siret.as_deref(),
            access.org.rna.as_deref(),
            Some(id),
        )
        .await);
    }
    // Its published missions appear in or leave public view, search and
    // the partners' change feed with it.
    mission_store::touch_published_of(tx.h(), id, now).await?;
    let published = mission_store::published_of(tx.h(), id).await?;
    // Leaving public view closes registrations and cancels the places held.
    if matches!(
        to,
        OrganizationState::Flagged | OrganizationState::Deregistered
    ) {
        mission_store::close_registrations_of(tx.h(), id, now).await?;
        for mission in crate::store::participations::missions_with_holders(tx.h(), id).await? {
            let mission = mission_store::get(tx.h(), mission)
                .await?
                .ok_or(ServiceError::NotFound)?;
            // The missions' pages are dropped below, with every published one.
            let _pages = super::participations::close_mission(
                &mut tx,
                &state.settings,
                &mission,
                &access.org.name,
                false,
                Some(actor.id),
            )
            .await?;
        }
    }
    let org = store::get(tx.h(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let moved = Fact::OrganizationChanged {
        org: &org,
        published: &published,
        from: Some(from),
        to,
        actor: Some(actor.id),
        role: access.acting_role(),
        how: How::Moved(reason.as_deref()),
    };
    let done = effects::record(&mut tx, &state.settings, moved).await?;
    let access = relation_to(tx.h(), Some(actor), org).await?;
    tx.commit().await?;
    done.run(state).await;
    Ok(access)
}

/// Invites someone to join (owners only); the link goes by email.
pub async fn invite(
    state: &AppState,
    actor: &AccountActor,
    id: Uuid,
    email: EmailAddress,
    role: MemberRole,
) -> Result<(), ServiceError> {
    let access = load_private(state, actor, id).await?;
    owners_only(&access)?;
    // Its name goes into the email: only a name a referent approved.
    if access.org.state() != OrganizationState::Approved {
        return Err(ServiceError::Conflict {
            code: ProblemCode::OrganizationNotApproved,
            detail: "an organisation invites people once it is approved".into(),
            extensions: vec![(
                "current_state",
                serde_json::json!(access.org.state().as_str()),
            )],
        });
    }
    quotas::spend(
        state,
        Spend::InvitationSent {
            organization: id,
            by: actor.id,
        },
    )
    .await?;
    let now = state.clock().now();
    let token = tokens::issue();
    let mut tx = state.db.begin().await?;
    let inviter = account_store::by_id(tx.h(), actor.id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    store::insert_invitation(
        tx.h(),
        store::NewInvitation {
            hash: &token.hash,
            org: id,
            email_normalized: email.normalized(),
            role,
            invited_by: actor.id,
            now,
            expires_at: now + Duration::days(INVITATION_TTL_DAYS),
        },
    )
    .await?;
    let invited = Fact::MemberInvited {
        org: &access.org,
        by: actor.id,
        inviter_name: &format!("{} {}", inviter.first_name, inviter.last_name),
        email: email.as_str(),
        role,
        token: &token.token,
    };
    let _nothing_cached = effects::record(&mut tx, &state.settings, invited).await?;
    tx.commit().await?;
    Ok(())
}

/// Accepts an invitation: the caller must be signed in with the invited
/// address.
pub async fn accept_invitation(
    state: &AppState,
    actor: &AccountActor,
    token: &str,
) -> Result<OrgAccess, ServiceError> {
    let account = crate::services::access::current(state, actor.id).await?;
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    let Some(invitation) =
        store::accept_invitation(tx.h(), &tokens::hash(token), &account.email_normalized, now)
            .await?
    else {
        return Err(ServiceError::BadRequest {
            code: ProblemCode::InvalidToken,
            detail: "this invitation is unknown, used, expired, or addressed to another email"
                .into(),
        });
    };
    let role = invitation.role;
    // An existing owner invited as manager keeps ownership.
    let current = store::role_of(tx.h(), invitation.organization_id, actor.id).await?;
    if current != Some(MemberRole::Owner) {
        store::add_member(tx.h(), invitation.organization_id, actor.id, role, now).await?;
        let fact = match current {
            None => Fact::MemberJoined {
                org: invitation.organization_id,
                account: actor.id,
                role,
                invited_by: Some(invitation.invited_by),
            },
            Some(from) => Fact::MemberRoleChanged {
                org: invitation.organization_id,
                account: actor.id,
                by: invitation.invited_by,
                from,
                to: role,
            },
        };
        let _nothing_cached = effects::record(&mut tx, &state.settings, fact).await?;
    }
    let org = store::get(tx.h(), invitation.organization_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let access = relation_to(tx.h(), Some(actor), org).await?;
    tx.commit().await?;
    Ok(access)
}

fn last_owner() -> ServiceError {
    ServiceError::Conflict {
        code: ProblemCode::LastOwner,
        detail: "an organisation keeps at least one owner; make someone else owner first".into(),
        extensions: vec![],
    }
}

/// Membership changes of one organisation take its row's lock, so that they
/// run one after the other, and the caller's ownership is read again under
/// it: two owners demoting each other at once cannot leave none (the second
/// is no longer an owner, or is the last one).
async fn owner_still(
    tx: &mut Tx,
    id: Uuid,
    actor: &AccountActor,
    must_own: bool,
) -> Result<(), ServiceError> {
    store::get_for_update(tx.h(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if must_own && store::role_of(tx.h(), id, actor.id).await? != Some(MemberRole::Owner) {
        return Err(ServiceError::Forbidden {
            code: ProblemCode::OwnersOnly,
            detail: "only the organisation's owners may do this".into(),
        });
    }
    Ok(())
}

/// Removes a member (owners), or leaves (anyone, for themself). The last
/// owner can neither leave nor be removed.
pub async fn remove_member(
    state: &AppState,
    actor: &AccountActor,
    id: Uuid,
    member: Uuid,
) -> Result<(), ServiceError> {
    let access = load_private(state, actor, id).await?;
    members_only(access.relation)?;
    if member != actor.id {
        owners_only(&access)?;
    }
    let mut tx = state.db.begin().await?;
    owner_still(&mut tx, id, actor, member != actor.id).await?;
    let Some(role) = store::role_of(tx.h(), id, member).await? else {
        return Err(ServiceError::NotFound);
    };
    if role == MemberRole::Owner && store::count_owners(tx.h(), id).await? <= 1 {
        return Err(last_owner());
    }
    store::remove_member(tx.h(), id, member).await?;
    let left = Fact::MemberLeft {
        org: id,
        account: member,
        by: actor.id,
        role,
        erased: false,
    };
    let _nothing_cached = effects::record(&mut tx, &state.settings, left).await?;
    tx.commit().await?;
    Ok(())
}

/// Erasure: the person leaves every organisation, each under its row
/// lock. Refused, naming the organisation, while they are its last owner:
/// it would be left with no one to run it.
pub async fn leave_all(
    tx: &mut Tx,
    settings: &crate::config::Settings,
    account: Uuid,
) -> Result<(), ServiceError> {
    for (org, role) in store::of_account(tx.h(), account).await? {
        store::get_for_update(tx.h(), org.id).await?;
        if role == MemberRole::Owner.as_str() && store::count_owners(tx.h(), org.id).await? <= 1 {
            return Err(ServiceError::Conflict {
                code: ProblemCode::LastOwner,
                detail: format!(
                    "you are the last owner of \"{}\": make someone else owner before erasing your account",
                    org.name
                ),
                extensions: vec![("organization_id", serde_json::json!(org.id))],
            });
        }
        store::remove_member(tx.h(), org.id, account).await?;
        let left = Fact::MemberLeft {
            org: org.id,
            account,
            by: account,
            role: MemberRole::parse(&role).unwrap_or(MemberRole::Manager),
            erased: true,
        };
        let _nothing_cached = effects::record(tx, settings, left).await?;
    }
    Ok(())
}

/// Changes a member's role (owners only), keeping at least one owner.
pub async fn set_member_role(
    state: &AppState,
    actor: &AccountActor,
    id: Uuid,
    member: Uuid,
    role: MemberRole,
) -> Result<(), ServiceError> {
    let access = load_private(state, actor, id).await?;
    owners_only(&access)?;
    let mut tx = state.db.begin().await?;
    owner_still(&mut tx, id, actor, true).await?;
    let Some(current) = store::role_of(tx.h(), id, member).await? else {
        return Err(ServiceError::NotFound);
    };
    if current == MemberRole::Owner
        && role != MemberRole::Owner
        && store::count_owners(tx.h(), id).await? <= 1
    {
        return Err(last_owner());
    }
    store::add_member(tx.h(), id, member, role, state.clock().now()).await?;
    if current != role {
        let changed = Fact::MemberRoleChanged {
            org: id,
            account: member,
            by: actor.id,
            from: current,
            to: role,
        };
        let _nothing_cached = effects::record(&mut tx, &state.settings, changed).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The organisations the caller belongs to, with the caller's relation.
pub async fn mine(state: &AppState, actor: &AccountActor) -> Result<Vec<OrgAccess>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    let rows = store::of_account(conn.h(), actor.id).await?;
    let mut items = Vec::with_capacity(rows.len());
    for (org, _) in rows {
        items.push(relation_to(conn.h(), Some(actor), org).await?);
    }
    Ok(items)
}

/// An organisation's members, for a caller already allowed to see them;
/// its own members only while it is approved (referents and admins who
/// moderate it always).
pub async fn members(
    state: &AppState,
    access: &OrgAccess,
) -> Result<Vec<store::MemberRow>, ServiceError> {
    if !(access.relation.referent || access.relation.admin) {
        super::access::approved_only(&access.org)?;
    }
    let mut conn = state.db.acquire().await?;
    Ok(store::members(conn.h(), access.org.id).await?)
}
