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
//!
//! An application that came through the hub (its click id,
//! `apiengagement_id`) is reported back the same way: created as an
//! activity of that click (`POST /v2/activity`), then each of its moves as
//! the activity's status (`PUT /v2/activity/{id}`).

use std::time::Duration;

use chrono::{NaiveDate, SecondsFormat};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use uuid::Uuid;

use super::HubMission;
use crate::config::Settings;
use crate::domain::api_engagement as hub;
use crate::store::outbox::{self, Job, JobError};
use crate::store::participations;
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

/// Report an application API Engagement sent, and each of its moves.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportActivity {
    pub participation_id: Uuid,
}

pub const ACTIVITY_JOB_KIND: &str = "api_engagement_activity";

impl Job for ReportActivity {
    const KIND: &'static str = ACTIVITY_JOB_KIND;

    fn coalesce_key(&self) -> Option<String> {
        Some(format!("api-engagement:activity:{}", self.participation_id))
    }
}

/// After an application was made or moved, in its transaction: when the
/// platform reports to the hub and the application came through it, a
/// job to tell the hub (coalesced: it reads the state when it runs).
pub async fn activity_changed(
    tx: &mut Tx,
    settings: &Settings,
    participation: Uuid,
) -> Result<(), StoreError> {
    if settings.api_engagement.api_key.is_none()
        || !participations::came_from_hub(tx.h(), participation).await?
    {
        return Ok(());
    }
    outbox::push(
        tx,
        &ReportActivity {
            participation_id: participation,
        },
        None,
    )
    .await?;
    Ok(())
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
    api_url: String,
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
            api_url: settings.http.public_url.clone(),
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
        let m = HubMission::new(&self.app_base_url, &self.api_url, &row, &addresses);
        let fields = body(&m);
        if self.call(Method::PUT, &path, Some(&fields)).await?.0 != StatusCode::NOT_FOUND {
            return Ok(None);
        }
        // Not on the hub yet: created, under our id.
        let mut create = fields.clone();
        create["clientId"] = json!(mission);
        match self
            .call(Method::POST, "/v2/mission", Some(&create))
            .await?
            .0
        {
            // Created meanwhile by another worker's job: this is an update.
            StatusCode::CONFLICT => {
                self.call(Method::PUT, &path, Some(&fields)).await?;
                Ok(None)
            }
            _ => Ok(Some("created on the hub".into())),
        }
    }

    /// Runs a `ReportActivity` job: the application reported to the hub
    /// as an activity of the click that brought it, then its status.
    pub async fn report(&self, db: &Db, participation: Uuid) -> Result<Option<String>, JobError> {
        let transient = |e: StoreError| JobError::Transient(e.to_string());
        let mut conn = db.acquire().await.map_err(transient)?;
        let Some(row) = participations::hub_activity(conn.h(), participation)
            .await
            .map_err(transient)?
        else {
            return Ok(Some("no such participation any more".into()));
        };
        drop(conn);
        let Some(click) = row.apiengagement_id.as_deref() else {
            // Erased meanwhile: its click id went with the account.
            return Ok(Some("no click id: nothing to report".into()));
        };
        let status = hub::activity_status(&row.state, row.attended);
        let activity = match row.hub_activity_id {
            Some(activity) => activity,
            None => {
                let (answer, body) = self
                    .call(
                        Method::POST,
                        "/v2/activity",
                        Some(&json!({
                            "type": "apply",
                            "clickId": click,
                            "missionClientId": row.mission_id,
                        })),
                    )
                    .await?;
                if answer == StatusCode::NOT_FOUND {
                    // A click the hub does not know (forged, or expired):
                    // trying again will not make it known.
                    return Ok(Some(format!("the hub does not know click {click}")));
                }
                let Some(activity) = body["data"]["id"].as_str().map(str::to_owned) else {
                    return Err(JobError::Transient(format!(
                        "API Engagement answered {answer} to an activity without its id"
                    )));
                };
                let mut conn = db.acquire().await.map_err(transient)?;
                participations::set_hub_activity(conn.h(), participation, &activity)
                    .await
                    .map_err(transient)?;
                if status == "PENDING" {
                    return Ok(Some("reported to the hub".into()));
                }
                activity
            }
        };
        let path = format!("/v2/activity/{activity}");
        let body = json!({"status": status, "type": "apply"});
        match self.call(Method::PUT, &path, Some(&body)).await?.0 {
            StatusCode::NOT_FOUND => Ok(Some(format!("the hub no longer has activity {activity}"))),
            _ => Ok(None),
        }
    }

    /// One call; the status and the body (JSON, `null` when it is not)
    /// when it is an answer the caller reads (2xx, 404, 409), the job's
    /// outcome otherwise.
    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<(StatusCode, Value), JobError> {
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
            let answer = response.json::<Value>().await.unwrap_or(Value::Null);
            return Ok((status, answer));
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
    if let Some(logo) = &m.organization_logo {
        body["organizationLogo"] = json!(logo);
    }
    if let Some(image) = &m.image {
        body["image"] = json!(image);
    }
    body
}
