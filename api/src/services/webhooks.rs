//! Webhooks: partners register endpoints for their organisation; changes
//! emit events in their own transaction (a delivery row and an outbox job
//! per subscribed endpoint); the worker delivers them signed, retries on
//! the configured schedule, and disables an endpoint that keeps failing,
//! telling the organisation's owners.

use serde_json::{json, Value};
use uuid::Uuid;

use crate::auth::actor::KeyActor;
use crate::config::PartnerSettings;
use crate::error::ServiceError;
use crate::state::AppState;
use crate::store::outbox::JobError;
use crate::store::webhooks::{
    self as store, DeliveryRow, EndpointChange, EndpointRow, NewEndpoint,
};
use crate::store::{Db, Tx};
use crate::webhooks::destination::check_url;
use crate::webhooks::sender::{Outcome, Request, Sender};
use crate::webhooks::{new_secret, signature_header, EventType};

fn check_endpoint(
    settings: &PartnerSettings,
    url: Option<&str>,
    events: Option<&[EventType]>,
) -> Result<(), ServiceError> {
    let mut errors = Vec::new();
    if let Some(url) = url {
        if let Err(refused) = check_url(url, settings.webhook_allow_loopback) {
            errors.push(crate::error::FieldError::new(
                "url",
                "refused",
                format!("the URL {refused}"),
            ));
        }
    }
    if events.is_some_and(<[EventType]>::is_empty) {
        errors.push(crate::error::FieldError::new(
            "events",
            "required",
            "subscribe to at least one event",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ServiceError::Validation(errors))
    }
}

/// The trail's entry for a change of an endpoint by a key.
async fn record(
    state: &AppState,
    tx: &mut Tx,
    key: &KeyActor,
    org: Uuid,
    action: &'static str,
    detail: Value,
) -> Result<(), ServiceError> {
    let changed = super::effects::Fact::EndpointChanged {
        org,
        key_prefix: &key.prefix,
        action,
        detail,
    };
    let _nothing_cached = super::effects::record(tx, &state.settings, changed).await?;
    Ok(())
}

/// Registers an endpoint; its secret is in the answer, once.
pub async fn create(
    state: &AppState,
    key: &KeyActor,
    org: Uuid,
    url: &str,
    mut events: Vec<EventType>,
) -> Result<(EndpointRow, String), ServiceError> {
    check_endpoint(&state.settings.partner, Some(url), Some(&events))?;
    events.sort_by_key(|e| e.as_str());
    events.dedup();
    let id = Uuid::now_v7();
    let secret = new_secret();
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    // Each event goes to every endpoint: their number is the fan-out.
    let most = state.settings.partner.webhook_endpoints_per_organization;
    if store::endpoints_of(tx.h(), org).await?.len() >= most {
        return Err(ServiceError::field(
            "url",
            "too_many",
            &format!(
                "an organisation registers at most {most} webhook endpoints; delete one first"
            ),
        ));
    }
    store::insert_endpoint(
        tx.h(),
        NewEndpoint {
            id,
            organization_id: org,
            url,
            events: &events,
            secret: &secret,
            at: now,
        },
    )
    .await?;
    record(
        state,
        &mut tx,
        key,
        org,
        "webhook_endpoint.created",
        json!({"id": id, "url": url}),
    )
    .await?;
    let row = store::endpoint(tx.h(), org, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    tx.commit().await?;
    Ok((row, secret))
}

pub async fn list(state: &AppState, org: Uuid) -> Result<Vec<EndpointRow>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    Ok(store::endpoints_of(conn.h(), org).await?)
}

pub async fn get(state: &AppState, org: Uuid, id: Uuid) -> Result<EndpointRow, ServiceError> {
    let mut conn = state.db.acquire().await?;
    store::endpoint(conn.h(), org, id)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// Changes an endpoint's URL, events, or whether it is enabled.
pub async fn update(
    state: &AppState,
    key: &KeyActor,
    org: Uuid,
    id: Uuid,
    change: EndpointChange<'_>,
) -> Result<EndpointRow, ServiceError> {
    check_endpoint(&state.settings.partner, change.url, change.events)?;
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    store::endpoint(tx.h(), org, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let detail =
        json!({"id": id, "url": change.url, "events": change.events, "enabled": change.enabled});
    store::update_endpoint(tx.h(), id, change, now).await?;
    record(state, &mut tx, key, org, "webhook_endpoint.updated", detail).await?;
    let row = store::endpoint(tx.h(), org, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    tx.commit().await?;
    Ok(row)
}

/// A new secret; the previous one keeps signing for the overlap window, so
/// that receivers can switch without missing a delivery.
pub async fn rotate_secret(
    state: &AppState,
    key: &KeyActor,
    org: Uuid,
    id: Uuid,
) -> Result<(EndpointRow, String), ServiceError> {
    let now = state.clock().now();
    let secret = new_secret();
    let until = now + chrono::Duration::hours(state.settings.partner.webhook_secret_overlap_hours);
    let mut tx = state.db.begin().await?;
    store::endpoint(tx.h(), org, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    store::rotate_secret(tx.h(), id, &secret, until, now).await?;
    record(
        state,
        &mut tx,
        key,
        org,
        "webhook_endpoint.secret_rotated",
        json!({"id": id}),
    )
    .await?;
    let row = store::endpoint(tx.h(), org, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    tx.commit().await?;
    Ok((row, secret))
}

pub async fn delete(
    state: &AppState,
    key: &KeyActor,
    org: Uuid,
    id: Uuid,
) -> Result<(), ServiceError> {
    let mut tx = state.db.begin().await?;
    let endpoint = store::endpoint(tx.h(), org, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    store::delete_endpoint(tx.h(), id).await?;
    record(
        state,
        &mut tx,
        key,
        org,
        "webhook_endpoint.deleted",
        json!({"id": id, "url": endpoint.url}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn deliveries(
    state: &AppState,
    org: Uuid,
    endpoint: Uuid,
) -> Result<Vec<DeliveryRow>, ServiceError> {
    let mut conn = state.db.acquire().await?;
    store::endpoint(conn.h(), org, endpoint)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(store::deliveries_of(conn.h(), endpoint, 100).await?)
}

/// Sends a delivery again, whatever became of it, with the same id (the
/// receiver deduplicates on it) and a fresh schedule of attempts.
pub async fn replay(
    state: &AppState,
    org: Uuid,
    endpoint: Uuid,
    delivery: Uuid,
) -> Result<DeliveryRow, ServiceError> {
    let now = state.clock().now();
    let mut tx = state.db.begin().await?;
    store::endpoint(tx.h(), org, endpoint)
        .await?
        .ok_or(ServiceError::NotFound)?;
    store::delivery(tx.h(), delivery)
        .await?
        .filter(|d| d.endpoint_id == endpoint)
        .ok_or(ServiceError::NotFound)?;
    store::reset_delivery(tx.h(), delivery, now).await?;
    super::deliveries::enqueue_attempt(&mut tx, delivery, now).await?;
    let row = store::delivery(tx.h(), delivery)
        .await?
        .ok_or(ServiceError::NotFound)?;
    tx.commit().await?;
    Ok(row)
}

/// The `webhook-id` of a delivery: stable across its attempts and replays.
pub fn message_id(delivery: Uuid) -> String {
    format!("msg_{}", delivery.simple())
}

/// One attempt of a delivery, run by the worker. Success, or a definite
/// failure, completes the job; otherwise it is deferred to the next step
/// of the schedule (deferral does not spend the outbox's own attempts).
/// How soon a delivery to an endpoint busy with another tries again.
const ENDPOINT_BUSY: std::time::Duration = std::time::Duration::from_millis(500);

/// How often a suspended organisation's waiting deliveries look again.
const SUSPENDED_RECHECK: std::time::Duration = std::time::Duration::from_secs(300);

pub async fn deliver(
    db: &Db,
    sender: &Sender,
    all: &crate::config::Settings,
    delivery: Uuid,
) -> Result<Option<String>, JobError> {
    let settings = &all.partner;
    let transient = |e: crate::store::StoreError| JobError::Transient(e.to_string());
    let mut conn = db.acquire().await.map_err(transient)?;
    let Some(row) = store::delivery(conn.h(), delivery)
        .await
        .map_err(transient)?
    else {
        return Ok(Some("the delivery no longer exists".into()));
    };
    if row.state != "pending" {
        return Ok(Some(format!("already {}", row.state)));
    }
    let endpoint = store::endpoint_by_id(conn.h(), row.endpoint_id)
        .await
        .map_err(transient)?;
    let Some(endpoint) = endpoint else {
        return Ok(Some("the endpoint was deleted".into()));
    };
    // A flagged or deregistered organisation's deliveries wait, and go
    // out once it is approved again.
    if super::access::approved_only_by_id(conn.h(), endpoint.organization_id)
        .await
        .is_err()
    {
        return Err(JobError::Deferred(SUSPENDED_RECHECK));
    }
    drop(conn);
    // One delivery in flight per endpoint: the next waits its turn.
    let Some(_turn) = sender.turn(endpoint.id) else {
        return Err(JobError::Deferred(ENDPOINT_BUSY));
    };
    let now = db.now();
    if !endpoint.enabled {
        let mut conn = db.acquire().await.map_err(transient)?;
        store::record_attempt(
            conn.h(),
            row.id,
            "failed",
            None,
            Some("endpoint disabled"),
            now,
        )
        .await
        .map_err(transient)?;
        return Ok(Some("the endpoint is disabled".into()));
    }
    let id = message_id(row.id);
    let timestamp = now.timestamp();
    let signature = signature_header(&endpoint.signing_secrets(now), &id, timestamp, &row.body);
    let outcome = sender
        .send(Request {
            url: &endpoint.url,
            id: &id,
            timestamp,
            signature: &signature,
            body: &row.body,
        })
        .await;
    let (status, error) = match &outcome {
        Outcome::Delivered(s) => {
            let mut conn = db.acquire().await.map_err(transient)?;
            store::record_attempt(
                conn.h(),
                row.id,
                "delivered",
                Some(i32::from(*s)),
                None,
                now,
            )
            .await
            .map_err(transient)?;
            store::count_success(conn.h(), endpoint.id)
                .await
                .map_err(transient)?;
            return Ok(None);
        }
        Outcome::Refused(s) => (Some(i32::from(*s)), format!("the receiver answered {s}")),
        Outcome::Failed(e) => (None, e.clone()),
    };
    // A failed attempt: counted on the endpoint, which may now be disabled.
    let attempt = row.attempts + 1;
    let next_wait = settings
        .webhook_retry_secs
        .get(usize::try_from(row.attempts).unwrap_or(usize::MAX))
        .copied();
    let mut tx = db.begin().await.map_err(transient)?;
    let disabled = store::count_failure(tx.h(), endpoint.id, settings.webhook_disable_after, now)
        .await
        .map_err(transient)?;
    let final_state = if disabled || next_wait.is_none() {
        "failed"
    } else {
        "pending"
    };
    store::record_attempt(tx.h(), row.id, final_state, status, Some(&error), now)
        .await
        .map_err(transient)?;
    if disabled {
        let turned_off = super::effects::Fact::EndpointDisabled {
            endpoint: &endpoint,
            error: &error,
        };
        let _nothing_cached = super::effects::record(&mut tx, all, turned_off)
            .await
            .map_err(|e| JobError::Transient(e.to_string()))?;
    }
    tx.commit().await.map_err(transient)?;
    tracing::info!(delivery = %row.id, endpoint = %endpoint.id, attempt, %error, disabled, "webhook attempt failed");
    match next_wait {
        Some(wait) if !disabled => Err(JobError::Deferred(std::time::Duration::from_secs(wait))),
        _ => Ok(Some(format!("failed after {attempt} attempts: {error}"))),
    }
}
