//! The change feeds: missions (public ones, with tombstones) and the
//! organisation's participations, each paged by a keyset cursor that
//! misses and repeats nothing.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::domain::api_key::Scope;
use crate::domain::eligibility::Accessibility;
use crate::domain::feed::FeedFilter;
use crate::domain::mission::Format;
use crate::error::ServiceError;
use crate::http::actor::PartnerKey;
use crate::http::pagination::encode_cursor;
use crate::http::views::{
    organization_view, public_mission, OrganizationParticipation, PublicMissionView,
};
use crate::services::api_keys::{organization_of, require};
use crate::services::partner::{self as service, MissionChange, Position};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FeedQuery {
    /// Changes from this instant on (RFC 3339), for the first page of a
    /// sync; later pages and later syncs pass `cursor` instead.
    pub updated_since: Option<DateTime<Utc>>,
    /// `next_cursor` of the previous page (or of the last sync).
    pub cursor: Option<String>,
    /// 1 to 500; 100 when absent.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// Words that must all appear in the title or description.
    #[param(max_length = 200)]
    pub q: Option<String>,
    pub domain: Option<String>,
    /// Comma-separated skills; a mission with any of them matches.
    pub skills: Option<String>,
    pub department: Option<String>,
    #[param(minimum = -90.0, maximum = 90.0)]
    pub lat: Option<f64>,
    #[param(minimum = -180.0, maximum = 180.0)]
    pub lng: Option<f64>,
    /// With `lat` and `lng`; 1 to 500 km.
    #[param(minimum = 1.0, maximum = 500.0)]
    pub radius_km: Option<f64>,
    pub format: Option<Format>,
    pub open_to_minors: Option<bool>,
    /// Comma-separated accessibility flags, all required:
    /// `reduced_mobility`, `public_transport`, `open_to_minors`.
    pub accessibility: Option<String>,
    #[param(value_type = Option<String>, format = Date)]
    pub start_after: Option<NaiveDate>,
}

impl FeedQuery {
    fn limit(&self) -> Result<i64, ServiceError> {
        match self.limit {
            None => Ok(100),
            Some(l @ 1..=500) => Ok(i64::from(l)),
            Some(_) => Err(ServiceError::field(
                "limit",
                "out_of_range",
                "must be between 1 and 500",
            )),
        }
    }

    fn position(&self) -> Result<Position, ServiceError> {
        match &self.cursor {
            Some(cursor) => decode_position(cursor),
            None => Ok(service::start(self.updated_since)),
        }
    }

    fn filter(&self) -> Result<FeedFilter, ServiceError> {
        let near = match (self.lat, self.lng, self.radius_km) {
            (None, None, None) => None,
            (Some(lat), Some(lng), radius) => {
                let km = radius.unwrap_or(20.0);
                if !(-90.0..=90.0).contains(&lat)
                    || !(-180.0..=180.0).contains(&lng)
                    || !(1.0..=500.0).contains(&km)
                {
                    return Err(ServiceError::field(
                        "radius_km",
                        "out_of_range",
                        "lat in [-90, 90], lng in [-180, 180], radius_km in [1, 500]",
                    ));
                }
                Some((lat, lng, km))
            }
            _ => {
                return Err(ServiceError::field(
                    "lat",
                    "required",
                    "a place needs both `lat` and `lng`",
                ))
            }
        };
        if self.q.as_ref().is_some_and(|q| q.chars().count() > 200) {
            return Err(ServiceError::field(
                "q",
                "too_long",
                "at most 200 characters",
            ));
        }
        let list = |v: &Option<String>| -> Vec<String> {
            v.as_deref()
                .unwrap_or_default()
                .split([',', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let accessibility = list(&self.accessibility)
            .into_iter()
            .map(|f| {
                Accessibility::parse(&f).ok_or_else(|| {
                    ServiceError::field(
                        "accessibility",
                        "unknown_value",
                        &format!("`{f}` is not an accessibility flag"),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(FeedFilter {
            accessibility,
            words: list(&self.q),
            domains: self.domain.iter().cloned().collect(),
            skills: list(&self.skills),
            department: self.department.clone(),
            near,
            format: self.format,
            open_to_minors: self.open_to_minors,
            starting_after: self.start_after,
        })
    }
}

fn decode_position(cursor: &str) -> Result<Position, ServiceError> {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Position>(&bytes).ok())
        .ok_or_else(|| ServiceError::field("cursor", "invalid", "not a cursor of this feed"))
}

/// A public mission as the feed gives it: the public view, and what a
/// mirror needs beside it.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedMission {
    #[serde(flatten)]
    pub mission: PublicMissionView,
    /// The id its organisation's tool gave it, if any.
    pub client_id: Option<String>,
    #[schema(schema_with = crate::http::constraints::always_false)]
    pub deleted: bool,
    pub capacity: i32,
    pub open_to_minors: bool,
    /// The department whose referents moderate it.
    pub department: String,
    pub organization_siret: Option<String>,
    pub organization_rna: Option<String>,
    /// The mission's public page.
    pub url: String,
    pub updated_at: DateTime<Utc>,
}

/// A mission that left public view (or no longer matches the feed's
/// filter): remove it from the mirror.
#[derive(Debug, Serialize, ToSchema)]
pub struct MissionTombstone {
    pub id: Uuid,
    pub client_id: Option<String>,
    #[schema(schema_with = crate::http::constraints::always_true)]
    pub deleted: bool,
    pub updated_at: DateTime<Utc>,
}

/// A change: the mission as it is now (`deleted: false`), or its tombstone
/// (`deleted: true`); each item matches exactly one of the two.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum FeedItem {
    Mission(Box<FeedMission>),
    Tombstone(MissionTombstone),
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MissionFeed {
    pub items: Vec<FeedItem>,
    /// Where the next page starts; keep it to resume the sync later, even
    /// when `has_more` is false.
    pub next_cursor: String,
    pub has_more: bool,
}

fn feed_item(state: &AppState, change: MissionChange) -> FeedItem {
    match change {
        MissionChange::Gone(row) => FeedItem::Tombstone(MissionTombstone {
            id: row.mission.id,
            client_id: row.mission.client_id,
            deleted: true,
            updated_at: row.mission.updated_at,
        }),
        MissionChange::Live(row, addresses) => {
            let row = *row;
            let m = row.mission;
            FeedItem::Mission(Box::new(FeedMission {
                client_id: m.client_id.clone(),
                deleted: false,
                capacity: m.capacity,
                open_to_minors: m.minimum_age < 18,
                department: m.department.clone(),
                organization_siret: row.organization_siret,
                organization_rna: row.organization_rna,
                url: crate::services::deliveries::mission_url(
                    &state.settings.auth.app_base_url,
                    m.id,
                ),
                updated_at: m.updated_at,
                mission: public_mission(m, row.organization_name, addresses),
            }))
        }
    }
}

/// The change feed of missions, for incremental sync: the published
/// missions the key may see (its organisation's, or all for a
/// platform-wide key), ordered by `(updated_at, id)`, with tombstones for
/// those that left public view. Start with `updated_since` (or nothing, for
/// everything), then follow `next_cursor` until `has_more` is false, and
/// keep the last `next_cursor` for the next sync: no change is missed or
/// repeated at a page boundary, even while missions change. A change shows
/// once it has settled (`partner.feed_settle_ms`, 10 s by default). Scope
/// `missions:read`.
#[utoipa::path(operation_id = "partner_mission_feed", tag = "partners",
    security(("api_key" = ["missions:read"])),
    params(FeedQuery), responses((status = 200, body = MissionFeed)))]
#[get("/partner/feed/missions")]
pub async fn mission_feed(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    req: HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    require(&key, Scope::MissionsRead)?;
    let query: FeedQuery = crate::http::parse_query(&req)?;
    let filter = query.filter()?;
    let page = service::mission_changes(
        &state,
        &key,
        &filter,
        query.position()?,
        query.limit()?,
        state.clock().now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(MissionFeed {
        items: page
            .items
            .into_iter()
            .map(|c| feed_item(&state, c))
            .collect(),
        next_cursor: encode_cursor(&page.next),
        has_more: page.has_more,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ParticipationFeedQuery {
    pub updated_since: Option<DateTime<Utc>>,
    pub cursor: Option<String>,
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
}

/// A participation as the organisation's feed gives it, with how to reach
/// the volunteer.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedParticipation {
    #[serde(flatten)]
    pub participation: OrganizationParticipation,
    pub mission_client_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipationFeed {
    pub items: Vec<FeedParticipation>,
    pub next_cursor: String,
    pub has_more: bool,
}

/// The change feed of the organisation's participations, paged like the
/// missions' feed. Scope `participations:read`.
#[utoipa::path(operation_id = "partner_participation_feed", tag = "partners",
    security(("api_key" = ["participations:read"])),
    params(ParticipationFeedQuery), responses((status = 200, body = ParticipationFeed)))]
#[get("/partner/feed/participations")]
pub async fn participation_feed(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    req: HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    require(&key, Scope::ParticipationsRead)?;
    organization_of(&key)?;
    let query: ParticipationFeedQuery = crate::http::parse_query(&req)?;
    let feed = FeedQuery {
        updated_since: query.updated_since,
        cursor: query.cursor,
        limit: query.limit,
        q: None,
        domain: None,
        skills: None,
        department: None,
        lat: None,
        lng: None,
        radius_km: None,
        format: None,
        open_to_minors: None,
        accessibility: None,
        start_after: None,
    };
    let page = service::participation_changes(
        &state,
        &key,
        feed.position()?,
        feed.limit()?,
        state.clock().now(),
    )
    .await?;
    let today = state.clock().today();
    let mut feed = ParticipationFeed {
        items: page
            .items
            .into_iter()
            .map(|p| {
                let started = p.mission_start_date.is_none_or(|d| d <= today);
                let allowed = p
                    .with_volunteer
                    .participation
                    .state()
                    .allowed_targets(false, true, started);
                FeedParticipation {
                    mission_client_id: p.mission_client_id,
                    participation: organization_view(p.with_volunteer, allowed),
                }
            })
            .collect(),
        next_cursor: encode_cursor(&page.next),
        has_more: page.has_more,
    };
    crate::http::shifts::attach(
        &state,
        &mut feed.items,
        |p| p.participation.id,
        |p| &mut p.participation.shifts,
    )
    .await?;
    Ok(HttpResponse::Ok().json(feed))
}
