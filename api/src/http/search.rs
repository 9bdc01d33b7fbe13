//! `GET /v1/search/missions`: the built-in engine through the search port.

use std::time::Duration;

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;

use super::admission::{public_miss, public_ttl};
use super::guard::{ip_key, rate_limit};
use super::problem::{FieldError, Problem};
use super::revalidation::{public_json, Freshness};
use crate::domain::mission::{Audience, Format};
use crate::error::ServiceError;
use crate::platform::Mode;
use crate::problem_code::ProblemCode;
use crate::search::query::{Around, Facet, SearchQuery, SearchResult, MAX_PER_PAGE};
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SearchParams {
    /// Free text, in French; accents optional ("mediation" finds "médiation").
    pub q: Option<String>,
    /// Comma-separated domain slugs (any of them).
    pub domains: Option<String>,
    /// Comma-separated skill slugs (any of them).
    pub skills: Option<String>,
    /// Comma-separated department codes (any of them).
    pub departments: Option<String>,
    /// Comma-separated: `on_site`, `remote`, `hybrid`.
    pub formats: Option<String>,
    /// Comma-separated audiences.
    pub audiences: Option<String>,
    /// Comma-separated accessibility flags, all required:
    /// `reduced_mobility`, `public_transport`, `open_to_minors`. Remote
    /// missions are `formats=remote,hybrid`.
    pub accessibility: Option<String>,
    /// Only missions with places left.
    pub has_places: Option<bool>,
    /// Missions happening on or after this day.
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<NaiveDate>,
    /// Missions happening on or before this day.
    #[param(value_type = Option<String>, format = Date)]
    pub until: Option<NaiveDate>,
    /// Centre latitude; with `lng`, hits carry their distance.
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    /// Radius in km around the centre; absent means anywhere.
    pub radius_km: Option<f64>,
    /// Zero-based page.
    pub page: Option<u32>,
    /// 1 to 50; 20 when absent.
    pub per_page: Option<u32>,
    /// Comma-separated facets to count: `domain`, `skills`, `department`, `format`, `audience`, `accessibility`.
    pub facets: Option<String>,
}

fn list(value: &Option<String>) -> Vec<String> {
    value
        .as_deref()
        .map(|v| {
            v.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn parse_enum<T: serde::de::DeserializeOwned>(
    field: &str,
    values: Vec<String>,
    errors: &mut Vec<FieldError>,
) -> Vec<T> {
    values
        .into_iter()
        .filter_map(
            |v| match serde_json::from_value::<T>(serde_json::Value::String(v.clone())) {
                Ok(t) => Some(t),
                Err(_) => {
                    errors.push(FieldError::new(
                        field,
                        "unknown_value",
                        format!("`{v}` is not a known value"),
                    ));
                    None
                }
            },
        )
        .collect()
}

impl SearchParams {
    pub fn into_query(self) -> Result<SearchQuery, ServiceError> {
        let mut errors = Vec::new();
        let per_page = self.per_page.unwrap_or(20);
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            errors.push(FieldError::new(
                "per_page",
                "out_of_range",
                "must be between 1 and 50",
            ));
        }
        if self.page.is_some_and(|p| p > 1000) {
            errors.push(FieldError::new(
                "page",
                "out_of_range",
                "at most 1000; narrow the search instead",
            ));
        }
        let around = match (self.lat, self.lng) {
            (Some(lat), Some(lng)) => {
                if crate::domain::place::latitude(lat).is_err() {
                    errors.push(FieldError::new(
                        "lat",
                        "out_of_range",
                        "latitude must be between -90 and 90",
                    ));
                }
                if crate::domain::place::longitude(lng).is_err() {
                    errors.push(FieldError::new(
                        "lng",
                        "out_of_range",
                        "longitude must be between -180 and 180",
                    ));
                }
                if self.radius_km.is_some_and(|r| !(r > 0.0 && r <= 20_000.0)) {
                    errors.push(FieldError::new(
                        "radius_km",
                        "out_of_range",
                        "must be above 0 and at most 20,000",
                    ));
                }
                Some(Around {
                    latitude: lat,
                    longitude: lng,
                    radius_km: self.radius_km,
                })
            }
            (None, None) if self.radius_km.is_some() => {
                errors.push(FieldError::new(
                    "radius_km",
                    "needs_centre",
                    "give lat and lng with a radius",
                ));
                None
            }
            (None, None) => None,
            _ => {
                errors.push(FieldError::new(
                    "lng",
                    "required",
                    "lat and lng go together",
                ));
                None
            }
        };
        let formats: Vec<Format> = parse_enum("formats", list(&self.formats), &mut errors);
        let audiences: Vec<Audience> = parse_enum("audiences", list(&self.audiences), &mut errors);
        let accessibility = parse_enum("accessibility", list(&self.accessibility), &mut errors);
        let facets: Vec<Facet> = list(&self.facets)
            .into_iter()
            .filter_map(|f| {
                Facet::parse(&f).or_else(|| {
                    errors.push(FieldError::new(
                        "facets",
                        "unknown_value",
                        format!("`{f}` is not a facet"),
                    ));
                    None
                })
            })
            .collect();
        // Each facet is counted once, however often it is asked for.
        let mut facets = facets;
        facets.sort();
        facets.dedup();
        let departments = list(&self.departments)
            .into_iter()
            .filter_map(|d| match crate::domain::department::by_code(&d) {
                Some(dep) => Some(dep.code.to_owned()),
                None => {
                    errors.push(FieldError::new(
                        "departments",
                        "unknown_department",
                        format!("`{d}` is not a department"),
                    ));
                    None
                }
            })
            .collect();
        if !errors.is_empty() {
            return Err(ServiceError::Validation(errors));
        }
        Ok(SearchQuery {
            text: self.q.map(|q| q.chars().take(200).collect()),
            domains: list(&self.domains),
            skills: list(&self.skills),
            departments,
            formats,
            audiences,
            accessibility,
            has_places: self.has_places.unwrap_or(false),
            organization: None,
            from: self.from,
            until: self.until,
            around,
            page: self.page.unwrap_or(0),
            per_page,
            facets,
        })
    }
}

/// What the CDN may keep of a search.
const FRESHNESS: Freshness = Freshness::new(Duration::from_secs(30), Duration::from_secs(30));

/// Search published missions by text, place, domain, skills and more, with
/// disjunctive facet counts. Cached briefly (longer in degraded mode).
#[utoipa::path(operation_id = "search_missions", tag = "search", params(SearchParams), responses(
    (status = 200, body = SearchResult, headers(("X-Search-Engine" = String, description = "`builtin` or `algolia`"), ("ETag" = String), ("Cache-Control" = String))),
    (status = 304, description = "unchanged since the `If-None-Match` ETag"),
    (status = 400, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[get("/search/missions")]
pub async fn missions(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ServiceError> {
    let params: SearchParams = super::parse_query(&req)?;
    let query = params.into_query()?;
    let degraded = state.platform.mode.current() == Mode::Degraded;
    let ttl = public_ttl(&state, FRESHNESS.max_age);
    // The query as understood, not as spelled: reordered or repeated
    // parameters do not make a new miss.
    let cache_key = query.cache_key();
    // The engine that answered is kept with the cached bytes, before them.
    let cached = state
        .platform
        .cache
        .get_or_compute_json(&cache_key, ttl, || async {
            if degraded && state.settings.degraded.search_cache_only {
                return Err(ServiceError::Unavailable {
                    code: ProblemCode::SearchDegraded,
                    detail: "only searches already made can be answered now; please retry shortly"
                        .into(),
                    retry_after: Duration::from_secs(10),
                });
            }
            rate_limit(
                &state,
                &[(ip_key(&req, "search_miss"), state.settings.limits.search_miss_per_ip)],
            )
            .await?;
            let _slot = public_miss(&state).await?;
            if let Some(algolia) = &state.algolia {
                if !algolia.breaker_open() {
                    match algolia.search(&query).await {
                        Ok(result) => return Ok(("algolia", result)),
                        Err(e) => tracing::warn!(error = %e, "Algolia search failed; answering from the built-in engine"),
                    }
                }
                let result = crate::search::builtin::search(
                    &state.db,
                    &query,
                    crate::search::counts::Policy::from_settings(&state.settings.search),
                )
                .await?;
                return Ok(("builtin-fallback", result));
            }
            let result = crate::search::builtin::search(
                    &state.db,
                    &query,
                    crate::search::counts::Policy::from_settings(&state.settings.search),
                )
                .await?;
            Ok::<_, ServiceError>(("builtin", result))
        })
        .await?;
    // `["engine",{result}]`: split without parsing the result.
    let (engine, body) = split_engine(&cached)
        .ok_or_else(|| ServiceError::internal(anyhow::anyhow!("malformed cached search")))?;
    let mut response = public_json(&req, &state, FRESHNESS, body.to_vec());
    response.headers_mut().insert(
        header::HeaderName::from_static("x-search-engine"),
        header::HeaderValue::from_str(engine)
            .map_err(|e| ServiceError::internal(anyhow::anyhow!("search engine name: {e}")))?,
    );
    Ok(response)
}

/// `["builtin",{…}]` → ("builtin", `{…}`).
fn split_engine(cached: &[u8]) -> Option<(&str, &[u8])> {
    let rest = cached.strip_prefix(b"[\"")?;
    let end = rest.iter().position(|b| *b == b'"')?;
    let engine = std::str::from_utf8(&rest[..end]).ok()?;
    let body = rest[end + 1..].strip_prefix(b",")?.strip_suffix(b"]")?;
    Some((engine, body))
}

/// Where the SPA should search from.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct SearchKey {
    /// `algolia`: query Algolia directly with this key; `builtin`: use
    /// `GET /v1/search/missions`.
    pub engine: &'static str,
    pub app_id: Option<String>,
    pub index: Option<String>,
    /// A secured search-only key: this index, published missions, for an hour.
    pub key: Option<String>,
    /// Unix time after which the key stops working.
    pub valid_until: Option<i64>,
    pub search_path: &'static str,
}

/// A key for the browser to query Algolia directly, so that peak search
/// traffic never reaches our servers; or `builtin` when Algolia is not
/// configured.
#[utoipa::path(tag = "search", responses((status = 200, body = SearchKey)))]
#[get("/search/key")]
pub async fn key(state: web::Data<AppState>) -> HttpResponse {
    let body = match &state.algolia {
        Some(algolia) => {
            let (key, valid_until) = algolia.secured_key();
            SearchKey {
                engine: "algolia",
                app_id: Some(algolia.app_id().to_owned()),
                index: Some(algolia.index.clone()),
                key: Some(key),
                valid_until: Some(valid_until),
                search_path: "/v1/search/missions",
            }
        }
        None => SearchKey {
            engine: "builtin",
            app_id: None,
            index: None,
            key: None,
            valid_until: None,
            search_path: "/v1/search/missions",
        },
    };
    // Each browser gets its own key; a shared cache must not hand one out.
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "private, max-age=600"))
        .json(body)
}
