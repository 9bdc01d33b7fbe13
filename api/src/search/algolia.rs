//! The Algolia adapter: records built from missions, batched writes, index
//! settings from the repository, searches translated from the port, and
//! the secured search-only keys handed to browsers.
//!
//! Hosts follow the official clients: reads on `{APP}-dsn.algolia.net`,
//! writes on `{APP}.algolia.net`, then `{APP}-1..3.algolianet.com` in a
//! random order. Timeouts, connection errors and 5xx move on to the next
//! host; a 4xx (429 included) is an answer, never retried.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::seq::SliceRandom;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{json, Map, Value};
use sha2::Sha256;
use uuid::Uuid;

use super::query::{Facet, Hit, SearchQuery, SearchResult};
use crate::config::SearchSettings;
use crate::domain::mission::Format;

/// The index settings, versioned with the code and applied by
/// `renfort search configure`.
pub const INDEX_SETTINGS: &str = include_str!("algolia-settings.json");

#[derive(Debug, thiserror::Error)]
pub enum AlgoliaError {
    /// Every host failed (timeouts, connection errors, 5xx).
    #[error("Algolia unreachable: {0}")]
    Unreachable(String),
    /// Algolia answered with a client error; retrying would not help.
    #[error("Algolia refused the request ({status}): {message}")]
    Refused { status: u16, message: String },
}

pub struct Algolia {
    client: reqwest::Client,
    app_id: String,
    admin_key: SecretString,
    search_key: SecretString,
    pub index: String,
    read_hosts: Vec<String>,
    write_hosts: Vec<String>,
    key_validity_secs: i64,
    breaker: Breaker,
}

/// Opens after consecutive failures so that a dead Algolia costs no
/// latency: while open, searches go straight to the built-in engine.
struct Breaker {
    failures: AtomicU32,
    open_until_ms: AtomicU64,
}

const BREAKER_THRESHOLD: u32 = 3;
const BREAKER_OPEN_MS: u64 = 30_000;

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis() as u64
}

impl Breaker {
    fn is_open(&self) -> bool {
        now_ms() < self.open_until_ms.load(Ordering::Relaxed)
    }

    fn success(&self) {
        self.failures.store(0, Ordering::Relaxed);
    }

    fn failure(&self) {
        if self.failures.fetch_add(1, Ordering::Relaxed) + 1 >= BREAKER_THRESHOLD {
            self.open_until_ms
                .store(now_ms() + BREAKER_OPEN_MS, Ordering::Relaxed);
            self.failures.store(0, Ordering::Relaxed);
            tracing::warn!("Algolia keeps failing: searching with the built-in engine for 30 s");
        }
    }
}

impl Algolia {
    /// `None` when Algolia is not configured.
    pub fn from_settings(s: &SearchSettings) -> anyhow::Result<Option<Self>> {
        let (Some(app_id), Some(admin_key), Some(search_key)) = (
            &s.algolia_app_id,
            &s.algolia_admin_key,
            &s.algolia_search_key,
        ) else {
            return Ok(None);
        };
        let (read_hosts, write_hosts) = match &s.algolia_hosts {
            Some(hosts) => (hosts.clone(), hosts.clone()),
            None => {
                let mut fallback: Vec<String> = (1..=3)
                    .map(|i| format!("https://{app_id}-{i}.algolianet.com"))
                    .collect();
                fallback.shuffle(&mut rand::rng());
                let with = |first: String| {
                    std::iter::once(first)
                        .chain(fallback.iter().cloned())
                        .collect()
                };
                (
                    with(format!("https://{app_id}-dsn.algolia.net")),
                    with(format!("https://{app_id}.algolia.net")),
                )
            }
        };
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_millis(s.timeout_ms.min(2000)))
            .timeout(Duration::from_millis(s.timeout_ms))
            .build()?;
        Ok(Some(Algolia {
            client,
            app_id: app_id.clone(),
            admin_key: admin_key.clone(),
            search_key: search_key.clone(),
            index: s.algolia_index.clone(),
            read_hosts,
            write_hosts,
            key_validity_secs: s.key_validity_secs,
            breaker: Breaker {
                failures: AtomicU32::new(0),
                open_until_ms: AtomicU64::new(0),
            },
        }))
    }

    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    pub fn breaker_open(&self) -> bool {
        self.breaker.is_open()
    }

    /// One call, host after host until one answers.
    async fn call(
        &self,
        write: bool,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, AlgoliaError> {
        let hosts = if write {
            &self.write_hosts
        } else {
            &self.read_hosts
        };
        let mut last = String::new();
        for host in hosts {
            let mut request = self
                .client
                .request(
                    method.clone(),
                    format!("{}{path}", host.trim_end_matches('/')),
                )
                .header("X-Algolia-Application-Id", &self.app_id)
                // Reads carry the search-only key: a leak of what serves
                // the public cannot write the index.
                .header(
                    "X-Algolia-API-Key",
                    if write {
                        self.admin_key.expose_secret()
                    } else {
                        self.search_key.expose_secret()
                    },
                );
            if let Some(body) = body {
                request = request.json(body);
            }
            match request.send().await {
                Ok(response) if response.status().is_success() => {
                    return response
                        .json()
                        .await
                        .map_err(|e| AlgoliaError::Unreachable(e.to_string()));
                }
                Ok(response) if response.status().is_server_error() => {
                    last = format!("{host}: {}", response.status());
                }
                Ok(response) => {
                    let status = response.status().as_u16();
                    let message = response.text().await.unwrap_or_default();
                    return Err(AlgoliaError::Refused { status, message });
                }
                Err(e) => last = format!("{host}: {e}"),
            }
            tracing::warn!(host = %host, error = %last, "Algolia host failed; trying the next");
        }
        Err(AlgoliaError::Unreachable(last))
    }

    /// Applies the versioned index settings.
    pub async fn configure(&self) -> Result<Value, AlgoliaError> {
        let settings: Value = serde_json::from_str(INDEX_SETTINGS).expect("valid settings JSON");
        self.call(
            true,
            reqwest::Method::PUT,
            &format!("/1/indexes/{}/settings", self.index),
            Some(&settings),
        )
        .await
    }

    /// Writes up to 1,000 changes in one call: records to update, ids to delete.
    pub async fn batch(&self, updates: &[Value], deletes: &[Uuid]) -> Result<(), AlgoliaError> {
        let requests: Vec<Value> = updates
            .iter()
            .map(|r| json!({"action": "updateObject", "body": r}))
            .chain(
                deletes
                    .iter()
                    .map(|id| json!({"action": "deleteObject", "body": {"objectID": id}})),
            )
            .collect();
        for chunk in requests.chunks(1000) {
            self.call(
                true,
                reqwest::Method::POST,
                &format!("/1/indexes/{}/batch", self.index),
                Some(&json!({ "requests": chunk })),
            )
            .await?;
        }
        Ok(())
    }

    /// A browser key: the search-only key restricted to the missions index,
    /// to published missions, for `key_validity_secs`.
    pub fn secured_key(&self) -> (String, i64) {
        let valid_until = chrono::Utc::now().timestamp() + self.key_validity_secs;
        let mut restrictions = BTreeMap::new();
        restrictions.insert("filters", "status:published".to_owned());
        restrictions.insert("restrictIndices", self.index.clone());
        restrictions.insert("validUntil", valid_until.to_string());
        (
            secured_api_key(self.search_key.expose_secret(), &restrictions),
            valid_until,
        )
    }

    /// Searches through the port: one main query plus one per filtered
    /// facet (disjunctive counts), in a single multi-query call.
    pub async fn search(&self, q: &SearchQuery) -> Result<SearchResult, AlgoliaError> {
        if self.breaker.is_open() {
            return Err(AlgoliaError::Unreachable(
                "circuit open after repeated failures".into(),
            ));
        }
        let started = std::time::Instant::now();
        let mut requests =
            vec![json!({"indexName": self.index, "params": encode_params(&params(q, None))})];
        let disjunctive: Vec<Facet> = q
            .facets
            .iter()
            .copied()
            .filter(|f| has_filter(q, *f))
            .collect();
        for f in &disjunctive {
            requests.push(
                json!({"indexName": self.index, "params": encode_params(&params(q, Some(*f)))}),
            );
        }
        let answer = self
            .call(
                false,
                reqwest::Method::POST,
                "/1/indexes/*/queries",
                Some(&json!({ "requests": requests })),
            )
            .await;
        let answer = match answer {
            Ok(a) => {
                self.breaker.success();
                a
            }
            Err(e @ AlgoliaError::Unreachable(_)) => {
                self.breaker.failure();
                return Err(e);
            }
            Err(e) => return Err(e),
        };
        let results = answer["results"].as_array().cloned().unwrap_or_default();
        let main = results.first().cloned().unwrap_or(Value::Null);
        let mut facets = BTreeMap::new();
        for f in &q.facets {
            let source = match disjunctive.iter().position(|d| d == f) {
                Some(i) => results.get(i + 1).unwrap_or(&Value::Null),
                None => &main,
            };
            let counts: BTreeMap<String, u64> = source["facets"][algolia_facet(*f)]
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(0)))
                        .collect()
                })
                .unwrap_or_default();
            facets.insert(f.as_str().to_owned(), counts);
        }
        let total = main["nbHits"].as_u64().unwrap_or(0);
        let hits = main["hits"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter_map(hit)
            .collect();
        Ok(SearchResult {
            hits,
            total_hits: total,
            page: q.page,
            pages: main["nbPages"].as_u64().unwrap_or(0) as u32,
            per_page: q.per_page,
            facets,
            processing_time_ms: started.elapsed().as_millis() as u64,
        })
    }
}

/// `base64(hex(HMAC-SHA256(parent, query)) + query)`, the restrictions as a
/// query string with sorted keys (the official clients' algorithm).
pub fn secured_api_key(parent: &str, restrictions: &BTreeMap<&str, String>) -> String {
    let query = restrictions
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut mac = Hmac::<Sha256>::new_from_slice(parent.as_bytes()).expect("HMAC takes any key");
    mac.update(query.as_bytes());
    let digest = hex::encode(mac.finalize().into_bytes());
    STANDARD.encode(format!("{digest}{query}"))
}

/// `encodeURIComponent`, as the official clients apply to query values.
fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'!'
            | b'~'
            | b'*'
            | b'\''
            | b'('
            | b')' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn algolia_facet(f: Facet) -> &'static str {
    match f {
        Facet::Domain => "domain",
        Facet::Skills => "skills",
        Facet::Department => "department",
        Facet::Format => "format",
        Facet::Audience => "audience",
        Facet::Accessibility => "accessibility",
    }
}

fn has_filter(q: &SearchQuery, f: Facet) -> bool {
    match f {
        Facet::Domain => !q.domains.is_empty(),
        Facet::Skills => !q.skills.is_empty(),
        Facet::Department => !q.departments.is_empty(),
        Facet::Format => !q.formats.is_empty(),
        Facet::Audience => !q.audiences.is_empty(),
        // Conjunctive: its counts are taken under every filter.
        Facet::Accessibility => false,
    }
}

/// A filter value in Algolia's syntax: quoted, with `\\` and `"` escaped,
/// so that no value can close the quotes and add a filter of its own.
fn quoted(v: &str) -> String {
    format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Algolia search parameters for the port's query, leaving out `skip`'s
/// own filter (for its disjunctive counts).
pub fn params(q: &SearchQuery, skip: Option<Facet>) -> Map<String, Value> {
    let mut filters = vec!["status:published".to_owned()];
    let mut any_of = |facet: Facet, values: Vec<String>| {
        if !values.is_empty() && skip != Some(facet) {
            let ors: Vec<String> = values
                .iter()
                .map(|v| format!("{}:{}", algolia_facet(facet), quoted(v)))
                .collect();
            filters.push(format!("({})", ors.join(" OR ")));
        }
    };
    any_of(Facet::Domain, q.domains.clone());
    any_of(Facet::Skills, q.skills.clone());
    any_of(Facet::Department, q.departments.clone());
    any_of(
        Facet::Format,
        q.formats.iter().map(|f| f.as_str().to_owned()).collect(),
    );
    any_of(
        Facet::Audience,
        q.audiences
            .iter()
            .filter_map(|a| {
                serde_json::to_value(a)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
            })
            .collect(),
    );
    // Every flag asked for must hold.
    for flag in &q.accessibility {
        filters.push(format!("accessibility:{}", quoted(flag.as_str())));
    }
    if q.has_places {
        filters.push("places_left > 0".into());
    }
    if let Some(from) = q.from {
        let ts = from
            .and_hms_opt(0, 0, 0)
            .map(|d| d.and_utc().timestamp())
            .unwrap_or(0);
        filters.push(format!("end_ts >= {ts}"));
    }
    if let Some(until) = q.until {
        let ts = until
            .and_hms_opt(23, 59, 59)
            .map(|d| d.and_utc().timestamp())
            .unwrap_or(0);
        filters.push(format!("start_ts <= {ts}"));
    }
    let mut p = Map::new();
    p.insert("query".into(), json!(q.text.clone().unwrap_or_default()));
    p.insert("filters".into(), json!(filters.join(" AND ")));
    match skip {
        None => {
            p.insert("page".into(), json!(q.page));
            p.insert("hitsPerPage".into(), json!(q.per_page));
            p.insert(
                "facets".into(),
                json!(q
                    .facets
                    .iter()
                    .map(|f| algolia_facet(*f))
                    .collect::<Vec<_>>()),
            );
        }
        Some(f) => {
            p.insert("hitsPerPage".into(), json!(0));
            p.insert("facets".into(), json!([algolia_facet(f)]));
            p.insert("analytics".into(), json!(false));
        }
    }
    if let Some(a) = q.around {
        p.insert(
            "aroundLatLng".into(),
            json!(format!("{},{}", a.latitude, a.longitude)),
        );
        p.insert("getRankingInfo".into(), json!(true));
        if let Some(km) = a.radius_km {
            p.insert("aroundRadius".into(), json!((km * 1000.0).round() as i64));
        }
    }
    p
}

/// Parameters as the `params` string of a multi-query.
fn encode_params(p: &Map<String, Value>) -> String {
    p.iter()
        .map(|(k, v)| {
            let v = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            format!("{k}={}", percent_encode(&v))
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn hit(h: &Value) -> Option<Hit> {
    let date = |v: &Value| {
        v.as_i64()
            .and_then(|ts| chrono::DateTime::from_timestamp(ts, 0))
            .map(|d| d.date_naive())
    };
    Some(Hit {
        id: h["objectID"].as_str()?.parse().ok()?,
        title: h["title"].as_str()?.to_owned(),
        organization_name: h["organization_name"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        domain: h["domain"].as_str().unwrap_or_default().to_owned(),
        skills: serde_json::from_value(h["skills"].clone()).unwrap_or_default(),
        // A record whose format we do not know is not ours to guess: skipped.
        format: Format::parse(h["format"].as_str()?)?,
        city: h["city"].as_str().map(str::to_owned),
        department: h["department"].as_str().map(str::to_owned),
        distance_km: h["_rankingInfo"]["geoDistance"]
            .as_f64()
            .map(|m| (m / 10.0).round() / 100.0),
        start_date: date(&h["start_ts"]),
        end_date: date(&h["end_ts"]),
        places_left: h["places_left"].as_i64().unwrap_or(0) as i32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_values_cannot_close_their_quotes() {
        assert_eq!(quoted("health"), r#""health""#);
        assert_eq!(quoted(r#"a"b"#), r#""a\"b""#);
        // A trailing backslash no longer escapes the closing quote.
        assert_eq!(quoted(r"x\"), r#""x\\""#);
        assert_eq!(
            quoted(r#"x\" OR state:"draft"#),
            r#""x\\\" OR state:\"draft""#
        );
    }

    #[test]
    fn the_secured_key_matches_the_official_test_vector() {
        let mut restrictions = BTreeMap::new();
        restrictions.insert("validUntil", "2524604400".to_owned());
        restrictions.insert("restrictIndices", "Movies".to_owned());
        assert_eq!(
            secured_api_key("2640659426d5107b6e47d75db9cbaef8", &restrictions),
            "NjFhZmE0OGEyMTI3OThiODc0OTlkOGM0YjcxYzljY2M2NmU2NDE5ZWY0NDZjMWJhNjA2NzBkMjAwOTI2YWQyZnJlc3RyaWN0SW5kaWNlcz1Nb3ZpZXMmdmFsaWRVbnRpbD0yNTI0NjA0NDAw"
        );
    }

    #[test]
    fn facet_filters_combine_or_within_and_across() {
        let q = SearchQuery {
            domains: vec!["health".into(), "sport".into()],
            formats: vec![Format::Remote],
            has_places: true,
            per_page: 20,
            facets: vec![Facet::Domain],
            ..SearchQuery::default()
        };
        let main = params(&q, None);
        assert_eq!(
            main["filters"],
            r#"status:published AND (domain:"health" OR domain:"sport") AND (format:"remote") AND places_left > 0"#
        );
        let facet = params(&q, Some(Facet::Domain));
        assert_eq!(
            facet["filters"],
            r#"status:published AND (format:"remote") AND places_left > 0"#
        );
        assert_eq!(facet["hitsPerPage"], 0);
    }
}
