//! `/v1/partner`: what associations' tools, CRMs and mission hubs do with
//! an API key (`X-Api-Key`): write missions by their own id, follow the
//! change feeds, answer applications, and manage signed webhooks.

use actix_web::http::StatusCode;
use actix_web::{delete, get, patch, post, put, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::actor::PartnerKey;
use super::error::problem_of;
use super::extract::Body;
use super::pagination::encode_cursor;
use super::problem::Problem;
use super::views::{
    organization_view, public_mission, MissionView, OrganizationParticipation, PublicMissionView,
};
use crate::domain::api_key::Scope;
use crate::domain::eligibility::Accessibility;
use crate::domain::feed::FeedFilter;
use crate::domain::mission::{Format, MissionInput};
use crate::domain::participation::{DeclineReason, ParticipationState};
use crate::error::ServiceError;
use crate::services::api_keys::{organization_of, require};
use crate::services::partner::{self as service, MissionChange, Position, Upsert};
use crate::services::webhooks as hooks;
use crate::state::AppState;
use crate::store::webhooks::{DeliveryRow, EndpointChange, EndpointRow};
use crate::webhooks::EventType;

/// Create or update the organisation's mission known by your own id.
///
/// Sending the same mission again changes nothing (no new version, no new
/// review, no change in the feed). A new mission is submitted for review at
/// once (published at once for an organisation the platform trusts); a
/// material change of a published mission sends it back to review, as for
/// people. Scope `missions:write`.
#[utoipa::path(operation_id = "partner_upsert_mission", tag = "partners",
    security(("api_key" = ["missions:write"])),
    params(("client_id" = String, Path, description = "your own id of the mission: 1 to 100 of `A-Z a-z 0-9 . _ : -`",
        pattern = r"^[A-Za-z0-9._:-]{1,100}$")),
    request_body = MissionInput, responses(
    (status = 201, description = "created and submitted", body = MissionView),
    (status = 200, description = "updated, or unchanged", body = MissionView),
    (status = 409, description = "`mission_cancelled`, `mission_frozen`, `under_review` or `capacity_below_taken`", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "the key's rate, or the organisation's mission quota; retry after `Retry-After`", body = Problem, content_type = "application/problem+json"),
))]
#[put("/partner/missions/{client_id}")]
pub async fn upsert_mission(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    client_id: web::Path<String>,
    body: Body<MissionInput>,
) -> Result<HttpResponse, ServiceError> {
    require(&key, Scope::MissionsWrite)?;
    organization_of(&key)?;
    let input = body.parse()?;
    let (outcome, access) = service::upsert(&state, &key, &client_id, input).await?;
    let status = match outcome {
        Upsert::Created => StatusCode::CREATED,
        Upsert::Updated | Upsert::Unchanged => StatusCode::OK,
    };
    Ok(HttpResponse::build(status).json(MissionView::from(access)))
}

/// The organisation's mission known by your own id. Scope `missions:read`.
#[utoipa::path(operation_id = "partner_get_mission", tag = "partners",
    security(("api_key" = ["missions:read"])),
    params(("client_id" = String, Path, description = "your own id of the mission")), responses((status = 200, body = MissionView)))]
#[get("/partner/missions/{client_id}")]
pub async fn get_mission(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    client_id: web::Path<String>,
) -> Result<HttpResponse, ServiceError> {
    let access = service::by_client_id(&state, &key, &client_id).await?;
    Ok(HttpResponse::Ok().json(MissionView::from(access)))
}

/// Take the mission out of public view: a draft is deleted, a submitted
/// or published mission cancelled (its volunteers are told). It stays, for
/// its participations. Doing it twice changes nothing. Scope
/// `missions:write`.
#[utoipa::path(operation_id = "partner_unpublish_mission", tag = "partners",
    security(("api_key" = ["missions:write"])),
    params(("client_id" = String, Path)), responses((status = 204, description = "out of public view")))]
#[delete("/partner/missions/{client_id}")]
pub async fn unpublish_mission(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    client_id: web::Path<String>,
) -> Result<HttpResponse, ServiceError> {
    service::unpublish(&state, &key, &client_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchItem {
    #[schema(pattern = r"^[A-Za-z0-9._:-]{1,100}$")]
    pub client_id: String,
    /// A mission as `PUT /v1/partner/missions/{client_id}` takes it; read
    /// item by item, so that one malformed mission fails alone.
    #[schema(value_type = MissionInput)]
    pub mission: serde_json::Value,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchInput {
    #[schema(min_items = 1, max_items = 100)]
    pub missions: Vec<BatchItem>,
}

/// What became of one mission of a batch.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchResult {
    pub client_id: String,
    /// The status the single `PUT` would have answered.
    pub status: u16,
    /// `created`, `updated`, `unchanged` or `failed`.
    pub outcome: &'static str,
    pub mission_id: Option<Uuid>,
    pub state: Option<crate::domain::moderation::MissionState>,
    /// Why it failed.
    pub problem: Option<Problem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BatchResults {
    pub results: Vec<BatchResult>,
}

/// Upsert up to 100 missions in one call. Each is handled as its own
/// `PUT`, in order, and has its own result: one that fails does not fail
/// the others. The body may be 32 times the usual limit. Scope
/// `missions:write`.
#[utoipa::path(operation_id = "partner_upsert_missions", tag = "partners",
    security(("api_key" = ["missions:write"])),
    request_body = BatchInput, responses((status = 200, body = BatchResults)))]
#[post("/partner/missions/batch")]
pub async fn upsert_batch(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    body: Body<BatchInput, 32>,
) -> Result<HttpResponse, ServiceError> {
    require(&key, Scope::MissionsWrite)?;
    organization_of(&key)?;
    let batch = body.parse()?;
    if batch.missions.is_empty() || batch.missions.len() > 100 {
        return Err(ServiceError::field(
            "missions",
            "invalid_length",
            "send 1 to 100 missions",
        ));
    }
    let mut results = Vec::with_capacity(batch.missions.len());
    for (i, item) in batch.missions.into_iter().enumerate() {
        let outcome = match parse_item(i, &item.mission) {
            Ok(input) => service::upsert(&state, &key, &item.client_id, input).await,
            Err(e) => Err(e),
        };
        results.push(match outcome {
            Ok((outcome, access)) => BatchResult {
                client_id: item.client_id,
                status: if outcome == Upsert::Created { 201 } else { 200 },
                outcome: match outcome {
                    Upsert::Created => "created",
                    Upsert::Updated => "updated",
                    Upsert::Unchanged => "unchanged",
                },
                mission_id: Some(access.mission.id),
                state: Some(access.mission.state()),
                problem: None,
            },
            Err(e) => {
                let problem = problem_of(&e);
                BatchResult {
                    client_id: item.client_id,
                    status: problem.status,
                    outcome: "failed",
                    mission_id: None,
                    state: None,
                    problem: Some(problem),
                }
            }
        });
    }
    Ok(HttpResponse::Ok().json(BatchResults { results }))
}

/// One mission of a batch, its invalid fields named by their place in the
/// batch (`missions[3].mission.title`).
fn parse_item(index: usize, value: &serde_json::Value) -> Result<MissionInput, ServiceError> {
    let bytes = serde_json::to_vec(value).map_err(ServiceError::internal)?;
    super::extract::parse_json::<MissionInput>(&bytes).map_err(|e| match e {
        ServiceError::Validation(errors) => ServiceError::Validation(
            errors
                .into_iter()
                .map(|mut f| {
                    f.field = format!("missions[{index}].mission.{}", f.field);
                    f
                })
                .collect(),
        ),
        other => other,
    })
}

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
            domain: self.domain.clone(),
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
    #[schema(schema_with = super::constraints::always_false)]
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
    #[schema(schema_with = super::constraints::always_true)]
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
                url: hooks::mission_url(&state.settings.auth.app_base_url, m.id),
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
    let query: FeedQuery = super::parse_query(&req)?;
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
    let query: ParticipationFeedQuery = super::parse_query(&req)?;
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
    super::shifts::attach(
        &state,
        &mut feed.items,
        |p| p.participation.id,
        |p| &mut p.participation.shifts,
    )
    .await?;
    Ok(HttpResponse::Ok().json(feed))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnerAnswer {
    /// `accepted`, `declined` or `completed`.
    pub to: ParticipationState,
    /// Required to decline.
    pub reason_code: Option<DeclineReason>,
    pub reason: Option<String>,
}

/// Answer an application to one of the organisation's missions, as a
/// member would: accept, decline (with a reason), or complete once the
/// mission has started. Scope `participations:write`.
#[utoipa::path(operation_id = "partner_answer_participation", tag = "partners",
    security(("api_key" = ["participations:write"])),
    params(("id" = Uuid, Path)), request_body = PartnerAnswer, responses(
    (status = 200, body = OrganizationParticipation),
    (status = 409, body = Problem, content_type = "application/problem+json"),
))]
#[post("/partner/participations/{id}/transitions")]
pub async fn answer_participation(
    state: web::Data<AppState>,
    PartnerKey(key): PartnerKey,
    id: web::Path<Uuid>,
    body: Body<PartnerAnswer>,
) -> Result<HttpResponse, ServiceError> {
    require(&key, Scope::ParticipationsWrite)?;
    let id = id.into_inner();
    // Who may act is settled before the body is judged.
    service::visible_participation(&state, &key, id).await?;
    let answer = body.parse()?;
    let access = service::answer(
        &state,
        &key,
        id,
        answer.to,
        answer.reason_code,
        answer.reason,
    )
    .await?;
    let allowed = access.allowed(state.clock().today());
    let full = crate::services::participations::with_volunteer(&state, id).await?;
    let mut view = [organization_view(full, allowed)];
    super::shifts::attach(&state, &mut view, |p| p.id, |p| &mut p.shifts).await?;
    let [view] = view;
    Ok(HttpResponse::Ok().json(view))
}

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
