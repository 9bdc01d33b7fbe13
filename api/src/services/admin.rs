//! Administration: bootstrap admins, referent roles, suspensions.

use uuid::Uuid;

use super::effects::{self, Fact};
use crate::auth::actor::AccountActor;
use crate::domain::account::{AccountState, EmailAddress, Profile};
use crate::domain::department;
use crate::error::ServiceError;
use crate::platform::{Mode, Override};
use crate::problem_code::ProblemCode;
use crate::services::sessions;
use crate::state::AppState;
use crate::store::accounts::{self as store, AccountRow, NewAccount};
use crate::store::service_mode::ModeChange;
use crate::store::Db;

/// What `renfort admin create` did.
pub enum AdminCreated {
    /// A new pending admin account; the activation link goes by email.
    Invited { account: Uuid },
    /// The address already had an account, which is now an admin.
    Promoted { account: Uuid },
}

/// Makes `email` an admin: promotes an existing account, or creates a
/// pending one and sends it an activation link.
pub async fn create_admin(
    db: &Db,
    settings: &crate::config::Settings,
    email: &EmailAddress,
    first_name: &str,
    last_name: &str,
) -> Result<AdminCreated, ServiceError> {
    let now = db.now();
    let mut tx = db.begin().await?;
    let outcome = match store::by_email(tx.h(), email.normalized()).await? {
        Some(existing) => {
            store::set_admin(tx.h(), existing.id, now).await?;
            AdminCreated::Promoted {
                account: existing.id,
            }
        }
        None => {
            let id = Uuid::now_v7();
            let profile = Profile {
                first_name: first_name.to_owned(),
                last_name: last_name.to_owned(),
                birth_date: None,
                postcode: None,
                department: None,
                phone: None,
                skills: vec![],
                domains: vec![],
                presentation: None,
                visible_to_organizations: false,
            };
            store::insert(
                tx.h(),
                NewAccount {
                    id,
                    email: email.as_str(),
                    email_normalized: email.normalized(),
                    is_admin: true,
                    profile: &profile,
                    terms_version: None,
                    origin: &crate::domain::origin::Origin::default(),
                    now,
                },
            )
            .await?;
            super::accounts::send_activation(&mut tx, settings, id, email.as_str(), first_name)
                .await?;
            AdminCreated::Invited { account: id }
        }
    };
    tx.commit().await?;
    Ok(outcome)
}

/// An account as admins look it up.
pub async fn account(state: &AppState, id: Uuid) -> Result<AccountRow, ServiceError> {
    let mut conn = state.db.acquire().await?;
    store::by_id(conn.h(), id)
        .await?
        .ok_or(ServiceError::NotFound)
}

pub async fn account_by_email(
    state: &AppState,
    email: &EmailAddress,
) -> Result<AccountRow, ServiceError> {
    let mut conn = state.db.acquire().await?;
    store::by_email(conn.h(), email.normalized())
        .await?
        .ok_or(ServiceError::NotFound)
}

/// Grants and revokes referent departments. The account's live access
/// tokens are voided so that its next refresh carries the new roles.
pub async fn change_referent(
    state: &AppState,
    by: Uuid,
    id: Uuid,
    grant: &[String],
    revoke: &[String],
) -> Result<Vec<String>, ServiceError> {
    let mut errors = Vec::new();
    for (field, codes) in [("grant_referent", grant), ("revoke_referent", revoke)] {
        for code in codes {
            if department::by_code(code).is_none() {
                errors.push(crate::domain::validation::FieldError::new(
                    field,
                    "unknown_department",
                    format!("`{code}` is not a department code"),
                ));
            }
        }
    }
    if !errors.is_empty() {
        return Err(ServiceError::Validation(errors));
    }
    let account = account(state, id).await?;
    if account.state() == AccountState::Erased {
        return Err(ServiceError::NotFound);
    }
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    for code in grant {
        let canonical = department::by_code(code)
            .map(|d| d.code)
            .unwrap_or_default();
        store::grant_referent(tx.h(), id, canonical, now).await?;
        let granted = Fact::ReferentChanged {
            account: id,
            by,
            department: canonical,
            granted: true,
        };
        let _nothing_cached = effects::record(&mut tx, &state.settings, granted).await?;
    }
    for code in revoke {
        let canonical = department::by_code(code)
            .map(|d| d.code)
            .unwrap_or_default();
        store::revoke_referent(tx.h(), id, canonical).await?;
        let revoked = Fact::ReferentChanged {
            account: id,
            by,
            department: canonical,
            granted: false,
        };
        let _nothing_cached = effects::record(&mut tx, &state.settings, revoked).await?;
    }
    let departments = store::referent_departments(tx.h(), id).await?;
    // Tokens carry the roles: older ones must not keep the old ones.
    let cutoff = sessions::void_access_tokens(&mut tx, id).await?;
    tx.commit().await?;
    sessions::publish_cutoff(&state.platform.cache, id, cutoff).await;
    Ok(departments)
}

/// Suspends (with a reason) or reinstates an account. Suspension closes
/// every session and voids live access tokens at once.
pub async fn set_suspended(
    state: &AppState,
    actor: Uuid,
    id: Uuid,
    reason: Option<&str>,
) -> Result<AccountRow, ServiceError> {
    let now = state.clock().now();
    let suspend = reason.is_some();
    if suspend && actor == id {
        return Err(ServiceError::Unprocessable {
            code: ProblemCode::CannotSuspendSelf,
            detail: "an administrator cannot suspend their own account".into(),
        });
    }
    let (from, to) = if suspend {
        (AccountState::Active, AccountState::Suspended)
    } else {
        (AccountState::Suspended, AccountState::Active)
    };
    let mut tx = state.db.begin().await?;
    let Some(current) = store::by_id(tx.h(), id).await? else {
        return Err(ServiceError::NotFound);
    };
    if !store::change_state(tx.h(), id, from, to, reason, now).await? {
        return Err(ServiceError::Conflict {
            code: ProblemCode::InvalidTransition,
            detail: format!("the account is {}", current.state().as_str()),
            extensions: vec![("current_state", serde_json::json!(current.state().as_str()))],
        });
    }
    let suspended = Fact::AccountSuspended {
        account: id,
        by: actor,
        reason,
    };
    let _nothing_cached = effects::record(&mut tx, &state.settings, suspended).await?;
    let cutoff = if suspend {
        Some(sessions::end_all(&mut tx, id, None).await?)
    } else {
        None
    };
    let updated = store::by_id(tx.h(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    tx.commit().await?;
    if let Some(cutoff) = cutoff {
        sessions::publish_cutoff(&state.platform.cache, id, cutoff).await;
        tracing::warn!(target: "renfort::security", account = %id, by = %actor, "account suspended");
    }
    Ok(updated)
}

/// Pins the service mode, or hands it back to the controllers (`auto`,
/// keeping the mode in force until they decide otherwise).
pub async fn set_service_mode(
    state: &AppState,
    actor: &AccountActor,
    override_mode: Override,
    reason: Option<&str>,
) -> Result<(), ServiceError> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if reason.is_some_and(|r| r.chars().count() > 500) {
        return Err(ServiceError::field(
            "reason",
            "too_long",
            "must be at most 500 characters",
        ));
    }
    let mode = &state.platform.mode;
    let to = match override_mode {
        Override::Auto => mode.current(),
        Override::Normal => Mode::Normal,
        Override::Degraded => Mode::Degraded,
    };
    let reason = reason.unwrap_or("set by an administrator");
    mode.change(to, override_mode, "admin", reason, Some(actor.id))
        .await?;
    // The mode lives beside the database; its audit entry follows it.
    let mut tx = state.db.begin().await?;
    let set = Fact::ServiceModeSet {
        by: actor.id,
        mode: override_mode.as_str(),
        reason,
    };
    let _nothing_cached = effects::record(&mut tx, &state.settings, set).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn service_mode(
    state: &AppState,
) -> Result<(Mode, Override, Vec<ModeChange>), ServiceError> {
    let mode = &state.platform.mode;
    let changes = crate::store::service_mode::changes(&state.db, 50).await?;
    Ok((mode.current(), mode.override_mode(), changes))
}

/// The email provider reported an address as undeliverable or unwilling:
/// nothing more is sent to it.
pub async fn suppress_address(
    state: &AppState,
    email: &str,
    event: &str,
) -> Result<(), ServiceError> {
    let mut conn = state.db.acquire().await?;
    crate::store::suppressions::suppress(conn.h(), email, event, state.clock().now()).await?;
    Ok(())
}
