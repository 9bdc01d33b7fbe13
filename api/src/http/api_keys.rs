//! API keys: owners manage their organisation's, admins the platform-wide
//! read-only ones; and the organisation's audit trail, where every key
//! change is written.

use actix_web::{delete, get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::actor::{Admin, Authenticated};
use super::extract::Body;
use super::problem::Problem;
use crate::domain::api_key::Scope;
use crate::error::ServiceError;
use crate::services::access::load_private;
use crate::services::api_keys::{self as service, KeyChange, KeyRequest};
use crate::state::AppState;
use crate::store::api_keys::ApiKeyRow;

/// A key as its owners see it: never its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyView {
    pub id: Uuid,
    /// Absent for a platform-wide key.
    pub organization_id: Option<Uuid>,
    pub name: String,
    /// The visible part of the key (`rf_live_<prefix>_…`).
    #[schema(example = "3f2a9c1d")]
    pub prefix: String,
    pub scopes: Vec<Scope>,
    pub rate_per_minute: i32,
    pub created_at: DateTime<Utc>,
    pub rotated_at: Option<DateTime<Utc>>,
    /// Written at most once a minute.
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiKeyRow> for ApiKeyView {
    fn from(k: ApiKeyRow) -> Self {
        ApiKeyView {
            id: k.id,
            organization_id: k.organization_id,
            name: k.name,
            prefix: k.prefix,
            scopes: k.scopes.0,
            rate_per_minute: k.rate_per_minute,
            created_at: k.created_at,
            rotated_at: k.rotated_at,
            last_used_at: k.last_used_at,
            revoked_at: k.revoked_at,
        }
    }
}

/// A key with its secret: shown in this answer only.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyIssued {
    pub key: ApiKeyView,
    /// `rf_live_<prefix>_<secret>`: store it now; it cannot be shown again.
    pub secret: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyList {
    pub items: Vec<ApiKeyView>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiKeyInput {
    #[schema(min_length = 1, max_length = 100, example = "Notre CRM")]
    pub name: String,
    #[schema(min_items = 1)]
    pub scopes: Vec<Scope>,
    /// Requests per minute; 600 when absent. At most the platform's
    /// ceiling (`partner.key_rate_ceiling_per_minute`, 3,000 by default):
    /// above it, 422 naming this field. A batch spends one per item.
    #[schema(minimum = 1, maximum = 100000)]
    pub rate_per_minute: Option<u32>,
}

/// Create an API key for the organisation (owners). The secret is in this
/// answer only.
#[utoipa::path(operation_id = "create_api_key", tag = "partners", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "organisation")), request_body = ApiKeyInput, responses(
    (status = 201, body = ApiKeyIssued),
    (status = 403, description = "`owners_only`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/organizations/{id}/api-keys")]
pub async fn create(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
    body: Body<ApiKeyInput>,
) -> Result<HttpResponse, ServiceError> {
    let org = load_private(&state, &actor, id.into_inner()).await?;
    crate::services::access::owners_only(&org)?;
    let input = body.parse()?;
    let (row, secret) = service::create(
        &state,
        &actor,
        &org,
        KeyRequest {
            name: input.name,
            scopes: input.scopes,
            rate_per_minute: input.rate_per_minute,
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(ApiKeyIssued {
        key: row.into(),
        secret,
    }))
}

/// The organisation's API keys, revoked ones included (owners).
#[utoipa::path(operation_id = "list_api_keys", tag = "partners", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "organisation")), responses(
    (status = 200, body = ApiKeyList),
    (status = 403, description = "`owners_only`", body = Problem, content_type = "application/problem+json"),
))]
#[get("/organizations/{id}/api-keys")]
pub async fn list(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let org = load_private(&state, &actor, id.into_inner()).await?;
    let rows = service::list(&state, &org).await?;
    Ok(HttpResponse::Ok().json(ApiKeyList {
        items: rows.into_iter().map(Into::into).collect(),
    }))
}

/// Rotate a key (owners): a new secret (and prefix); the old one stops
/// working at once.
#[utoipa::path(operation_id = "rotate_api_key", tag = "partners", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "organisation"), ("key_id" = Uuid, Path)), responses(
    (status = 200, body = ApiKeyIssued),
    (status = 403, description = "`owners_only`", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`api_key_revoked`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/organizations/{id}/api-keys/{key_id}/rotate")]
pub async fn rotate(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ServiceError> {
    let (id, key_id) = path.into_inner();
    let org = load_private(&state, &actor, id).await?;
    let (row, secret) =
        service::change(&state, &actor, Some(&org), key_id, KeyChange::Rotate).await?;
    Ok(HttpResponse::Ok().json(ApiKeyIssued {
        key: row.into(),
        secret: secret.unwrap_or_default(),
    }))
}

/// Revoke a key (owners); it stops working at once. Revoking twice
/// changes nothing.
#[utoipa::path(operation_id = "revoke_api_key", tag = "partners", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "organisation"), ("key_id" = Uuid, Path)), responses(
    (status = 200, body = ApiKeyView),
    (status = 403, description = "`owners_only`", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/organizations/{id}/api-keys/{key_id}")]
pub async fn revoke(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ServiceError> {
    let (id, key_id) = path.into_inner();
    let org = load_private(&state, &actor, id).await?;
    let (row, _) = service::change(&state, &actor, Some(&org), key_id, KeyChange::Revoke).await?;
    Ok(HttpResponse::Ok().json(ApiKeyView::from(row)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlatformKeyInput {
    #[schema(
        min_length = 1,
        max_length = 100,
        example = "Hub national des missions"
    )]
    pub name: String,
    /// Requests per minute, at most the platform's ceiling
    /// (`partner.key_rate_ceiling_per_minute`).
    #[schema(minimum = 1, maximum = 100000)]
    pub rate_per_minute: Option<u32>,
}

/// Create a platform-wide key (admins): `missions:read` on every public
/// mission, for hubs and aggregators.
#[utoipa::path(operation_id = "create_platform_api_key", tag = "admin", security(("bearer" = [])),
    request_body = PlatformKeyInput, responses((status = 201, body = ApiKeyIssued)))]
#[post("/admin/api-keys")]
pub async fn create_platform(
    state: web::Data<AppState>,
    Admin(admin): Admin,
    body: Body<PlatformKeyInput>,
) -> Result<HttpResponse, ServiceError> {
    let input = body.parse()?;
    let (row, secret) =
        service::create_platform(&state, &admin, &input.name, input.rate_per_minute).await?;
    Ok(HttpResponse::Created().json(ApiKeyIssued {
        key: row.into(),
        secret,
    }))
}

/// The platform-wide keys (admins).
#[utoipa::path(operation_id = "list_platform_api_keys", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = ApiKeyList)))]
#[get("/admin/api-keys")]
pub async fn list_platform(
    state: web::Data<AppState>,
    Admin(_admin): Admin,
) -> Result<HttpResponse, ServiceError> {
    let rows = service::list_platform(&state).await?;
    Ok(HttpResponse::Ok().json(ApiKeyList {
        items: rows.into_iter().map(Into::into).collect(),
    }))
}

/// Revoke a platform-wide key (admins).
#[utoipa::path(operation_id = "revoke_platform_api_key", tag = "admin", security(("bearer" = [])),
    params(("key_id" = Uuid, Path)), responses((status = 200, body = ApiKeyView)))]
#[delete("/admin/api-keys/{key_id}")]
pub async fn revoke_platform(
    state: web::Data<AppState>,
    Admin(admin): Admin,
    key_id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let (row, _) =
        service::change(&state, &admin, None, key_id.into_inner(), KeyChange::Revoke).await?;
    Ok(HttpResponse::Ok().json(ApiKeyView::from(row)))
}

/// One entry of an organisation's audit trail.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntry {
    /// `owner`, `manager`, `referent`, `admin`, `api_key` or `system`.
    pub actor_role: String,
    pub actor_name: Option<String>,
    /// `api_key.created`, `api_key.rotated`, `api_key.revoked`,
    /// `webhook_endpoint.created`…, `export.participations`.
    pub action: String,
    pub detail: serde_json::Value,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditTrail {
    pub items: Vec<AuditEntry>,
}

/// What was done in the organisation's name beside state changes: keys,
/// webhook endpoints, exports (members, referents, admins); newest first,
/// the last 200.
#[utoipa::path(operation_id = "organization_audit", tag = "organizations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = AuditTrail)))]
#[get("/organizations/{id}/audit")]
pub async fn audit(
    state: web::Data<AppState>,
    Authenticated(actor): Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let org = load_private(&state, &actor, id.into_inner()).await?;
    let rows = crate::services::history::audit_of(&state, org.org.id).await?;
    Ok(HttpResponse::Ok().json(AuditTrail {
        items: rows
            .into_iter()
            .map(|r| AuditEntry {
                actor_name: r
                    .actor_first_name
                    .map(|f| format!("{f} {}", r.actor_last_name.unwrap_or_default())),
                actor_role: r.actor_role,
                action: r.action,
                detail: r.detail.0,
                at: r.created_at,
            })
            .collect(),
    }))
}
