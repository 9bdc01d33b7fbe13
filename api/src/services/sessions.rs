//! Sessions: login, refresh-token rotation with replay detection, logout.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::auth::password::PoolError;
use crate::auth::password::Verified;
use crate::auth::tokens;
use crate::domain::account::{AccountState, EmailAddress};
use crate::error::ServiceError;
use crate::platform::cache::Lookup;
use crate::problem_code::ProblemCode;
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
    let family = Family {
        id: Uuid::now_v7(),
        started_at: now,
    };
    issue(state, tx, account, &family, tokens::issue(), now).await
}

/// A session, as its refresh tokens share it.
struct Family {
    id: Uuid,
    started_at: DateTime<Utc>,
}

impl Family {
    fn ends_at(&self, state: &AppState) -> DateTime<Utc> {
        self.started_at + Duration::days(state.settings.auth.session_max_days)
    }
}

async fn issue(
    state: &AppState,
    tx: &mut Tx,
    account: &AccountRow,
    family: &Family,
    refresh: tokens::IssuedToken,
    now: DateTime<Utc>,
) -> Result<IssuedSession, ServiceError> {
    let expires_at = (now + Duration::days(state.settings.auth.refresh_token_ttl_days))
        .min(family.ends_at(state));
    store::insert(
        tx.h(),
        store::NewRefresh {
            hash: &refresh.hash,
            account: account.id,
            family: family.id,
            started_at: family.started_at,
            now,
            expires_at,
        },
    )
    .await?;
    session_for(state, tx, account, family, refresh.token, expires_at, now).await
}

/// The access token for a session whose refresh token is `refresh_token`.
async fn session_for(
    state: &AppState,
    tx: &mut Tx,
    account: &AccountRow,
    family: &Family,
    refresh_token: String,
    refresh_expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<IssuedSession, ServiceError> {
    // Signing in or refreshing is what keeps an account from being erased
    // for inactivity.
    crate::store::inactivity::touch(tx.h(), account.id, now).await?;
    let referent = account_store::referent_departments(tx.h(), account.id).await?;
    Ok(IssuedSession {
        access_token: state
            .auth
            .keys
            .sign(account.id, family.id, account.is_admin, referent, now),
        expires_in: state.auth.keys.ttl_secs(),
        refresh_token,
        refresh_expires_at,
    })
}

fn invalid_credentials() -> ServiceError {
    ServiceError::Unauthenticated {
        code: ProblemCode::InvalidCredentials,
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
                code: ProblemCode::AccountSuspended,
                detail: "this account is suspended".into(),
            })
        }
        AccountState::PendingActivation | AccountState::Erased => return Err(invalid_credentials()),
    }
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    if let Some(hash) = rehashed {
        account_store::set_password(tx.h(), account.id, &hash, now).await?;
    }
    let session = open(state, &mut tx, &account, now).await?;
    tx.commit().await?;
    // Every request of the session is checked against the account's
    // cut-off: read into the cache now, once, rather than by the first
    // request after signing in. On the night that first request is the
    // application to the mission on television, with hundreds of others.
    if let Err(error) = cutoff_ms(state, account.id).await {
        tracing::debug!(%error, "the session's cut-off was left to its first request");
    }
    Ok(session)
}

fn refresh_refused(detail: &str) -> ServiceError {
    ServiceError::Unauthenticated {
        code: ProblemCode::InvalidRefreshToken,
        detail: detail.to_owned(),
    }
}

/// Rotates a refresh token. Presenting one that was already rotated means
/// two parties hold it (one of them stole it): the whole family is revoked
/// and both must sign in again. One exception: the same token presented
/// again within a few seconds, while its successor is still unused, is one
/// browser refreshing from two tabs; it gets that same successor.
///
/// The account row is locked first, so that a refresh and a password
/// reset (or any "close every session") of the account run one after the
/// other: a refresh cannot slip a new token past the revocation.
pub async fn refresh(state: &AppState, token: &str) -> Result<IssuedSession, ServiceError> {
    let now = state.clock().now();
    let hash = tokens::hash(token);
    let mut tx = state.db.begin().await?;
    let Some(first_look) = store::find(tx.h(), &hash).await? else {
        return Err(refresh_refused("unknown refresh token; sign in again"));
    };
    let account = account_store::by_id_for_update(tx.h(), first_look.account_id).await?;
    // Read again under the lock: a revocation that committed meanwhile is
    // seen now.
    let Some(row) = store::find(tx.h(), &hash).await? else {
        return Err(refresh_refused("unknown refresh token; sign in again"));
    };
    let family = Family {
        id: row.family_id,
        started_at: row.session_started_at,
    };
    if row.revoked_at.is_some() || row.expires_at <= now {
        return Err(refresh_refused("this session has ended; sign in again"));
    }
    if now >= family.ends_at(state) {
        return Err(refresh_refused(
            "this session reached its maximum lifetime; sign in again",
        ));
    }
    let Some(account) = account.filter(|a| a.state() == AccountState::Active) else {
        store::revoke_family(tx.h(), row.family_id, now).await?;
        tx.commit().await?;
        return Err(refresh_refused("this account cannot sign in"));
    };
    let successor = state.auth.keys.refresh_successor(token);
    if let Some(used_at) = row.used_at {
        let grace = Duration::seconds(state.settings.auth.refresh_reuse_grace_secs);
        if now - used_at <= grace {
            if let Some(next) = store::find(tx.h(), &successor.hash).await? {
                if next.family_id == row.family_id && next.is_live(now) {
                    let session = session_for(
                        state,
                        &mut tx,
                        &account,
                        &family,
                        successor.token,
                        next.expires_at,
                        now,
                    )
                    .await?;
                    tx.commit().await?;
                    return Ok(session);
                }
            }
        }
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
    let session = issue(state, &mut tx, &account, &family, successor, now).await?;
    tx.commit().await?;
    Ok(session)
}

/// Closes the account's sessions in `tx`, all but `keep` (the caller's
/// own), and voids its access tokens issued until now; returns that
/// cut-off, for `publish_cutoff` after the commit.
///
/// The account row is locked first, the lock a concurrent refresh takes
/// too: a refresh that got there before has committed, and the cut-off,
/// read after the lock, is later than the access token it issued.
pub async fn end_all(
    tx: &mut Tx,
    account: Uuid,
    keep: Option<Uuid>,
) -> Result<DateTime<Utc>, ServiceError> {
    let cutoff = void_access_tokens(tx, account).await?;
    store::revoke_all(tx.h(), account, keep, cutoff).await?;
    // The calendar feed's secret URL is a way in too (it lists where and
    // when the person volunteers): it ends with the sessions, and the
    // person makes a new one.
    crate::store::calendar::drop_feed(tx.h(), account).await?;
    Ok(cutoff)
}

/// Voids the account's access tokens issued until now (their claims are
/// out of date, or the person's sessions end); their clients refresh, or
/// sign in again. Returns the cut-off, for `publish_cutoff`.
pub async fn void_access_tokens(tx: &mut Tx, account: Uuid) -> Result<DateTime<Utc>, ServiceError> {
    account_store::by_id_for_update(tx.h(), account).await?;
    let cutoff = tx.now();
    account_store::set_sessions_valid_after(tx.h(), account, cutoff).await?;
    Ok(cutoff)
}

/// The cache key of an account's access-token cut-off.
fn cutoff_key(account: Uuid) -> String {
    format!("sessions_valid_after:{account}")
}

/// How long a copy of a cut-off is kept in the cache. A copy is re-read
/// from the database after this; it bounds how long a stale "no cut-off"
/// copy can live when a cut-off's own cache write was lost to an outage.
const CUTOFF_COPY_TTL: std::time::Duration = std::time::Duration::from_secs(60);

/// After a commit that moved an account's cut-off (`end_all`, or a change
/// of its roles): every replica sees it on its next request.
pub async fn publish_cutoff(
    cache: &crate::platform::cache::Cache,
    account: Uuid,
    at: DateTime<Utc>,
) {
    cache
        .set(
            &cutoff_key(account),
            at.timestamp_millis().to_string().as_bytes(),
            CUTOFF_COPY_TTL,
        )
        .await;
}

/// Whether an access token of `account` issued at `issued_ms` was voided.
/// The cache answers when it can; on a miss (evicted, expired) or while
/// the shared cache is down, the database does, so a revocation never
/// fails open.
pub async fn access_revoked(
    state: &AppState,
    account: Uuid,
    issued_ms: i64,
) -> Result<bool, ServiceError> {
    Ok(issued_ms < cutoff_ms(state, account).await?)
}

/// The account's access-token cut-off in milliseconds (0 for none, never
/// for an account that is gone), from the cache or, filling it, from the
/// database.
async fn cutoff_ms(state: &AppState, account: Uuid) -> Result<i64, ServiceError> {
    let key = cutoff_key(account);
    let looked = state.platform.cache.lookup(&key).await;
    let cutoff_ms = match looked {
        Lookup::Hit(ref bytes) => std::str::from_utf8(bytes)
            .ok()
            .and_then(|v| v.parse::<i64>().ok()),
        Lookup::Miss | Lookup::Unknown => None,
    };
    let cutoff_ms = match cutoff_ms {
        Some(ms) => ms,
        None => {
            let mut conn = state.db.acquire().await?;
            let found = account_store::sessions_valid_after(conn.h(), account).await?;
            drop(conn);
            let ms = match found {
                // No such account: nothing it holds is valid.
                None => i64::MAX,
                Some(None) => 0,
                Some(Some(at)) => at.timestamp_millis(),
            };
            if looked == Lookup::Miss {
                state
                    .platform
                    .cache
                    .set_if_absent(&key, ms.to_string().as_bytes(), CUTOFF_COPY_TTL)
                    .await;
            }
            ms
        }
    };
    Ok(cutoff_ms)
}

/// Logout: the presented session ends (unknown tokens are ignored).
pub async fn logout(state: &AppState, token: &str) -> Result<(), ServiceError> {
    let now = state.clock().now();
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
            code: ProblemCode::Busy,
            detail: "too many sign-ins at once; please retry in a moment".into(),
            retry_after: std::time::Duration::from_secs(2),
        },
        PoolError::Stopped => {
            ServiceError::internal(anyhow::anyhow!("password hashing pool stopped"))
        }
    }
}
