//! Partner API keys: owners create, list, rotate and revoke their
//! organisation's; admins make platform-wide read-only ones for hubs; each
//! request with `X-Api-Key` is checked here.

use serde_json::json;
use uuid::Uuid;

use super::access::{owners_only, OrgAccess};
use super::effects::{self, Fact};
use crate::auth::actor::{AccountActor, KeyActor};
use crate::domain::api_key::{NewKey, PresentedKey, Scope};
use crate::error::ServiceError;
use crate::platform::Quota;
use crate::problem_code::ProblemCode;
use crate::state::AppState;
use crate::store::api_keys::{self as store, ApiKeyRow, NewApiKey};

/// What an owner asks for.
pub struct KeyRequest {
    pub name: String,
    pub scopes: Vec<Scope>,
    pub rate_per_minute: Option<u32>,
}

fn check_request(state: &AppState, request: &KeyRequest) -> Result<i32, ServiceError> {
    let mut errors = Vec::new();
    let name = request.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(crate::error::FieldError::new(
            "name",
            "invalid_length",
            "must be 1 to 100 characters",
        ));
    }
    if request.scopes.is_empty() {
        errors.push(crate::error::FieldError::new(
            "scopes",
            "required",
            "name at least one scope",
        ));
    }
    let rate = request
        .rate_per_minute
        .unwrap_or(state.settings.partner.key_rate_per_minute);
    let ceiling = state.settings.partner.key_rate_ceiling_per_minute;
    if !(1..=ceiling).contains(&rate) {
        errors.push(crate::error::FieldError::new(
            "rate_per_minute",
            "out_of_range",
            format!("must be between 1 and {ceiling}, the platform's ceiling"),
        ));
    }
    if errors.is_empty() {
        Ok(rate as i32)
    } else {
        Err(ServiceError::Validation(errors))
    }
}

/// Creates a key for the organisation (owners); the plaintext is in the
/// answer and nowhere else.
pub async fn create(
    state: &AppState,
    actor: &AccountActor,
    org: &OrgAccess,
    request: KeyRequest,
) -> Result<(ApiKeyRow, String), ServiceError> {
    owners_only(org)?;
    let rate = check_request(state, &request)?;
    let mut scopes = request.scopes;
    scopes.sort_by_key(|s| s.as_str());
    scopes.dedup();
    insert(
        state,
        actor,
        Some(org.org.id),
        request.name.trim(),
        &scopes,
        rate,
    )
    .await
}

/// Creates a platform-wide key that reads every public mission (admins).
pub async fn create_platform(
    state: &AppState,
    admin: &AccountActor,
    name: &str,
    rate_per_minute: Option<u32>,
) -> Result<(ApiKeyRow, String), ServiceError> {
    let request = KeyRequest {
        name: name.to_owned(),
        scopes: vec![Scope::MissionsRead],
        rate_per_minute,
    };
    let rate = check_request(state, &request)?;
    insert(state, admin, None, name.trim(), &request.scopes, rate).await
}

async fn insert(
    state: &AppState,
    actor: &AccountActor,
    org: Option<Uuid>,
    name: &str,
    scopes: &[Scope],
    rate_per_minute: i32,
) -> Result<(ApiKeyRow, String), ServiceError> {
    let key = NewKey::generate();
    let id = Uuid::now_v7();
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    store::insert(
        tx.h(),
        NewApiKey {
            id,
            organization_id: org,
            prefix: &key.prefix,
            secret_hash: &key.secret_hash,
            name,
            scopes,
            rate_per_minute,
            created_by: actor.id,
            at: now,
        },
    )
    .await?;
    let created = Fact::KeyChanged {
        org,
        by: actor.id,
        action: "api_key.created",
        detail: json!({"key_id": id, "prefix": key.prefix, "name": name, "scopes": scopes}),
    };
    let _nothing_cached = effects::record(&mut tx, &state.settings, created).await?;
    let row = store::get(tx.h(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    tx.commit().await?;
    Ok((row, key.plaintext))
}

/// The organisation's keys (owners), newest first; never their secrets.
pub async fn list(state: &AppState, org: &OrgAccess) -> Result<Vec<ApiKeyRow>, ServiceError> {
    owners_only(org)?;
    let mut conn = state.db.acquire().await?;
    Ok(store::of_organization(conn.h(), Some(org.org.id)).await?)
}

/// The platform-wide keys (admins).
pub async fn list_platform(state: &AppState) -> Result<Vec<ApiKeyRow>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    Ok(store::of_organization(conn.h(), None).await?)
}

/// What to do with one key.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum KeyChange {
    Rotate,
    Revoke,
}

/// Rotates (a new secret and prefix; the old text stops working at once)
/// or revokes a key of the organisation (`Some`, owners) or a
/// platform-wide one (`None`, admins). A key of another organisation is
/// not found.
pub async fn change(
    state: &AppState,
    actor: &AccountActor,
    org: Option<&OrgAccess>,
    key_id: Uuid,
    what: KeyChange,
) -> Result<(ApiKeyRow, Option<String>), ServiceError> {
    if let Some(org) = org {
        owners_only(org)?;
    }
    let org_id = org.map(|o| o.org.id);
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    let key = store::get(tx.h(), key_id)
        .await?
        .filter(|k| k.organization_id == org_id)
        .ok_or(ServiceError::NotFound)?;
    let (action, plaintext) = match what {
        KeyChange::Rotate => {
            let fresh = NewKey::generate();
            if !store::rotate(tx.h(), key.id, &fresh.prefix, &fresh.secret_hash, now).await? {
                return Err(ServiceError::Conflict {
                    code: ProblemCode::ApiKeyRevoked,
                    detail: "a revoked key cannot be rotated; create a new one".into(),
                    extensions: vec![],
                });
            }
            ("api_key.rotated", Some(fresh.plaintext))
        }
        KeyChange::Revoke => {
            if !store::revoke(tx.h(), key.id, now).await? {
                // Revoking twice changes nothing.
                return Ok((key, None));
            }
            ("api_key.revoked", None)
        }
    };
    let changed = Fact::KeyChanged {
        org: org_id,
        by: actor.id,
        action,
        detail: json!({"key_id": key.id, "previous_prefix": key.prefix, "name": key.name}),
    };
    let _nothing_cached = effects::record(&mut tx, &state.settings, changed).await?;
    let row = store::get(tx.h(), key.id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    tx.commit().await?;
    Ok((row, plaintext))
}

fn invalid_key(detail: &str) -> ServiceError {
    ServiceError::Unauthenticated {
        code: ProblemCode::InvalidApiKey,
        detail: detail.to_owned(),
    }
}

/// The key `X-Api-Key` presents, checked: known, live, its secret right,
/// within its rate. 401 for anything that is not a live key (the cases
/// read alike, so that a probe learns nothing); 429 past its rate.
pub async fn authenticate(state: &AppState, presented: &str) -> Result<KeyActor, ServiceError> {
    let presented = PresentedKey::parse(presented)
        .ok_or_else(|| invalid_key("`X-Api-Key` is not a Renfort API key"))?;
    let mut conn = state.db.acquire().await?;
    let key = store::by_prefix(conn.h(), presented.prefix)
        .await?
        .filter(|k| presented.matches(&k.secret_hash))
        .ok_or_else(|| invalid_key("this API key is unknown, was rotated or was revoked"))?;
    if key.revoked_at.is_some() {
        return Err(invalid_key(
            "this API key is unknown, was rotated or was revoked",
        ));
    }
    // An organisation's key acts only while the organisation is approved
    // (read on the same connection as the key).
    if let Some(org) = key.organization_id {
        super::access::approved_only_by_id(conn.h(), org).await?;
    }
    drop(conn);
    let rate = key_rate(state, key.rate_per_minute);
    spend_rate(state, key.id, &key.prefix, rate, 1).await?;
    if state.key_use.due(key.id) {
        let mut conn = state.db.acquire().await?;
        if let Err(e) = store::touch(conn.h(), key.id, state.clock().now()).await {
            tracing::warn!(error = ?e, "could not note an API key's use");
        }
    }
    Ok(KeyActor {
        key_id: key.id,
        rate_per_minute: rate,
        prefix: key.prefix,
        organization_id: key.organization_id,
        scopes: key.scopes.0,
    })
}

/// The key's rate, held to the platform's ceiling (a key stored before
/// the ceiling was lowered gets no more than it).
fn key_rate(state: &AppState, stored: i32) -> u32 {
    (stored.max(1) as u32).min(state.settings.partner.key_rate_ceiling_per_minute)
}

/// Counts `units` against the key's rate, all or none; 429 when they do
/// not fit.
async fn spend_rate(
    state: &AppState,
    key: Uuid,
    prefix: &str,
    rate: u32,
    units: u32,
) -> Result<(), ServiceError> {
    let decision = state
        .platform
        .limiter
        .check_weighted(&format!("apikey:{key}"), Quota::per_minute(rate), units)
        .await;
    if !decision.allowed {
        tracing::info!(target: "renfort::security", key = %prefix, units, "API key rate limited");
        return Err(ServiceError::RateLimited(decision));
    }
    Ok(())
}

/// A batch of `items` spends one unit of the key's rate per item: the
/// request itself spent one when the key was checked, the rest go here.
/// A batch larger than the key's whole rate is refused, naming the field.
pub async fn spend_batch(
    state: &AppState,
    key: &KeyActor,
    items: usize,
) -> Result<(), ServiceError> {
    let items = u32::try_from(items).unwrap_or(u32::MAX);
    if items > key.rate_per_minute {
        return Err(ServiceError::field(
            "missions",
            "invalid_length",
            &format!(
                "this key may send {} missions a minute: split the batch",
                key.rate_per_minute
            ),
        ));
    }
    match items.saturating_sub(1) {
        0 => Ok(()),
        more => spend_rate(state, key.key_id, &key.prefix, key.rate_per_minute, more).await,
    }
}

/// 403 unless the key holds `scope`.
pub fn require(key: &KeyActor, scope: Scope) -> Result<(), ServiceError> {
    if key.scopes.contains(&scope) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden {
            code: ProblemCode::ScopeMissing,
            detail: format!("this API key lacks the `{}` scope", scope.as_str()),
        })
    }
}

/// The organisation a key acts for; an organisation-only operation is not
/// found for a platform-wide key.
pub fn organization_of(key: &KeyActor) -> Result<Uuid, ServiceError> {
    key.organization_id.ok_or(ServiceError::NotFound)
}
