//! Accounts, their single-use email tokens and referent assignments.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::types::Json;
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::domain::account::{AccountState, Profile};
use crate::domain::origin::Origin;
use crate::on_handle;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountRow {
    pub id: Uuid,
    pub email: String,
    pub email_normalized: String,
    #[sqlx(try_from = "String")]
    pub state: AccountState,
    pub password_hash: Option<String>,
    pub is_admin: bool,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: Option<NaiveDate>,
    pub postcode: Option<String>,
    pub department: Option<String>,
    pub phone: Option<String>,
    pub skills: Json<Vec<String>>,
    pub domains: Json<Vec<String>>,
    pub presentation: Option<String>,
    pub visible_to_organizations: bool,
    pub terms_version: Option<String>,
    pub terms_accepted_at: Option<DateTime<Utc>>,
    pub suspended_reason: Option<String>,
    pub email_undeliverable: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub activated_at: Option<DateTime<Utc>>,
}

impl AccountRow {
    pub fn state(&self) -> AccountState {
        self.state
    }

    pub fn profile(&self) -> Profile {
        Profile {
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            birth_date: self.birth_date,
            postcode: self.postcode.clone(),
            department: self.department.clone(),
            phone: self.phone.clone(),
            skills: self.skills.0.clone(),
            domains: self.domains.0.clone(),
            presentation: self.presentation.clone(),
            visible_to_organizations: self.visible_to_organizations,
        }
    }
}

const COLUMNS: &str = "id, email, email_normalized, state, password_hash, is_admin, first_name, last_name,
    birth_date, postcode, department, phone, skills, domains, presentation, visible_to_organizations,
    terms_version, terms_accepted_at, suspended_reason, email_undeliverable, created_at, updated_at, activated_at";

pub async fn by_email(h: Handle<'_>, normalized: &str) -> Result<Option<AccountRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM accounts WHERE email_normalized = $1");
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, AccountRow>(&sql).bind(normalized).fetch_optional(c).await)?,
    )
}

pub async fn by_id(h: Handle<'_>, id: Uuid) -> Result<Option<AccountRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM accounts WHERE id = $1");
    Ok(on_handle!(h, c => sqlx::query_as::<_, AccountRow>(&sql).bind(id).fetch_optional(c).await)?)
}

/// Locks the account row (PostgreSQL; SQLite transactions already hold the
/// database's write lock): a refresh and a "close every session" on one
/// account then run one after the other, never interleaved.
pub async fn by_id_for_update(h: Handle<'_>, id: Uuid) -> Result<Option<AccountRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM accounts WHERE id = $1{}",
        h.for_update()
    );
    Ok(on_handle!(h, c => sqlx::query_as::<_, AccountRow>(&sql).bind(id).fetch_optional(c).await)?)
}

/// Voids the account's access tokens issued before `at`.
pub async fn set_sessions_valid_after(
    h: Handle<'_>,
    id: Uuid,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query("UPDATE accounts SET sessions_valid_after = $2 WHERE id = $1")
        .bind(id)
        .bind(at)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Since when the account's access tokens are valid: `None` for an unknown
/// account, `Some(None)` when none was ever voided.
pub async fn sessions_valid_after(
    h: Handle<'_>,
    id: Uuid,
) -> Result<Option<Option<DateTime<Utc>>>, StoreError> {
    Ok(
        on_handle!(h, c => sqlx::query_scalar::<_, Option<DateTime<Utc>>>(
        "SELECT sessions_valid_after FROM accounts WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(c)
    .await)?,
    )
}

/// A new account, written by signup (with a profile) or by the CLI.
pub struct NewAccount<'a> {
    pub id: Uuid,
    pub email: &'a str,
    pub email_normalized: &'a str,
    pub is_admin: bool,
    pub profile: &'a Profile,
    pub terms_version: Option<&'a str>,
    pub origin: &'a Origin,
    pub now: DateTime<Utc>,
}

/// The columns a new account is written with, in `insert_rows`' order.
const NEW_ACCOUNT_COLUMNS: &str =
    "id, email, email_normalized, state, is_admin, first_name, last_name, birth_date,
    postcode, department, phone, skills, domains, presentation, visible_to_organizations,
    terms_version, terms_accepted_at, created_at, updated_at,
    utm_source, utm_medium, utm_campaign, apiengagement_id";

/// Writes one pending account; an address already taken is an error
/// (`StoreError::unique_violation`).
pub async fn insert(h: Handle<'_>, a: NewAccount<'_>) -> Result<(), StoreError> {
    insert_rows(h, &[a], false).await.map(|_| ())
}

/// Writes these pending accounts in one statement, skipping an address
/// that is already taken (a concurrent signup committed it first); the
/// number written says whether any was skipped.
pub async fn insert_many(h: Handle<'_>, accounts: &[NewAccount<'_>]) -> Result<u64, StoreError> {
    insert_rows(h, accounts, true).await
}

async fn insert_rows(
    h: Handle<'_>,
    accounts: &[NewAccount<'_>],
    skip_taken: bool,
) -> Result<u64, StoreError> {
    if accounts.is_empty() {
        return Ok(0);
    }
    let written = on_handle!(h, c => {
        let mut q = sqlx::QueryBuilder::new(format!("INSERT INTO accounts ({NEW_ACCOUNT_COLUMNS}) "));
        q.push_values(accounts, |mut row, a| {
            let p = a.profile;
            row.push_bind(a.id)
                .push_bind(a.email)
                .push_bind(a.email_normalized)
                .push("'pending_activation'")
                .push_bind(a.is_admin)
                .push_bind(&p.first_name)
                .push_bind(&p.last_name)
                .push_bind(p.birth_date)
                .push_bind(&p.postcode)
                .push_bind(&p.department)
                .push_bind(&p.phone)
                .push_bind(Json(&p.skills))
                .push_bind(Json(&p.domains))
                .push_bind(&p.presentation)
                .push_bind(p.visible_to_organizations)
                .push_bind(a.terms_version)
                .push_bind(a.terms_version.map(|_| a.now))
                .push_bind(a.now)
                .push_bind(a.now)
                .push_bind(&a.origin.utm_source)
                .push_bind(&a.origin.utm_medium)
                .push_bind(&a.origin.utm_campaign)
                .push_bind(&a.origin.apiengagement_id);
        });
        if skip_taken {
            q.push(" ON CONFLICT (email_normalized) DO NOTHING");
        }
        q.build().execute(c).await.map(|r| r.rows_affected())
    })?;
    Ok(written)
}

/// The accounts of these (normalised) addresses, in one statement.
pub async fn by_emails(h: Handle<'_>, normalized: &[&str]) -> Result<Vec<AccountRow>, StoreError> {
    if normalized.is_empty() {
        return Ok(Vec::new());
    }
    let rows = on_handle!(h, c => {
        let mut q = sqlx::QueryBuilder::new(format!("SELECT {COLUMNS} FROM accounts WHERE email_normalized IN ("));
        let mut list = q.separated(", ");
        for n in normalized {
            list.push_bind(*n);
        }
        list.push_unseparated(")");
        q.build_query_as::<AccountRow>().fetch_all(c).await
    })?;
    Ok(rows)
}

/// Whether the account ever applied to a mission or joined a line: its
/// birth date then judged something.
pub async fn has_applied(h: Handle<'_>, account: Uuid) -> Result<bool, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_scalar::<_, bool>(
        "SELECT EXISTS (SELECT 1 FROM participations WHERE volunteer_id = $1)
             OR EXISTS (SELECT 1 FROM waiting_list WHERE account_id = $1)",
    )
    .bind(account)
    .fetch_one(c)
    .await)?)
}

pub async fn update_profile(
    h: Handle<'_>,
    id: Uuid,
    p: &Profile,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "UPDATE accounts SET first_name = $2, last_name = $3, birth_date = $4, postcode = $5, department = $6,
            phone = $7, skills = $8, domains = $9, presentation = $10, visible_to_organizations = $11, updated_at = $12
         WHERE id = $1",
    )
    .bind(id)
    .bind(&p.first_name)
    .bind(&p.last_name)
    .bind(p.birth_date)
    .bind(&p.postcode)
    .bind(&p.department)
    .bind(&p.phone)
    .bind(Json(&p.skills))
    .bind(Json(&p.domains))
    .bind(&p.presentation)
    .bind(p.visible_to_organizations)
    .bind(now)
    .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Activates a pending account with its first password.
pub async fn activate(
    h: Handle<'_>,
    id: Uuid,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let done = on_handle!(h, c => sqlx::query(
        "UPDATE accounts SET state = 'active', password_hash = $2, activated_at = $3, updated_at = $3
         WHERE id = $1 AND state = 'pending_activation'",
    )
    .bind(id)
    .bind(password_hash)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

pub async fn set_password(
    h: Handle<'_>,
    id: Uuid,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query("UPDATE accounts SET password_hash = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(password_hash)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_email(
    h: Handle<'_>,
    id: Uuid,
    email: &str,
    normalized: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "UPDATE accounts SET email = $2, email_normalized = $3, email_undeliverable = false, updated_at = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(email)
    .bind(normalized)
    .bind(now)
    .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_admin(h: Handle<'_>, id: Uuid, now: DateTime<Utc>) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query("UPDATE accounts SET is_admin = true, updated_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Moves between `active` and `suspended`; returns false when the account
/// was not in `from`.
pub async fn change_state(
    h: Handle<'_>,
    id: Uuid,
    from: AccountState,
    to: AccountState,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let done = on_handle!(h, c => sqlx::query(
        "UPDATE accounts SET state = $3, suspended_reason = $4, updated_at = $5 WHERE id = $1 AND state = $2",
    )
    .bind(id)
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(reason)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Replaces the identity by a tombstone; the row stays so that history
/// keeps pointing at "an erased account".
pub async fn erase(h: Handle<'_>, id: Uuid, now: DateTime<Utc>) -> Result<(), StoreError> {
    let tombstone = format!("erased+{}@invalid", id.simple());
    on_handle!(h, c => sqlx::query(
        "UPDATE accounts SET state = 'erased', email = $2, email_normalized = $2, password_hash = NULL,
            first_name = 'Compte', last_name = 'supprimé', birth_date = NULL, postcode = NULL, department = NULL,
            phone = NULL, skills = '[]', domains = '[]', presentation = NULL, visible_to_organizations = false,
            suspended_reason = NULL, utm_source = NULL, utm_medium = NULL, utm_campaign = NULL,
            apiengagement_id = NULL, updated_at = $3, erased_at = $3
         WHERE id = $1",
    )
    .bind(id)
    .bind(tombstone)
    .bind(now)
    .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn clear_referent(h: Handle<'_>, id: Uuid) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query("DELETE FROM referent_departments WHERE account_id = $1")
        .bind(id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    Activation,
    PasswordReset,
    EmailChange,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::Activation => "activation",
            TokenPurpose::PasswordReset => "password_reset",
            TokenPurpose::EmailChange => "email_change",
        }
    }
}

/// Writes one single-use token (its hash only).
pub async fn insert_token(
    h: Handle<'_>,
    hash: &[u8],
    account: Uuid,
    purpose: TokenPurpose,
    new_email: Option<&str>,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let token = NewToken {
        hash,
        account,
        purpose,
        new_email,
        expires_at,
    };
    insert_tokens(h, &[token], now).await
}

/// A single-use token to write (its hash only).
pub struct NewToken<'a> {
    pub hash: &'a [u8],
    pub account: Uuid,
    pub purpose: TokenPurpose,
    /// The address an email-change token confirms.
    pub new_email: Option<&'a str>,
    pub expires_at: DateTime<Utc>,
}

/// Writes these tokens in one statement.
pub async fn insert_tokens(
    h: Handle<'_>,
    tokens: &[NewToken<'_>],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if tokens.is_empty() {
        return Ok(());
    }
    on_handle!(h, c => {
        let mut q = sqlx::QueryBuilder::new(
            "INSERT INTO account_tokens (token_hash, account_id, purpose, new_email, created_at, expires_at) ",
        );
        q.push_values(tokens, |mut row, t| {
            row.push_bind(t.hash)
                .push_bind(t.account)
                .push_bind(t.purpose.as_str())
                .push_bind(t.new_email)
                .push_bind(now)
                .push_bind(t.expires_at);
        });
        q.build().execute(c).await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenUse {
    pub account_id: Uuid,
    pub new_email: Option<String>,
}

/// The account a valid (unused, unexpired) token belongs to, without
/// using it: lets a request be validated before the token is spent.
pub async fn peek_token(
    h: Handle<'_>,
    hash: &[u8],
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<Option<TokenUse>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, TokenUse>(
        "SELECT account_id, new_email FROM account_tokens
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(hash)
    .bind(purpose.as_str())
    .bind(now)
    .fetch_optional(c)
    .await)?)
}

/// Spends a token, once: of two concurrent uses, one gets `None`.
pub async fn use_token(
    h: Handle<'_>,
    hash: &[u8],
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<Option<TokenUse>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_as::<_, TokenUse>(
        "UPDATE account_tokens SET used_at = $3
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
         RETURNING account_id, new_email",
    )
    .bind(hash)
    .bind(purpose.as_str())
    .bind(now)
    .fetch_optional(c)
    .await)?)
}

/// Invalidates every outstanding token of the account for `purpose`.
pub async fn drop_tokens(
    h: Handle<'_>,
    account: Uuid,
    purpose: Option<TokenPurpose>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query("DELETE FROM account_tokens WHERE account_id = $1 AND ($2 IS NULL OR purpose = $2)")
        .bind(account)
        .bind(purpose.map(TokenPurpose::as_str))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn referent_departments(h: Handle<'_>, account: Uuid) -> Result<Vec<String>, StoreError> {
    Ok(on_handle!(h, c => sqlx::query_scalar::<_, String>(
        "SELECT department FROM referent_departments WHERE account_id = $1 ORDER BY department",
    )
    .bind(account)
    .fetch_all(c)
    .await)?)
}

pub async fn grant_referent(
    h: Handle<'_>,
    account: Uuid,
    department: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "INSERT INTO referent_departments (account_id, department, granted_at) VALUES ($1, $2, $3)
         ON CONFLICT (account_id, department) DO NOTHING",
    )
    .bind(account)
    .bind(department)
    .bind(now)
    .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn revoke_referent(
    h: Handle<'_>,
    account: Uuid,
    department: &str,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query("DELETE FROM referent_departments WHERE account_id = $1 AND department = $2")
        .bind(account)
        .bind(department)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Emails sent to an address, newest first, for the personal data export.
pub async fn emails_sent_to(
    h: Handle<'_>,
    email: &str,
) -> Result<Vec<(Json<serde_json::Value>, String, DateTime<Utc>)>, StoreError> {
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, (Json<serde_json::Value>, String, DateTime<Utc>)>(
        "SELECT payload, state, created_at FROM outbox_jobs
         WHERE kind = 'email' AND lower(payload->>'to') = lower($1) ORDER BY created_at DESC LIMIT 200",
    )
    .bind(email)
    .fetch_all(c)
    .await)?,
    )
}

/// Deletes account tokens past their expiry (housekeeping).
pub async fn purge_expired_tokens(h: Handle<'_>, now: DateTime<Utc>) -> Result<u64, StoreError> {
    Ok(
        on_handle!(h, c => sqlx::query("DELETE FROM account_tokens WHERE expires_at < $1")
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?,
    )
}
