//! The caller, as actix extracts it: the access token verified, checked
//! against the account's session cut-off, and turned into an `Actor`.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

use crate::auth::actor::{AccountActor, Actor};
use crate::auth::jwt::TokenError;
use crate::error::ServiceError;
use crate::problem_code::ProblemCode;
use crate::state::AppState;

fn unauthenticated(code: ProblemCode, detail: &str) -> ServiceError {
    ServiceError::Unauthenticated {
        code,
        detail: detail.to_owned(),
    }
}

impl FromRequest for Actor {
    type Error = ServiceError;
    type Future = LocalBoxFuture<'static, Result<Self, ServiceError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let authorization = req
            .headers()
            .get(header::AUTHORIZATION)
            .map(|v| v.to_str().map(str::to_owned));
        Box::pin(async move {
            let state = state
                .ok_or_else(|| ServiceError::internal(anyhow::anyhow!("no application state")))?;
            let Some(authorization) = authorization else {
                return Ok(Actor::Anonymous);
            };
            let token = authorization
                .ok()
                .and_then(|v| v.strip_prefix("Bearer ").map(|t| t.trim().to_owned()))
                .ok_or_else(|| {
                    unauthenticated(
                        ProblemCode::InvalidToken,
                        "expected `Authorization: Bearer <access token>`",
                    )
                })?;
            let claims = state
                .auth
                .keys
                .verify(&token, state.clock().now())
                .map_err(|e| match e {
                    TokenError::Expired => unauthenticated(
                        ProblemCode::TokenExpired,
                        "the access token has expired; refresh it",
                    ),
                    TokenError::Invalid => {
                        unauthenticated(ProblemCode::InvalidToken, "the access token is invalid")
                    }
                })?;
            if crate::services::sessions::access_revoked(&state, claims.sub, claims.ims).await? {
                return Err(unauthenticated(
                    ProblemCode::TokenRevoked,
                    "this access token was revoked; refresh it or sign in again",
                ));
            }
            // The admin claim is not enough on any path: a leaked or forged
            // token, or one issued before a demotion, must not act as an
            // admin. The account itself says so, now; few requests carry
            // the claim, so the read costs the crowd nothing.
            let admin = claims.admin
                && crate::services::access::is_active_admin(&state, claims.sub).await?;
            Ok(Actor::Account(AccountActor {
                id: claims.sub,
                session: claims.sid,
                admin,
                referent_departments: claims.referent,
            }))
        })
    }
}

/// A handler argument that requires a signed-in account (401 otherwise).
pub struct Authenticated(pub AccountActor);

impl FromRequest for Authenticated {
    type Error = ServiceError;
    type Future = LocalBoxFuture<'static, Result<Self, ServiceError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let actor = Actor::from_request(req, payload);
        Box::pin(async move {
            match actor.await? {
                Actor::Account(a) => Ok(Authenticated(a)),
                Actor::Anonymous => Err(unauthenticated(
                    ProblemCode::Unauthenticated,
                    "sign in to do this",
                )),
            }
        })
    }
}

/// A handler argument that requires an admin (403 for other accounts).
pub struct Admin(pub AccountActor);

impl FromRequest for Admin {
    type Error = ServiceError;
    type Future = LocalBoxFuture<'static, Result<Self, ServiceError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let account = Authenticated::from_request(req, payload);
        Box::pin(async move {
            let Authenticated(account) = account.await?;
            let refused = || ServiceError::Forbidden {
                code: ProblemCode::AdminOnly,
                detail: "only administrators may do this".into(),
            };
            // `admin` was read from the account itself (see `Actor`).
            if !account.admin {
                return Err(refused());
            }
            Ok(Admin(account))
        })
    }
}

/// A handler argument for the partner API: the key `X-Api-Key` presents,
/// live and within its rate (401 or 429 otherwise). A bearer token is not
/// a key: partners' endpoints take keys only, and keys open nothing else.
pub struct PartnerKey(pub crate::auth::actor::KeyActor);

impl FromRequest for PartnerKey {
    type Error = ServiceError;
    type Future = LocalBoxFuture<'static, Result<Self, ServiceError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let key = req
            .headers()
            .get("x-api-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Box::pin(async move {
            let state = state
                .ok_or_else(|| ServiceError::internal(anyhow::anyhow!("no application state")))?;
            let key = key.ok_or_else(|| {
                unauthenticated(
                    ProblemCode::InvalidApiKey,
                    "send your organisation's API key in `X-Api-Key`",
                )
            })?;
            crate::services::api_keys::authenticate(&state, &key)
                .await
                .map(PartnerKey)
        })
    }
}
