//! Writing webhook deliveries: one per subscribed endpoint of an event,
//! each with the outbox job of its first attempt, in the transaction of
//! the change (`effects::record` is the one caller for events). Sending
//! them is `webhooks::deliver`'s, at the worker.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::error::ServiceError;
use crate::store::outbox;
use crate::store::webhooks as store;
use crate::store::Tx;
use crate::webhooks::{EventType, JOB_KIND};

/// The job of one attempt at a delivery.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryAttempt {
    pub delivery_id: Uuid,
}

impl outbox::Job for DeliveryAttempt {
    const KIND: &'static str = JOB_KIND;
}

pub(super) async fn enqueue_attempt(
    tx: &mut Tx,
    delivery: Uuid,
    at: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let attempt = DeliveryAttempt {
        delivery_id: delivery,
    };
    outbox::push(tx, &attempt, Some(at)).await?;
    Ok(())
}

/// Emits `event` about an object of `org`, in the transaction of the
/// change: one delivery per enabled endpoint that subscribes to it. The
/// body is fixed now, as the change made it.
pub async fn emit(
    tx: &mut Tx,
    org: Uuid,
    event: EventType,
    data: Value,
    at: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let endpoints = store::subscribers(tx.h(), org, event).await?;
    if endpoints.is_empty() {
        return Ok(());
    }
    let body = json!({
        "type": event.as_str(),
        "timestamp": at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "data": data,
    })
    .to_string();
    for endpoint in endpoints {
        let id = Uuid::now_v7();
        store::insert_delivery(tx.h(), id, endpoint, event, &body, at).await?;
        enqueue_attempt(tx, id, at).await?;
    }
    Ok(())
}

/// The public address of a mission, for partners and their mirrors.
pub fn mission_url(app_base_url: &str, mission: Uuid) -> String {
    format!("{}/missions/{mission}", app_base_url.trim_end_matches('/'))
}

/// `mission.published` or `mission.unpublished`.
pub async fn mission_event(
    tx: &mut Tx,
    app_base_url: &str,
    mission: &crate::store::missions::MissionRow,
    event: EventType,
    at: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let data = json!({
        "id": mission.id,
        "client_id": mission.client_id,
        "title": mission.title,
        "url": mission_url(app_base_url, mission.id),
    });
    emit(tx, mission.organization_id, event, data, at).await
}

/// `participation.created` or `participation.cancelled`: no contact
/// details ride in the event; the participations feed has them, for keys
/// allowed to read them.
pub async fn participation_event(
    tx: &mut Tx,
    organization: Uuid,
    participation: Uuid,
    mission: &crate::store::missions::MissionRow,
    event: EventType,
    reason_code: Option<&str>,
    at: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let data = json!({
        "id": participation,
        "mission_id": mission.id,
        "mission_client_id": mission.client_id,
        "reason_code": reason_code,
    });
    emit(tx, organization, event, data, at).await
}
