//! The push: each change of a mission's public face sent to the hub's
//! `/v2/mission` (the contract kept in
//! `api/tests/contracts/api-engagement/v2-mission.yaml`), as it happens.
//!
//! The search job that follows every such change (`search::IndexMission`)
//! writes one `PublishMission` job per mission, coalesced while it waits:
//! a mission edited ten times in a minute is sent once, as it is then.
//! The job reads the mission: open to applications, it is updated on the
//! hub (created there the first time, the update answering 404); no
//! longer open (unpublished, flagged, full, its organisation suspended,
//! deleted), it is deleted there, which the hub takes whether or not it
//! had it. A 429 puts the job back for as long as the hub asks, without
//! counting the attempt; a failure of the hub's is retried with the
//! outbox's backoff; a request the hub refuses (400) is parked dead with
//! its answer, for an operator to read.

use std::time::Duration;

use chrono::{NaiveDate, SecondsFormat};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use uuid::Uuid;

use super::HubMission;
use crate::config::Settings;
use crate::store::outbox::{self, Job, JobError};
use crate::store::{Db, StoreError, Tx};

pub const JOB_KIND: &str = "api_engagement_mission";

/// Bring the hub up to date with one mission.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishMission {
    pub mission_id: Uuid,
}

impl Job for PublishMission {
    const KIND: &'static str = JOB_KIND;

    fn coalesce_key(&self) -> Option<String> {
        Some(format!("api-engagement:mission:{}", self.mission_id))
    }
}

/// Writes the job, in the caller's transaction.
pub async fn mission_changed(tx: &mut Tx, mission: Uuid) -> Result<(), StoreError> {
    outbox::push(
        tx,
        &PublishMission {
            mission_id: mission,
        },
        None,
    )
    .await?;
    Ok(())
}

/// The hub's API, with the platform's publisher key.
pub struct Hub {
    client: reqwest::Client,
    base_url: String,
    key: SecretString,
    app_base_url: String,
}

impl Hub {
    /// The hub, when the platform has a publisher key.
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Option<Self>> {
        let s = &settings.api_engagement;
        let Some(key) = s.api_key.clone() else {
            return Ok(None);
        };
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_millis(s.request_timeout_ms.min(2000)))
            .timeout(Duration::from_millis(s.request_timeout_ms))
            .build()?;
        Ok(Some(Hub {
            client,
            base_url: s.base_url.trim_end_matches('/').to_owned(),
            key,
            app_base_url: settings.auth.app_base_url.clone(),
        }))
    }

    /// Runs a `PublishMission` job: what the hub was told, as a note.
    pub async fn publish(&self, db: &Db, mission: Uuid) -> Result<Option<String>, JobError> {
        let transient = |e: StoreError| JobError::Transient(e.to_string());
        let mut conn = db.acquire().await.map_err(transient)?;
        let row = crate::store::missions::open_one(conn.h(), mission)
            .await
            .map_err(transient)?;
        let path = format!("/v2/mission/{mission}");
        let Some(row) = row else {
            drop(conn);
            // Soft delete on the hub, idempotent; 404: it never had it.
            self.call(Method::DELETE, &path, None).await?;
            return Ok(Some("not open to applications: deleted on the hub".into()));
        };
        let addresses = crate::store::missions::addresses_of(conn.h(), &[mission])
            .await
            .map_err(transient)?
            .remove(&mission)
            .unwrap_or_default();
        drop(conn);
        let m = HubMission::new(&self.app_base_url, &row, &addresses);
        let fields = body(&m);
        if self.call(Method::PUT, &path, Some(&fields)).await? != StatusCode::NOT_FOUND {
            return Ok(None);
        }
        // Not on the hub yet: created, under our id.
        let mut create = fields.clone();
        create["clientId"] = json!(mission);
        match self
            .call(Method::POST, "/v2/mission", Some(&create))
            .await?
        {
            // Created meanwhile by another worker's job: this is an update.
            StatusCode::CONFLICT => {
                self.call(Method::PUT, &path, Some(&fields)).await?;
                Ok(None)
            }
            _ => Ok(Some("created on the hub".into())),
        }
    }

    /// One call; the status when it is an answer the caller reads (2xx,
    /// 404, 409), the job's outcome otherwise.
    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<StatusCode, JobError> {
        let mut request = self
            .client
            .request(method.clone(), format!("{}{path}", self.base_url))
            .header("x-api-key", self.key.expose_secret());
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| JobError::Transient(format!("API Engagement {method} {path}: {e}")))?;
        let status = response.status();
        if status.is_success() || status == StatusCode::NOT_FOUND || status == StatusCode::CONFLICT
        {
            return Ok(status);
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            let wait = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(60)
                .clamp(1, 3600);
            return Err(JobError::Deferred(Duration::from_secs(wait)));
        }
        let text: String = response
            .text()
            .await
            .unwrap_or_default()
            .chars()
            .take(300)
            .collect();
        let what = format!("API Engagement {method} {path}: {status}: {text}");
        // A refused request stays refused; the rest (the hub down, our key
        // not yet enabled) may pass later.
        if status == StatusCode::BAD_REQUEST || status == StatusCode::UNPROCESSABLE_ENTITY {
            Err(JobError::Permanent(what))
        } else {
            Err(JobError::Transient(what))
        }
    }
}

/// The mission in the hub's v2 JSON (its `MissionFields`): dates as
/// instants, midnight UTC of the day; flags as booleans.
pub fn body(m: &HubMission) -> Value {
    let instant = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .expect("midnight exists")
            .and_utc()
            .to_rfc3339_opts(SecondsFormat::Secs, true)
    };
    let mut body = json!({
        "type": "benevolat",
        "title": m.title,
        "description": m.description,
        "applicationUrl": m.application_url,
        "postedAt": m.posted_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        "startAt": instant(m.start),
        "domain": m.domain,
        "remote": m.remote,
        "schedule": m.schedule,
        "places": m.places,
        "openToMinors": m.flags.open_to_minors == "yes",
        "reducedMobilityAccessible": m.flags.reduced_mobility_accessible == "yes",
        "closeToTransport": m.flags.close_to_transport == "yes",
        "organizationClientId": m.organization_id,
        "organizationName": m.organization_name,
        "addresses": m.addresses.iter().map(|a| {
            let mut address = json!({
                "postalCode": a.postal_code,
                "city": a.city,
                "departmentCode": a.department_code,
                "country": "FR",
            });
            for (key, value) in [
                ("street", a.street.as_deref()),
                ("departmentName", a.department_name),
                ("region", a.region),
            ] {
                if let Some(value) = value {
                    address[key] = json!(value);
                }
            }
            address
        }).collect::<Vec<_>>(),
    });
    if let Some(end) = m.end {
        body["endAt"] = json!(instant(end));
    }
    if let Some(rna) = &m.organization_rna {
        body["organizationRNA"] = json!(rna);
    }
    if let Some(siret) = &m.organization_siret {
        body["organizationSiret"] = json!(siret);
    }
    if let Some(siren) = m.organization_siren() {
        body["organizationSiren"] = json!(siren);
    }
    body
}
