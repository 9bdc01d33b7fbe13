//! Sessions: login, refresh-token rotation with replay detection, logout.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::auth::password::PoolError;
use crate::auth::password::Verified;
use crate::auth::tokens;
use crate::domain::account::{AccountState, EmailAddress};
use crate::error::ServiceError;
use crate::state::AppState;
use crate::store::accounts::{self as account_store, AccountRow};
use crate::store::sessions as store;
use crate::store::Tx;

/// What a successful sign-in gives the client.
pub struct IssuedSession {
    pub access_token: String,
    pub expires_in: i64,
    pub refresh_token: String,
    pub refresh_expires_at: DateTime<Utc>,
}

/// Opens a new session (a new refresh-token family) in `tx`.
pub async fn open(
    state: &AppState,
    tx: &mut Tx,
    account: &AccountRow,
    now: DateTime<Utc>,
) -> Result<IssuedSession, ServiceError> {
    issue(state, tx, account, Uuid::now_v7(), now).await
}

async fn issue(
    state: &AppState,
    tx: &mut Tx,
    account: &AccountRow,
    family: Uuid,
    now: DateTime<Utc>,
) -> Result<IssuedSession, ServiceError> {
    let refresh = tokens::issue();
    let expires_at = now + Duration::days(state.settings.auth.refresh_token_ttl_days);
    store::insert(tx.h(), &refresh.hash, account.id, family, now, expires_at).await?;
    let referent = account_store::referent_departments(tx.h(), account.id).await?;
    Ok(IssuedSession {
        access_token: state
            .auth
            .keys
            .sign(account.id, family, account.is_admin, referent, now),
        expires_in: state.auth.keys.ttl_secs(),
        refresh_token: refresh.token,
        refresh_expires_at: expires_at,
    })
}

fn invalid_credentials() -> ServiceError {
    ServiceError::Unauthenticated {
        code: "invalid_credentials",
        detail: "unknown email or wrong password".into(),
    }
}

/// Login. Unknown addresses are checked against a dummy hash, so that
/// they cost the same time as a wrong password.
pub async fn login(
    state: &AppState,
    email: &EmailAddress,
    password: String,
) -> Result<IssuedSession, ServiceError> {
    let mut conn = state.db.acquire().await?;
    let account = account_store::by_email(conn.h(), email.normalized()).await?;
    drop(conn);
    let stored = account.as_ref().and_then(|a| a.password_hash.clone());
    let verified = state
        .auth
        .hasher
        .verify(password, stored)
        .await
        .map_err(hashing_busy)?;
    let (account, rehashed) = match (account, verified) {
        (Some(a), Verified::Yes) => (a, None),
        (Some(a), Verified::YesRehashed(h)) => (a, Some(h)),
        _ => return Err(invalid_credentials()),
    };
    match account.state() {
        AccountState::Active => {}
        AccountState::Suspended => {
            return Err(ServiceError::Forbidden {
                code: "account_suspended",
                detail: "this account is suspended".into(),
            })
        }
        AccountState::PendingActivation | AccountState::Erased => return Err(invalid_credentials()),
    }
    let now = Utc::now();
    let mut tx = state.db.begin().await?;
    if let Some(hash) = rehashed {
        account_store::set_password(tx.h(), account.id, &hash, now).await?;
    }
    let session = open(state, &mut tx, &account, now).await?;
    tx.commit().await?;
    Ok(session)
}

fn refresh_refused(detail: &str) -> ServiceError {
    ServiceError::Unauthenticated {
        code: "invalid_refresh_token",
        detail: detail.to_owned(),
    }
}

/// Rotates a refresh token. Presenting one that was already rotated means
/// two parties hold it (one of them stole it): the whole family is revoked
/// and both must sign in again.
pub async fn refresh(state: &AppState, token: &str) -> Result<IssuedSession, ServiceError> {
    let now = Utc::now();
    let hash = tokens::hash(token);
    let mut tx = state.db.begin().await?;
    let Some(row) = store::find(tx.h(), &hash).await? else {
        return Err(refresh_refused("unknown refresh token; sign in again"));
    };
    if row.revoked_at.is_some() || row.expires_at <= now {
        return Err(refresh_refused("this session has ended; sign in again"));
    }
    if row.used_at.is_some() || !store::mark_used(tx.h(), &hash, now).await? {
        store::revoke_family(tx.h(), row.family_id, now).await?;
        tx.commit().await?;
        tracing::warn!(
            target: "renfort::security",
            account = %row.account_id,
            family = %row.family_id,
            "refresh token replayed: session family revoked"
        );
        return Err(refresh_refused(
            "this refresh token was already used; the session is closed for safety",
        ));
    }
    let account = account_store::by_id(tx.h(), row.account_id).await?;
    let Some(account) = account.filter(|a| a.state() == AccountState::Active) else {
        store::revoke_family(tx.h(), row.family_id, now).await?;
        tx.commit().await?;
        return Err(refresh_refused("this account cannot sign in"));
    };
    let session = issue(state, &mut tx, &account, row.family_id, now).await?;
    tx.commit().await?;
    Ok(session)
}

/// Logout: the presented session ends (unknown tokens are ignored).
pub async fn logout(state: &AppState, token: &str) -> Result<(), ServiceError> {
    let now = Utc::now();
    let mut tx = state.db.begin().await?;
    if let Some(row) = store::find(tx.h(), &tokens::hash(token)).await? {
        store::revoke_family(tx.h(), row.family_id, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

pub fn hashing_busy(e: PoolError) -> ServiceError {
    match e {
        PoolError::Saturated => ServiceError::Unavailable {
            code: "busy",
            detail: "too many sign-ins at once; please retry in a moment".into(),
            retry_after: std::time::Duration::from_secs(2),
        },
        PoolError::Stopped => {
            ServiceError::internal(anyhow::anyhow!("password hashing pool stopped"))
        }
    }
}
