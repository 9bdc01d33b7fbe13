//! Who is making the request. Every handler that touches a resource takes
//! an actor and checks it against that resource.

use std::time::Duration;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use chrono::{DateTime, Utc};
use futures_util::future::LocalBoxFuture;
use uuid::Uuid;

use super::jwt::TokenError;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::platform::Cache;

/// A signed-in account, as its access token describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountActor {
    pub id: Uuid,
    /// The session (refresh-token family) of the token.
    pub session: Uuid,
    pub admin: bool,
    pub referent_departments: Vec<String>,
}

impl AccountActor {
    /// Whether the account moderates `department` (admins moderate all).
    pub fn moderates(&self, department: &str) -> bool {
        self.admin || self.referent_departments.iter().any(|d| d == department)
    }
}

#[derive(Debug, Clone)]
pub enum Actor {
    Anonymous,
    Account(AccountActor),
}

fn unauthenticated(code: &'static str, detail: &str) -> ApiError {
    ApiError::Unauthenticated {
        code,
        detail: detail.to_owned(),
    }
}

/// The revocation list: "tokens of this account issued before T are
/// void". Checked on every authenticated request, shared through Redis, so
/// a suspension or a password reset cuts live access tokens everywhere
/// within a round trip instead of at their expiry.
fn revocation_key(account: Uuid) -> String {
    format!("revoked_before:{account}")
}

pub async fn revoke_access_tokens(
    cache: &Cache,
    account: Uuid,
    now: DateTime<Utc>,
    token_ttl_secs: i64,
) {
    let ttl = Duration::from_secs(token_ttl_secs.max(1) as u64 + 60);
    cache
        .set(
            &revocation_key(account),
            now.timestamp_millis().to_string().as_bytes(),
            ttl,
        )
        .await;
}

async fn revoked(cache: &Cache, account: Uuid, issued_ms: i64) -> bool {
    cache
        .get(&revocation_key(account))
        .await
        .and_then(|v| String::from_utf8(v).ok())
        .and_then(|v| v.parse::<i64>().ok())
        .is_some_and(|before| issued_ms < before)
}

impl FromRequest for Actor {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let authorization = req
            .headers()
            .get(header::AUTHORIZATION)
            .map(|v| v.to_str().map(str::to_owned));
        Box::pin(async move {
            let state =
                state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("no application state")))?;
            let Some(authorization) = authorization else {
                return Ok(Actor::Anonymous);
            };
            let token = authorization
                .ok()
                .and_then(|v| v.strip_prefix("Bearer ").map(|t| t.trim().to_owned()))
                .ok_or_else(|| {
                    unauthenticated(
                        "invalid_token",
                        "expected `Authorization: Bearer <access token>`",
                    )
                })?;
            let claims = state.auth.keys.verify(&token).map_err(|e| match e {
                TokenError::Expired => {
                    unauthenticated("token_expired", "the access token has expired; refresh it")
                }
                TokenError::Invalid => {
                    unauthenticated("invalid_token", "the access token is invalid")
                }
            })?;
            if revoked(&state.platform.cache, claims.sub, claims.ims).await {
                return Err(unauthenticated(
                    "token_revoked",
                    "this access token was revoked; refresh it or sign in again",
                ));
            }
            Ok(Actor::Account(AccountActor {
                id: claims.sub,
                session: claims.sid,
                admin: claims.admin,
                referent_departments: claims.referent,
            }))
        })
    }
}

/// A handler argument that requires a signed-in account (401 otherwise).
pub struct Authenticated(pub AccountActor);

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let actor = Actor::from_request(req, payload);
        Box::pin(async move {
            match actor.await? {
                Actor::Account(a) => Ok(Authenticated(a)),
                Actor::Anonymous => Err(unauthenticated("unauthenticated", "sign in to do this")),
            }
        })
    }
}

/// A handler argument that requires an admin (403 for other accounts).
pub struct Admin(pub AccountActor);

impl FromRequest for Admin {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let account = Authenticated::from_request(req, payload);
        Box::pin(async move {
            let Authenticated(account) = account.await?;
            if !account.admin {
                return Err(ApiError::Forbidden {
                    code: "admin_only",
                    detail: "only administrators may do this".into(),
                });
            }
            Ok(Admin(account))
        })
    }
}
