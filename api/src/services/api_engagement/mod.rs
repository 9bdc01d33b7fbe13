//! Publishing to API Engagement, the state's mission hub, which spreads
//! missions to the SNU's, towns', companies' and partners' sites. Two
//! ways, as the hub offers them:
//!
//! - `feed`: the missions open to applications in the hub's XML, which it
//!   reads on its own schedule (as it reads JeVeuxAider's);
//! - `push`: each change of a mission's public face sent to the hub's
//!   `/v2/mission` as it happens, through the outbox, when the platform
//!   has a publisher key (`api_engagement.api_key`).
//!
//! Both say the same of a mission, from the vocabulary table of
//! `domain::api_engagement`.

pub mod feed;
pub mod push;

pub use feed::*;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::domain::api_engagement as hub;
use crate::domain::department;
use crate::domain::place::Address;
use crate::services::deliveries::mission_url;
use crate::store::missions::{FeedRow, MissionRow};

/// A mission as the hub reads it, whichever way it is sent.
#[derive(Debug, Clone, PartialEq)]
pub struct HubMission {
    pub client_id: Uuid,
    pub title: String,
    pub description: String,
    pub application_url: String,
    pub posted_at: DateTime<Utc>,
    /// An ongoing mission starts the day it was posted: the hub needs a
    /// start.
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub domain: &'static str,
    pub remote: &'static str,
    pub flags: hub::Flags,
    /// Places left, as JeVeuxAider gives them (a mission on shifts counts
    /// its own capacity: its shifts' are read on the mission's page); at
    /// least one, the hub's minimum.
    pub places: i32,
    /// The commitment in French ("3 heures par semaine").
    pub schedule: String,
    pub organization_id: Uuid,
    pub organization_name: String,
    pub organization_rna: Option<String>,
    pub organization_siret: Option<String>,
    /// Absolute URLs of the mission's picture and the organisation's logo
    /// (their large renditions), for the hub's cards.
    pub image: Option<String>,
    pub organization_logo: Option<String>,
    pub addresses: Vec<HubAddress>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HubAddress {
    pub street: Option<String>,
    pub city: String,
    pub postal_code: String,
    pub department_code: String,
    pub department_name: Option<&'static str>,
    pub region: Option<&'static str>,
    pub latitude: f64,
    pub longitude: f64,
}

impl HubMission {
    /// `app_base_url` is the SPA's (where volunteers apply), `api_url` the
    /// API's public one (where pictures are served).
    pub fn new(app_base_url: &str, api_url: &str, row: &FeedRow, addresses: &[Address]) -> Self {
        let m = &row.mission;
        let picture = |name: &Option<String>| {
            name.as_deref()
                .map(|n| crate::platform::pictures::absolute_url(api_url, n))
        };
        let posted_at = m.published_at.unwrap_or(m.created_at);
        HubMission {
            client_id: m.id,
            title: m.title.clone(),
            description: m.description.clone(),
            application_url: mission_url(app_base_url, m.id),
            posted_at,
            start: m.start_date.unwrap_or_else(|| m.day_at(posted_at)),
            end: m.end_date,
            domain: hub::domain(&m.domain),
            remote: hub::remote(m.format),
            flags: hub::flags(&m.access.0.flags(m.minimum_age)),
            places: if m.has_shifts {
                m.capacity
            } else {
                m.places_left()
            }
            .max(1),
            schedule: schedule(m),
            organization_id: m.organization_id,
            organization_name: row.organization_name.clone(),
            organization_rna: row.organization_rna.clone(),
            organization_siret: row.organization_siret.clone(),
            image: picture(&m.image_large),
            organization_logo: picture(&row.organization_logo),
            addresses: addresses
                .iter()
                .map(|a| {
                    let known = department::by_code(&a.department);
                    HubAddress {
                        street: a.line.clone(),
                        city: a.city.clone(),
                        postal_code: a.postcode.clone(),
                        department_code: a.department.clone(),
                        department_name: known.map(|d| d.name),
                        region: known.map(|d| d.region),
                        latitude: a.latitude,
                        longitude: a.longitude,
                    }
                })
                .collect(),
        }
    }

    /// The organisation's SIREN, from its SIRET.
    pub fn organization_siren(&self) -> Option<&str> {
        self.organization_siret.as_deref().and_then(hub::siren)
    }
}

/// The commitment in the hub's free `schedule`, in French.
fn schedule(m: &MissionRow) -> String {
    let hours = m.commitment_hours;
    let figure = if hours.fract() == 0.0 {
        format!("{hours:.0}")
    } else {
        format!("{hours}").replace('.', ",")
    };
    let unit = if hours > 1.0 { "heures" } else { "heure" };
    if m.commitment_kind == "total" {
        format!("{figure} {unit} au total")
    } else {
        format!("{figure} {unit} par semaine")
    }
}
