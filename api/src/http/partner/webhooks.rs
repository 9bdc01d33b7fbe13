//! The organisation's webhook endpoints and their deliveries.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::api_key::Scope;
use crate::error::ServiceError;
use crate::http::actor::PartnerKey;
use crate::http::extract::Body;
use crate::services::api_keys::{organization_of, require};
use crate::services::webhooks as hooks;
use crate::state::AppState;
use crate::store::webhooks::{DeliveryRow, EndpointChange, EndpointRow};
use crate::webhooks::EventType;

/// A webhook endpoint, never with its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookEndpointView {
    pub id: Uuid,
    pub url: String,
    pub events: Vec<EventType>,
    pub enabled: bool,
    /// Failed attempts in a row; the endpoint is disabled when they reach
    /// `partner.webhook_disable_after`.
    pub consecutive_failures: i32,
    pub disabled_at: Option<DateTime<Utc>>,
    /// Until when the previous secret still signs, after a rotation.
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<EndpointRow> for WebhookEndpointView {
    fn from(e: EndpointRow) -> Self {
        WebhookEndpointView {
            id: e.id,
            url: e.url,
            events: e.events.0,
            enabled: e.enabled,
            consecutive_failures: e.consecutive_failures,
            disabled_at: e.disabled_at,
            previous_secret_expires_at: e.previous_secret_expires_at,
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

/// An endpoint with its signing secret: shown in this answer only.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookEndpointIssued {
    pub endpoint: WebhookEndpointView,
    /// `whsec_…`: the HMAC key is the base64-decoded part after `whsec_`.
    pub secret: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookEndpointList {
    pub items: Vec<WebhookEndpointView>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookEndpointInput {
    /// `https://` only; never a private, loopback or link-local address.
    #[schema(max_length = 2000, example = "https://crm.example.org/hooks/renfort")]
    pub url: String,
    #[schema(min_items = 1)]
    pub events: Vec<EventType>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookEndpointPatch {
    #[schema(max_length = 2000)]
    pub url: Option<String>,
    pub events: Option<Vec<EventType>>,
    /// `true` re-enables a disabled endpoint and starts its failure count
    /// afresh.
    pub enabled: Option<bool>,
}

fn webhook_org(key: &crate::auth::actor::KeyActor) -> Result<Uuid, ServiceError> {
    require(key, Scope::WebhooksManage)?;
    organization_of(key)
}

/// Register a webhook endpoint for the organisation's events. The signing
/// secret is in this answer only. Scope `webhooks:manage`.
#[utoipa::path(operation_id = "partner_create_webhook", tag = "partners",
    security(("api_key" = ["webhooks:manage"])),
    request_body = WebhookEndpointInput, responses((status = 201, body = WebhookEndpointIssued)))]
#[post("/partner/webhooks")]
pub async fn create_webhook(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    body: Body<WebhookEndpointInput>,
) -> Result<HttpResponse, ServiceError> {
    let org = webhook_org(&key)?;
    let input = body.parse()?;
    let (row, secret) = hooks::create(&state, &key, org, &input.url, input.events).await?;
    Ok(HttpResponse::Created().json(WebhookEndpointIssued {
        endpoint: row.into(),
        secret,
    }))
}

/// The organisation's webhook endpoints. Scope `webhooks:manage`.
#[utoipa::path(operation_id = "partner_list_webhooks", tag = "partners",
    security(("api_key" = ["webhooks:manage"])),
    responses((status = 200, body = WebhookEndpointList)))]
#[get("/partner/webhooks")]
pub async fn list_webhooks(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
) -> Result<HttpResponse, ServiceError> {
    let org = webhook_org(&key)?;
    let rows = hooks::list(&state, org).await?;
    Ok(HttpResponse::Ok().json(WebhookEndpointList {
        items: rows.into_iter().map(Into::into).collect(),
    }))
}

/// One webhook endpoint. Scope `webhooks:manage`.
#[utoipa::path(operation_id = "partner_get_webhook", tag = "partners",
    security(("api_key" = ["webhooks:manage"])),
    params(("id" = Uuid, Path)), responses((status = 200, body = WebhookEndpointView)))]
#[get("/partner/webhooks/{id}")]
pub async fn get_webhook(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let org = webhook_org(&key)?;
    let row = hooks::get(&state, org, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(WebhookEndpointView::from(row)))
}

/// Change an endpoint's URL or events, or enable it again. Scope
/// `webhooks:manage`.
#[utoipa::path(operation_id = "partner_update_webhook", tag = "partners",
    security(("api_key" = ["webhooks:manage"])),
    params(("id" = Uuid, Path)), request_body = WebhookEndpointPatch,
    responses((status = 200, body = WebhookEndpointView)))]
#[patch("/partner/webhooks/{id}")]
pub async fn update_webhook(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    id: web::Path<Uuid>,
    body: Body<WebhookEndpointPatch>,
) -> Result<HttpResponse, ServiceError> {
    let org = webhook_org(&key)?;
    let id = id.into_inner();
    hooks::get(&state, org, id).await?;
    let patch = body.parse()?;
    let row = hooks::update(
        &state,
        &key,
        org,
        id,
        EndpointChange {
            url: patch.url.as_deref(),
            events: patch.events.as_deref(),
            enabled: patch.enabled,
        },
    )
    .await?;
    Ok(HttpResponse::Ok().json(WebhookEndpointView::from(row)))
}

/// Delete an endpoint; its pending deliveries go with it. Scope
/// `webhooks:manage`.
#[utoipa::path(operation_id = "partner_delete_webhook", tag = "partners",
    security(("api_key" = ["webhooks:manage"])),
    params(("id" = Uuid, Path)), responses((status = 204, description = "deleted")))]
#[delete("/partner/webhooks/{id}")]
pub async fn delete_webhook(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let org = webhook_org(&key)?;
    hooks::delete(&state, &key, org, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A new signing secret. The previous one keeps signing beside it (two
/// `v1,` signatures in `webhook-signature`) for
/// `partner.webhook_secret_overlap_hours`, 24 by default. Scope
/// `webhooks:manage`.
#[utoipa::path(operation_id = "partner_rotate_webhook_secret", tag = "partners",
    security(("api_key" = ["webhooks:manage"])),
    params(("id" = Uuid, Path)), responses((status = 200, body = WebhookEndpointIssued)))]
#[post("/partner/webhooks/{id}/rotate-secret")]
pub async fn rotate_webhook_secret(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let org = webhook_org(&key)?;
    let (row, secret) = hooks::rotate_secret(&state, &key, org, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(WebhookEndpointIssued {
        endpoint: row.into(),
        secret,
    }))
}

/// One delivery of an event to an endpoint.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDeliveryView {
    pub id: Uuid,
    /// The `webhook-id` header the receiver saw.
    pub message_id: String,
    pub event: String,
    /// `pending`, `delivered` or `failed`.
    pub state: String,
    pub attempts: i32,
    /// The receiver's last answer, if it answered.
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// The body that was (or will be) sent.
    pub body: String,
}

impl From<DeliveryRow> for WebhookDeliveryView {
    fn from(d: DeliveryRow) -> Self {
        WebhookDeliveryView {
            message_id: hooks::message_id(d.id),
            id: d.id,
            event: d.event,
            state: d.state,
            attempts: d.attempts,
            last_status: d.last_status,
            last_error: d.last_error,
            created_at: d.created_at,
            updated_at: d.updated_at,
            delivered_at: d.delivered_at,
            body: d.body,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDeliveryList {
    pub items: Vec<WebhookDeliveryView>,
}

/// An endpoint's last 100 deliveries, newest first. Scope
/// `webhooks:manage`.
#[utoipa::path(operation_id = "partner_webhook_deliveries", tag = "partners",
    security(("api_key" = ["webhooks:manage"])),
    params(("id" = Uuid, Path)), responses((status = 200, body = WebhookDeliveryList)))]
#[get("/partner/webhooks/{id}/deliveries")]
pub async fn webhook_deliveries(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ServiceError> {
    let org = webhook_org(&key)?;
    let rows = hooks::deliveries(&state, org, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(WebhookDeliveryList {
        items: rows.into_iter().map(Into::into).collect(),
    }))
}

/// Send a delivery again, with the same `webhook-id` and body, and a fresh
/// schedule of attempts. Scope `webhooks:manage`.
#[utoipa::path(operation_id = "partner_replay_webhook_delivery", tag = "partners",
    security(("api_key" = ["webhooks:manage"])),
    params(("id" = Uuid, Path), ("delivery_id" = Uuid, Path)),
    responses((status = 202, body = WebhookDeliveryView)))]
#[post("/partner/webhooks/{id}/deliveries/{delivery_id}/replay")]
pub async fn replay_webhook_delivery(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ServiceError> {
    let org = webhook_org(&key)?;
    let (id, delivery) = path.into_inner();
    let row = hooks::replay(&state, org, id, delivery).await?;
    Ok(HttpResponse::Accepted().json(WebhookDeliveryView::from(row)))
}
