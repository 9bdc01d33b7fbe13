//! Webhook endpoints and their deliveries.

use chrono::{DateTime, Utc};
use sqlx::types::Json;
use uuid::Uuid;

use super::{Handle, StoreError};
use crate::on_handle;
use crate::webhooks::EventType;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EndpointRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub url: String,
    pub events: Json<Vec<EventType>>,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    pub enabled: bool,
    pub consecutive_failures: i32,
    pub disabled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl EndpointRow {
    /// The secrets that sign at `now`: the current one, and the previous
    /// one during a rotation's overlap.
    pub fn signing_secrets(&self, now: DateTime<Utc>) -> Vec<&str> {
        let mut secrets = vec![self.secret.as_str()];
        if let (Some(previous), Some(until)) =
            (&self.previous_secret, self.previous_secret_expires_at)
        {
            if now < until {
                secrets.push(previous);
            }
        }
        secrets
    }
}

const ENDPOINT_COLUMNS: &str =
    "id, organization_id, url, events, secret, previous_secret, previous_secret_expires_at,
    enabled, consecutive_failures, disabled_at, created_at, updated_at";

pub struct NewEndpoint<'a> {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub url: &'a str,
    pub events: &'a [EventType],
    pub secret: &'a str,
    pub at: DateTime<Utc>,
}

pub async fn insert_endpoint(h: Handle<'_>, e: NewEndpoint<'_>) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "INSERT INTO webhook_endpoints (id, organization_id, url, events, secret, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(e.id)
    .bind(e.organization_id)
    .bind(e.url)
    .bind(Json(e.events))
    .bind(e.secret)
    .bind(e.at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// An organisation's endpoint; another organisation's is not found.
pub async fn endpoint(
    h: Handle<'_>,
    org: Uuid,
    id: Uuid,
) -> Result<Option<EndpointRow>, StoreError> {
    let sql = format!(
        "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1 AND organization_id = $2"
    );
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, EndpointRow>(&sql).bind(id).bind(org).fetch_optional(c).await)?,
    )
}

/// An endpoint by id alone, for the worker.
pub async fn endpoint_by_id(h: Handle<'_>, id: Uuid) -> Result<Option<EndpointRow>, StoreError> {
    let sql = format!("SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1");
    Ok(on_handle!(h, c => sqlx::query_as::<_, EndpointRow>(&sql).bind(id).fetch_optional(c).await)?)
}

pub async fn endpoints_of(h: Handle<'_>, org: Uuid) -> Result<Vec<EndpointRow>, StoreError> {
    let sql = format!(
        "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE organization_id = $1 ORDER BY id"
    );
    Ok(on_handle!(h, c => sqlx::query_as::<_, EndpointRow>(&sql).bind(org).fetch_all(c).await)?)
}

/// What a partner may change of an endpoint; `None` leaves it.
pub struct EndpointChange<'a> {
    pub url: Option<&'a str>,
    pub events: Option<&'a [EventType]>,
    /// Re-enabling starts the failure count afresh.
    pub enabled: Option<bool>,
}

pub async fn update_endpoint(
    h: Handle<'_>,
    id: Uuid,
    change: EndpointChange<'_>,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "UPDATE webhook_endpoints SET url = COALESCE($2, url), events = COALESCE($3, events),
            enabled = COALESCE($4, enabled),
            consecutive_failures = CASE WHEN $4 THEN 0 ELSE consecutive_failures END,
            disabled_at = CASE WHEN $4 THEN NULL ELSE disabled_at END,
            updated_at = $5
         WHERE id = $1",
    )
    .bind(id)
    .bind(change.url)
    .bind(change.events.map(Json))
    .bind(change.enabled)
    .bind(at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn rotate_secret(
    h: Handle<'_>,
    id: Uuid,
    secret: &str,
    previous_until: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_expires_at = $3,
            secret = $2, updated_at = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(secret)
    .bind(previous_until)
    .bind(at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn delete_endpoint(h: Handle<'_>, id: Uuid) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query("DELETE FROM webhook_endpoints WHERE id = $1")
        .bind(id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The enabled endpoints of an organisation that subscribe to `event`.
pub async fn subscribers(
    h: Handle<'_>,
    org: Uuid,
    event: EventType,
) -> Result<Vec<Uuid>, StoreError> {
    // Few endpoints per organisation: filtered here rather than with a
    // JSON operator each dialect spells its own way.
    let rows: Vec<(Uuid, Json<Vec<EventType>>)> = on_handle!(h, c => sqlx::query_as(
        "SELECT id, events FROM webhook_endpoints WHERE organization_id = $1 AND enabled",
    )
    .bind(org)
    .fetch_all(c)
    .await)?;
    Ok(rows
        .into_iter()
        .filter(|(_, events)| events.0.contains(&event))
        .map(|(id, _)| id)
        .collect())
}

/// After a failed attempt: the endpoint's consecutive failures, counted;
/// disabled (true) when they reach `limit`.
pub async fn count_failure(
    h: Handle<'_>,
    id: Uuid,
    limit: i32,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let disabled: Option<bool> = on_handle!(h, c => sqlx::query_scalar(
        "UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1,
            enabled = CASE WHEN consecutive_failures + 1 >= $2 THEN false ELSE enabled END,
            disabled_at = CASE WHEN consecutive_failures + 1 >= $2 AND enabled THEN $3 ELSE disabled_at END
         WHERE id = $1 AND enabled
         RETURNING NOT enabled",
    )
    .bind(id)
    .bind(limit)
    .bind(at)
    .fetch_optional(c)
    .await)?;
    Ok(disabled.unwrap_or(false))
}

pub async fn count_success(h: Handle<'_>, id: Uuid) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "UPDATE webhook_endpoints SET consecutive_failures = 0 WHERE id = $1 AND consecutive_failures <> 0",
    )
    .bind(id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeliveryRow {
    pub id: Uuid,
    pub endpoint_id: Uuid,
    pub event: String,
    pub body: String,
    pub state: String,
    pub attempts: i32,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

const DELIVERY_COLUMNS: &str =
    "id, endpoint_id, event, body, state, attempts, last_status, last_error, created_at, updated_at, delivered_at";

pub async fn insert_delivery(
    h: Handle<'_>,
    id: Uuid,
    endpoint: Uuid,
    event: EventType,
    body: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "INSERT INTO webhook_deliveries (id, endpoint_id, event, body, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(id)
    .bind(endpoint)
    .bind(event.as_str())
    .bind(body)
    .bind(at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn delivery(h: Handle<'_>, id: Uuid) -> Result<Option<DeliveryRow>, StoreError> {
    let sql = format!("SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = $1");
    Ok(on_handle!(h, c => sqlx::query_as::<_, DeliveryRow>(&sql).bind(id).fetch_optional(c).await)?)
}

/// An endpoint's latest deliveries, newest first.
pub async fn deliveries_of(
    h: Handle<'_>,
    endpoint: Uuid,
    limit: i64,
) -> Result<Vec<DeliveryRow>, StoreError> {
    let sql = format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY id DESC LIMIT $2"
    );
    Ok(
        on_handle!(h, c => sqlx::query_as::<_, DeliveryRow>(&sql).bind(endpoint).bind(limit).fetch_all(c).await)?,
    )
}

/// Records an attempt: its state after it (`pending`, `delivered`,
/// `failed`), the answer's status or the error.
pub async fn record_attempt(
    h: Handle<'_>,
    id: Uuid,
    state: &str,
    status: Option<i32>,
    error: Option<&str>,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "UPDATE webhook_deliveries SET state = $2, attempts = attempts + 1, last_status = $3, last_error = $4,
            updated_at = $5, delivered_at = CASE WHEN $2 = 'delivered' THEN $5 ELSE delivered_at END
         WHERE id = $1",
    )
    .bind(id)
    .bind(state)
    .bind(status)
    .bind(error)
    .bind(at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A replay: the delivery is pending again, with a fresh count of
/// attempts.
pub async fn reset_delivery(h: Handle<'_>, id: Uuid, at: DateTime<Utc>) -> Result<(), StoreError> {
    on_handle!(h, c => sqlx::query(
        "UPDATE webhook_deliveries SET state = 'pending', attempts = 0, updated_at = $2 WHERE id = $1",
    )
    .bind(id)
    .bind(at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
