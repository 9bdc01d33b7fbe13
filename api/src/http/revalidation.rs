//! Answers the CDN and browsers may keep: the same bytes for everyone,
//! an `ETag` they revalidate with (`If-None-Match` → 304 without a body),
//! and a `Cache-Control` whose freshness follows the degraded-mode policy
//! (copies stay fresh `degraded.ttl_factor` times longer while the
//! service sheds load, so the CDN answers more of the crowd).

use std::time::Duration;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use sha2::{Digest, Sha256};

use super::admission::public_ttl;
use crate::state::AppState;

/// How long a public answer stays fresh, and how long a copy past that may
/// still be served while it is revalidated, in normal mode.
#[derive(Debug, Clone, Copy)]
pub struct Freshness {
    pub max_age: Duration,
    pub stale_while_revalidate: Duration,
}

impl Freshness {
    pub const fn new(max_age: Duration, stale_while_revalidate: Duration) -> Self {
        Self {
            max_age,
            stale_while_revalidate,
        }
    }

    /// `Cache-Control` now: both periods stretched in degraded mode.
    fn cache_control(self, state: &AppState) -> String {
        format!(
            "public, max-age={}, stale-while-revalidate={}",
            public_ttl(state, self.max_age).as_secs(),
            public_ttl(state, self.stale_while_revalidate).as_secs()
        )
    }
}

/// A strong validator of these bytes: equal bytes, equal tag, on every
/// replica.
pub fn etag(body: &[u8]) -> String {
    format!("\"{}\"", &hex::encode(Sha256::digest(body))[..16])
}

/// Whether `If-None-Match` names `etag` (or `*`). Weak tags (`W/"…"`),
/// which a CDN may send after compressing, match on their opaque part.
pub(super) fn matches(req: &HttpRequest, etag: &str) -> bool {
    req.headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim())
        .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == etag)
}

/// `body` (JSON) as a public, revalidatable answer: 200 with it, or 304
/// without it when the client already holds these bytes.
pub fn public_json(
    req: &HttpRequest,
    state: &AppState,
    freshness: Freshness,
    body: impl Into<actix_web::web::Bytes>,
) -> HttpResponse {
    let body = body.into();
    let (mut response, unchanged) = revalidated(req, state, freshness, etag(&body));
    if unchanged {
        response.finish()
    } else {
        response.content_type("application/json").body(body)
    }
}

/// The answer with its headers (`ETag`, `Cache-Control`): a 200 to write
/// the body into, or a 304 to finish when the client holds `etag`
/// already (then `true`).
fn revalidated(
    req: &HttpRequest,
    state: &AppState,
    freshness: Freshness,
    etag: String,
) -> (actix_web::HttpResponseBuilder, bool) {
    let unchanged = matches(req, &etag);
    let mut response = if unchanged {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, freshness.cache_control(state)));
    (response, unchanged)
}

/// A public answer written as it is read (a feed of thousands of rows):
/// its `etag` computed beforehand from what the bytes depend on, 304
/// without reading anything more when the client holds it already.
pub fn public_stream<S>(
    req: &HttpRequest,
    state: &AppState,
    freshness: Freshness,
    etag: String,
    content_type: &str,
    body: impl FnOnce() -> S,
) -> HttpResponse
where
    S: futures_util::Stream<Item = Result<actix_web::web::Bytes, crate::error::ServiceError>>
        + 'static,
{
    let (mut response, unchanged) = revalidated(req, state, freshness, etag);
    if unchanged {
        response.finish()
    } else {
        response.content_type(content_type).streaming(body())
    }
}

/// A public answer that costs a search when it is not cached: cached here
/// for `freshness`, and on a miss limited per address like search and
/// admitted as a public miss before `compute` runs.
pub async fn public_search<T, F>(
    state: &AppState,
    req: &HttpRequest,
    key: String,
    freshness: Freshness,
    compute: impl FnOnce() -> F,
) -> Result<HttpResponse, crate::error::ServiceError>
where
    T: serde::Serialize,
    F: std::future::Future<Output = Result<T, crate::error::ServiceError>>,
{
    let ttl = super::admission::public_ttl(state, freshness.max_age);
    let body = state
        .platform
        .cache
        .get_or_compute_json(&key, ttl, || async {
            let per_ip = state.settings.limits.search_miss_per_ip;
            super::guard::rate_limit(state, &[(super::guard::ip_key(req, "search_miss"), per_ip)])
                .await?;
            let _slot = super::admission::public_miss(state).await?;
            compute().await
        })
        .await?;
    Ok(public_json(req, state, freshness, body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn a_listed_strong_or_weak_tag_or_a_star_matches() {
        let tag = etag(b"{\"items\":[]}");
        assert_eq!(tag.len(), 18);
        assert_ne!(tag, etag(b"{\"items\":[1]}"));
        for header in [
            tag.clone(),
            format!("\"0000000000000000\", {tag}"),
            format!("W/{tag}"),
            "*".to_owned(),
        ] {
            let req = TestRequest::default()
                .insert_header((header::IF_NONE_MATCH, header.as_str()))
                .to_http_request();
            assert!(matches(&req, &tag), "{header}");
        }
        let other = TestRequest::default()
            .insert_header((header::IF_NONE_MATCH, "\"0000000000000000\""))
            .to_http_request();
        assert!(!matches(&other, &tag));
        assert!(!matches(&TestRequest::default().to_http_request(), &tag));
    }
}
