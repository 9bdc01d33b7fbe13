//! Account use cases: signup, activation, password reset and change, email
//! change, profile, personal data export and erasure.

use chrono::{Duration, Utc};
use uuid::Uuid;

pub use super::access::current;
use super::effects::{self, Fact, Link};
use super::sessions::{self, hashing_busy, IssuedSession};
use crate::auth::password::Verified;
use crate::auth::tokens;
use crate::domain::account::{self, AccountState, EmailAddress, ProfileInput};
use crate::email;
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::state::AppState;
use crate::store::accounts::{self as store, AccountRow, NewAccount, TokenPurpose};
use crate::store::personal;
use crate::store::sessions as session_store;
use crate::store::Tx;

pub const ACTIVATION_TTL_HOURS: i64 = 48;
pub const RESET_TTL_HOURS: i64 = 1;

fn invalid_token() -> ServiceError {
    ServiceError::BadRequest {
        code: ProblemCode::InvalidToken,
        detail: "this link is unknown, already used or expired; ask for a new one".into(),
    }
}

/// Signups, with no hashing: a whole batch in four statements, whatever
/// its size (one lookup of the known addresses, one insert each of the new
/// accounts, their activation tokens and every email job). The outcome is
/// the same for a new and a known address; only the email sent differs:
/// a new address gets an activation link, a waiting one a new link, an
/// active or suspended one "already registered", an erased one nothing.
/// A duplicate inside the batch finds the account its first occurrence
/// created and is sent the link again. Runs inside a transaction that the
/// signup intake commits.
///
/// `Ok(false)` when an address was taken meanwhile by a signup outside the
/// batch: the caller undoes the transaction and writes the batch one
/// signup at a time, each deciding alone.
pub async fn signup_batch(
    tx: &mut Tx,
    signups: &[&account::NewSignup],
) -> Result<bool, ServiceError> {
    use std::collections::HashMap;

    let now = tx.now();
    let addresses: Vec<&str> = signups.iter().map(|s| s.email.normalized()).collect();
    let known: HashMap<String, AccountRow> = store::by_emails(tx.h(), &addresses)
        .await?
        .into_iter()
        .map(|row| (row.email_normalized.clone(), row))
        .collect();

    // (account, address, first name) of each activation link to send.
    let mut activations: Vec<(Uuid, &str, &str)> = Vec::new();
    // (address, first name) of each account told it already exists.
    let mut registered: Vec<(&str, &str)> = Vec::new();
    let mut created: HashMap<&str, (Uuid, &str, &str)> = HashMap::new();
    let mut accounts = Vec::new();
    for s in signups {
        let address = s.email.normalized();
        if let Some(existing) = known.get(address) {
            match existing.state() {
                AccountState::PendingActivation => {
                    activations.push((existing.id, &existing.email, &existing.first_name))
                }
                AccountState::Active | AccountState::Suspended => {
                    registered.push((existing.email.as_str(), existing.first_name.as_str()))
                }
                AccountState::Erased => {}
            }
        } else if let Some(first) = created.get(address) {
            activations.push(*first);
        } else {
            let id = Uuid::now_v7();
            let new = (id, s.email.as_str(), s.profile.first_name.as_str());
            created.insert(address, new);
            activations.push(new);
            accounts.push(NewAccount {
                id,
                email: s.email.as_str(),
                email_normalized: address,
                is_admin: false,
                profile: &s.profile,
                terms_version: Some(&s.terms_version),
                origin: &s.origin,
                now,
            });
        }
    }
    if store::insert_many(tx.h(), &accounts).await? < accounts.len() as u64 {
        return Ok(false);
    }

    let issued: Vec<_> = activations.iter().map(|_| tokens::issue()).collect();
    let expires_at = now + Duration::hours(ACTIVATION_TTL_HOURS);
    let token_rows: Vec<_> = activations
        .iter()
        .zip(&issued)
        .map(|((account, ..), token)| store::NewToken {
            hash: &token.hash,
            account: *account,
            purpose: TokenPurpose::Activation,
            new_email: None,
            expires_at,
        })
        .collect();
    store::insert_tokens(tx.h(), &token_rows, now).await?;
    let links: Vec<(&str, &str, String)> = activations
        .iter()
        .zip(issued)
        .map(|((_, to, first_name), token)| (*to, *first_name, token.token))
        .collect();
    effects::signups_taken(tx, &links, &registered).await?;
    Ok(true)
}

pub(crate) async fn send_activation(
    tx: &mut Tx,
    settings: &crate::config::Settings,
    account: Uuid,
    to: &str,
    first_name: &str,
) -> Result<(), ServiceError> {
    let now = tx.now();
    let token = tokens::issue();
    store::insert_token(
        tx.h(),
        &token.hash,
        account,
        TokenPurpose::Activation,
        None,
        now,
        now + Duration::hours(ACTIVATION_TTL_HOURS),
    )
    .await?;
    let sent = Fact::LinkSent {
        to,
        first_name,
        link: Link::Activation {
            token: &token.token,
        },
    };
    let _nothing_cached = effects::record(tx, settings, sent).await?;
    Ok(())
}

/// Outbox job kind of the emails a person asks for by address: a reset
/// link, the activation link again.
pub const ACCOUNT_EMAIL_JOB: &str = "account_email";

/// What was asked for, by address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountEmail {
    /// A password-reset link, for an active account.
    PasswordReset,
    /// The activation link again, for an account waiting for it.
    Activation,
}

/// The job of an account email: the worker decides whether one goes.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountEmailJob {
    /// The address as typed, normalised; `to` like an email job's, so that
    /// export and erasure find it.
    to: String,
    what: AccountEmail,
}

impl crate::store::outbox::Job for AccountEmailJob {
    const KIND: &'static str = ACCOUNT_EMAIL_JOB;

    fn priority(&self) -> i32 {
        match self.what {
            AccountEmail::PasswordReset => email::Urgency::Security as i32,
            AccountEmail::Activation => email::Urgency::Normal as i32,
        }
    }

    /// Repeats while one is waiting make no new job.
    fn coalesce_key(&self) -> Option<String> {
        Some(format!("{ACCOUNT_EMAIL_JOB}:{:?}:{}", self.what, self.to))
    }
}

/// Records a request for an account email, whatever the address. The
/// request does the same work, one write, whether the address has an
/// account or not, so that its timing tells nothing; the worker decides
/// whether an email goes. Repeats while one is waiting make no new job.
pub async fn request_account_email(
    state: &AppState,
    email: &EmailAddress,
    what: AccountEmail,
) -> Result<(), ServiceError> {
    let job = account_email_job(email, what);
    let mut tx = state.db.begin().await?;
    crate::store::outbox::push(&mut tx, &job, None).await?;
    tx.commit().await?;
    Ok(())
}

/// The job that sends `what` to `email`, if its account is in the state
/// for it.
pub fn account_email_job(email: &EmailAddress, what: AccountEmail) -> AccountEmailJob {
    AccountEmailJob {
        to: email.normalized().to_owned(),
        what,
    }
}

/// The worker's half of `request_account_email`: the token and its email
/// for an account in the right state, nothing otherwise. Returns why
/// nothing was sent, when nothing was.
pub async fn send_account_email(
    db: &crate::store::Db,
    settings: &crate::config::Settings,
    job: &AccountEmailJob,
) -> Result<Option<&'static str>, ServiceError> {
    let now = db.now();
    let mut tx = db.begin().await?;
    let account = store::by_email(tx.h(), &job.to).await?;
    let sent = match (account, job.what) {
        (Some(a), AccountEmail::PasswordReset) if a.state() == AccountState::Active => {
            let token = tokens::issue();
            store::insert_token(
                tx.h(),
                &token.hash,
                a.id,
                TokenPurpose::PasswordReset,
                None,
                now,
                now + Duration::hours(RESET_TTL_HOURS),
            )
            .await?;
            let sent = Fact::LinkSent {
                to: &a.email,
                first_name: &a.first_name,
                link: Link::PasswordReset {
                    token: &token.token,
                },
            };
            let _nothing_cached = effects::record(&mut tx, settings, sent).await?;
            true
        }
        (Some(a), AccountEmail::Activation) if a.state() == AccountState::PendingActivation => {
            send_activation(&mut tx, settings, a.id, &a.email, &a.first_name).await?;
            true
        }
        _ => false,
    };
    tx.commit().await?;
    Ok((!sent).then_some("skipped: no account waits for this email"))
}

/// Activation: the token chooses the account, the password is checked
/// before the token is spent (a refused password leaves the link usable),
/// hashed outside any transaction, then the token is spent, the account
/// activated and a session opened in one transaction.
pub async fn activate(
    state: &AppState,
    token: &str,
    password: String,
) -> Result<IssuedSession, ServiceError> {
    let now = state.clock().now();
    let hash = tokens::hash(token);
    let mut conn = state.db.acquire().await?;
    let found = store::peek_token(conn.h(), &hash, TokenPurpose::Activation, now).await?;
    let Some(found) = found else {
        return Err(invalid_token());
    };
    let Some(account) = store::by_id(conn.h(), found.account_id).await? else {
        return Err(invalid_token());
    };
    drop(conn);
    check_new_password(&password, &account)?;
    let password_hash = state
        .auth
        .hasher
        .hash(password)
        .await
        .map_err(hashing_busy)?;

    let mut tx = state.db.begin().await?;
    if store::use_token(tx.h(), &hash, TokenPurpose::Activation, now)
        .await?
        .is_none()
    {
        return Err(invalid_token());
    }
    if !store::activate(tx.h(), account.id, &password_hash, now).await? {
        return Err(invalid_token());
    }
    store::drop_tokens(tx.h(), account.id, Some(TokenPurpose::Activation)).await?;
    let session = sessions::open(state, &mut tx, &account, now).await?;
    tx.commit().await?;
    tracing::info!(account = %account.id, "account activated");
    Ok(session)
}

fn check_new_password(password: &str, account: &AccountRow) -> Result<(), ServiceError> {
    let email = EmailAddress::parse(&account.email)
        .map_err(|_| ServiceError::internal(anyhow::anyhow!("stored email invalid")))?;
    account::new_password(password, &email)
        .map_err(|e| ServiceError::field("password", e.code, &e.message))
}

/// Reset: new password, every session of the account closed.
pub async fn reset_password(
    state: &AppState,
    token: &str,
    password: String,
) -> Result<(), ServiceError> {
    let now = state.clock().now();
    let hash = tokens::hash(token);
    let mut conn = state.db.acquire().await?;
    let Some(found) = store::peek_token(conn.h(), &hash, TokenPurpose::PasswordReset, now).await?
    else {
        return Err(invalid_token());
    };
    let Some(account) = store::by_id(conn.h(), found.account_id).await? else {
        return Err(invalid_token());
    };
    drop(conn);
    if account.state() != AccountState::Active {
        return Err(invalid_token());
    }
    check_new_password(&password, &account)?;
    let password_hash = state
        .auth
        .hasher
        .hash(password)
        .await
        .map_err(hashing_busy)?;

    let mut tx = state.db.begin().await?;
    if store::use_token(tx.h(), &hash, TokenPurpose::PasswordReset, now)
        .await?
        .is_none()
    {
        return Err(invalid_token());
    }
    store::set_password(tx.h(), account.id, &password_hash, now).await?;
    store::drop_tokens(tx.h(), account.id, Some(TokenPurpose::PasswordReset)).await?;
    let cutoff = sessions::end_all(&mut tx, account.id, None).await?;
    let changed = Fact::PasswordChanged { account: &account };
    let _nothing_cached = effects::record(&mut tx, &state.settings, changed).await?;
    tx.commit().await?;
    sessions::publish_cutoff(&state.platform.cache, account.id, cutoff).await;
    tracing::info!(account = %account.id, "password reset; all sessions revoked");
    Ok(())
}

/// Checks the caller's current password (for sensitive changes).
pub async fn confirm_password(
    state: &AppState,
    account: &AccountRow,
    password: String,
) -> Result<(), ServiceError> {
    match state
        .auth
        .hasher
        .verify(password, account.password_hash.clone())
        .await
        .map_err(hashing_busy)?
    {
        Verified::No => Err(ServiceError::field(
            "current_password",
            "incorrect",
            "the current password is incorrect",
        )),
        Verified::Yes | Verified::YesRehashed(_) => Ok(()),
    }
}

/// Changes the password of a signed-in account; its other sessions close.
pub async fn change_password(
    state: &AppState,
    account_id: Uuid,
    session: Uuid,
    current_password: String,
    new_password: String,
) -> Result<(), ServiceError> {
    let account = current(state, account_id).await?;
    check_new_password(&new_password, &account).map_err(|e| match e {
        ServiceError::Validation(mut errs) => {
            for err in &mut errs {
                err.field = "new_password".into();
            }
            ServiceError::Validation(errs)
        }
        other => other,
    })?;
    confirm_password(state, &account, current_password).await?;
    let password_hash = state
        .auth
        .hasher
        .hash(new_password)
        .await
        .map_err(hashing_busy)?;
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    store::set_password(tx.h(), account.id, &password_hash, now).await?;
    let cutoff = sessions::end_all(&mut tx, account.id, Some(session)).await?;
    let changed = Fact::PasswordChanged { account: &account };
    let _nothing_cached = effects::record(&mut tx, &state.settings, changed).await?;
    tx.commit().await?;
    // Access tokens of the other sessions stop now; this session's client
    // refreshes (its refresh token is kept) and carries on.
    sessions::publish_cutoff(&state.platform.cache, account.id, cutoff).await;
    Ok(())
}

/// Applies a profile edit, validated like signup.
pub async fn update_profile(
    state: &AppState,
    account_id: Uuid,
    edit: impl FnOnce(&mut ProfileInput),
) -> Result<AccountRow, ServiceError> {
    let account = current(state, account_id).await?;
    let mut input = ProfileInput::from(&account.profile());
    edit(&mut input);
    let profile = input
        .validate(state.clock().today())
        .map_err(ServiceError::Validation)?;
    let now = state.clock().now();
    let mut conn = state.db.acquire().await?;
    if profile.birth_date != account.birth_date && store::has_applied(conn.h(), account.id).await? {
        return Err(ServiceError::Conflict {
            code: ProblemCode::BirthDateLocked,
            detail: "your birth date judged an application; correct it with \
                     POST /v1/me/birth-date-correction, which is recorded"
                .into(),
            extensions: vec![],
        });
    }
    store::update_profile(conn.h(), account.id, &profile, now).await?;
    let updated = store::by_id(conn.h(), account.id).await?;
    updated.ok_or(ServiceError::NotFound)
}

/// Corrects the birth date of someone who has applied: the age gate
/// judged their applications on it, so the change is recorded (from,
/// to, why, when) in the audit trail, and the applications keep the age
/// band they were judged on.
pub async fn correct_birth_date(
    state: &AppState,
    account_id: Uuid,
    birth_date: chrono::NaiveDate,
    reason: &str,
) -> Result<AccountRow, ServiceError> {
    let account = current(state, account_id).await?;
    let reason = crate::domain::validation::text(reason, 10, 500)
        .map_err(|e| ServiceError::field("reason", e.code, &e.message))?;
    let mut input = ProfileInput::from(&account.profile());
    input.birth_date = Some(birth_date);
    let profile = input
        .validate(state.clock().today())
        .map_err(ServiceError::Validation)?;
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    store::update_profile(tx.h(), account.id, &profile, now).await?;
    let corrected = Fact::BirthDateCorrected {
        account: account.id,
        from: account.birth_date,
        to: birth_date,
        reason: &reason,
    };
    let _nothing_cached = effects::record(&mut tx, &state.settings, corrected).await?;
    let updated = store::by_id(tx.h(), account.id).await?;
    tx.commit().await?;
    updated.ok_or(ServiceError::NotFound)
}

/// Asks to move the account to a new address: a confirmation link goes to
/// the new address, and nothing changes until it is followed.
pub async fn request_email_change(
    state: &AppState,
    account_id: Uuid,
    new_email: EmailAddress,
    password: String,
) -> Result<(), ServiceError> {
    let account = current(state, account_id).await?;
    confirm_password(state, &account, password).await?;
    super::quotas::spend(
        state,
        super::quotas::Spend::EmailChangeRequested { by: account.id },
    )
    .await?;
    if new_email.normalized() == account.email_normalized {
        return Err(ServiceError::field(
            "new_email",
            "unchanged",
            "this is already the account's address",
        ));
    }
    let now = state.clock().now();
    let token = tokens::issue();
    let mut tx = state.db.begin().await?;
    store::drop_tokens(tx.h(), account.id, Some(TokenPurpose::EmailChange)).await?;
    store::insert_token(
        tx.h(),
        &token.hash,
        account.id,
        TokenPurpose::EmailChange,
        Some(new_email.as_str()),
        now,
        now + Duration::hours(ACTIVATION_TTL_HOURS),
    )
    .await?;
    let sent = Fact::LinkSent {
        to: new_email.as_str(),
        first_name: &account.first_name,
        link: Link::EmailChange {
            new_email: new_email.as_str(),
            token: &token.token,
        },
    };
    let _nothing_cached = effects::record(&mut tx, &state.settings, sent).await?;
    tx.commit().await?;
    Ok(())
}

/// Follows an email-change link. The address may have been taken since
/// the request: then 409, and the account keeps its address.
pub async fn confirm_email_change(state: &AppState, token: &str) -> Result<(), ServiceError> {
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    let Some(used) =
        store::use_token(tx.h(), &tokens::hash(token), TokenPurpose::EmailChange, now).await?
    else {
        return Err(invalid_token());
    };
    let new_email = used
        .new_email
        .as_deref()
        .and_then(|e| EmailAddress::parse(e).ok())
        .ok_or_else(invalid_token)?;
    match store::set_email(
        tx.h(),
        used.account_id,
        new_email.as_str(),
        new_email.normalized(),
        now,
    )
    .await
    {
        Ok(()) => {}
        Err(e) if e.unique_violation().is_some() => {
            return Err(ServiceError::Conflict {
                code: ProblemCode::EmailTaken,
                detail: "another account uses this address now".into(),
                extensions: vec![],
            })
        }
        Err(e) => return Err(e.into()),
    }
    tx.commit().await?;
    Ok(())
}

/// Erasure: the identity is replaced by a tombstone; sessions and tokens
/// go; open applications are cancelled (their organisations are told, as
/// for any cancellation) and the texts of all of them removed; memberships
/// end (refused while the person is the last owner of an organisation:
/// it would be left with no one to run it); the outbox and stored
/// idempotent responses forget them. History rows keep the account id,
/// which now names "an erased account".
pub async fn erase(
    state: &AppState,
    account_id: Uuid,
    password: String,
) -> Result<(), ServiceError> {
    let account = current(state, account_id).await?;
    confirm_password(state, &account, password).await?;
    erase_now(
        &state.db,
        Some(&state.platform.cache),
        &state.settings,
        &account,
        Some(account.id),
        state.clock().now(),
    )
    .await
}

/// Erases `account` now, as `erase` does once the password is confirmed:
/// also the path of the retention sweep (`by` is `None`).
pub async fn erase_now(
    db: &crate::store::Db,
    cache: Option<&crate::platform::cache::Cache>,
    settings: &crate::config::Settings,
    account: &AccountRow,
    by: Option<Uuid>,
    now: chrono::DateTime<Utc>,
) -> Result<(), ServiceError> {
    let mut tx = db.begin().await?;
    let cutoff = sessions::end_all(&mut tx, account.id, None).await?;
    super::organizations::leave_all(&mut tx, settings, account.id).await?;
    let after = super::participations::cancel_all_of(&mut tx, settings, account.id, now).await?;
    personal::erase_history_reasons(tx.h(), account.id).await?;
    personal::erase_application_texts(tx.h(), account.id).await?;
    store::drop_tokens(tx.h(), account.id, None).await?;
    personal::erase_outbox(tx.h(), &account.email).await?;
    personal::erase_invitations(tx.h(), &account.email_normalized).await?;
    crate::store::idempotency::drop_for_account(tx.h(), account.id).await?;
    store::clear_referent(tx.h(), account.id).await?;
    crate::store::calendar::drop_feed(tx.h(), account.id).await?;
    crate::store::favourites::remove_all(tx.h(), account.id).await?;
    crate::store::saved_searches::remove_all(tx.h(), account.id).await?;
    crate::store::notifications::erase(tx.h(), account.id).await?;
    crate::store::waiting_list::leave_all(tx.h(), account.id).await?;
    store::erase(tx.h(), account.id, now).await?;
    let erased = super::effects::Fact::AccountErased {
        account: account.id,
        by,
    };
    let _nothing_cached = super::effects::record(&mut tx, settings, erased).await?;
    tx.commit().await?;
    if let Some(cache) = cache {
        sessions::publish_cutoff(cache, account.id, cutoff).await;
        after.drop_cached(cache).await;
    }
    tracing::info!(account = %account.id, "account erased");
    Ok(())
}

/// The departments an account is referent of, for its own view.
pub async fn referent_departments(
    state: &AppState,
    account: Uuid,
) -> Result<Vec<String>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    Ok(store::referent_departments(conn.h(), account).await?)
}

/// What the personal-data export adds to the account.
pub struct PersonalRecords {
    pub sessions: Vec<session_store::SessionSummary>,
    /// Emails to the person's address: payload, state, written at.
    pub emails: Vec<(
        sqlx::types::Json<serde_json::Value>,
        String,
        chrono::DateTime<Utc>,
    )>,
    pub participations: Vec<personal::ParticipationRecord>,
    pub shifts: Vec<personal::ShiftRecord>,
    pub memberships: Vec<personal::MembershipRecord>,
    pub invitations: Vec<personal::InvitationRecord>,
    pub history: Vec<personal::HistoryRecord>,
    pub messages: Vec<crate::store::messages::AuthoredMessage>,
    /// Missions bookmarked: id, title, when.
    pub favourites: Vec<(Uuid, String, chrono::DateTime<Utc>)>,
    /// Places on waiting lists: mission, title, position, joined.
    pub waiting_lists: Vec<crate::store::waiting_list::Waiting>,
    /// What the person chose to be told by email.
    pub notifications: crate::domain::notification::Preferences,
    /// Searches kept for the daily alerts.
    pub saved_searches: Vec<crate::store::saved_searches::SavedSearch>,
    /// Where the person came from when they signed up.
    pub origin: crate::domain::origin::Origin,
}

pub async fn personal_records(
    state: &AppState,
    account: &AccountRow,
    now: chrono::DateTime<Utc>,
) -> Result<PersonalRecords, ServiceError> {
    let mut conn = state.db.acquire().await?;
    Ok(PersonalRecords {
        sessions: session_store::live(conn.h(), account.id, now).await?,
        emails: store::emails_sent_to(conn.h(), &account.email).await?,
        participations: personal::participations(conn.h(), account.id).await?,
        shifts: personal::shifts(conn.h(), account.id).await?,
        memberships: personal::memberships(conn.h(), account.id).await?,
        invitations: personal::invitations(conn.h(), account.id, &account.email_normalized).await?,
        history: personal::history(conn.h(), account.id).await?,
        messages: crate::store::messages::authored_by(conn.h(), account.id).await?,
        favourites: crate::store::favourites::of_account(conn.h(), account.id)
            .await?
            .into_iter()
            .map(|f| (f.mission_id, f.title, f.created_at))
            .collect(),
        waiting_lists: crate::store::waiting_list::of_account(conn.h(), account.id).await?,
        notifications: crate::store::notifications::of(conn.h(), account.id).await?,
        saved_searches: crate::store::saved_searches::of_account(conn.h(), account.id).await?,
        origin: personal::origin(conn.h(), account.id).await?,
    })
}
