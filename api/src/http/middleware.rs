//! The request context around every handler: request id, tracing span,
//! metrics, an access log line, and problem+json for every error response
//! that a handler did not already describe (unknown route, wrong method,
//! refusals by the framework or by CORS).

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, Error};
use tracing::Instrument;
use uuid::Uuid;

use super::client::from_trusted_proxy;
use super::metrics::Metrics;
use super::problem::{Problem, PROBLEM_JSON, REQUEST_ID};

pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// A request id set by a trusted proxy is kept (so one id follows the
/// request across systems), provided it is short and printable.
fn request_id(req: &ServiceRequest) -> String {
    if from_trusted_proxy(req.request()) {
        if let Some(id) = req
            .headers()
            .get(&REQUEST_ID_HEADER)
            .and_then(|v| v.to_str().ok())
        {
            if !id.is_empty() && id.len() <= 128 && id.bytes().all(|b| b.is_ascii_graphic()) {
                return id.to_owned();
            }
        }
    }
    Uuid::now_v7().to_string()
}

/// The path as logs may keep it: a segment that looks like a secret (the
/// calendar feed's, or any long token that is not an id) is replaced, so
/// that no log line opens what its URL opens.
fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    // A token may come with an extension (`….ics`, as calendar apps ask).
    let secret = |segment: &str| {
        let segment = segment.split('.').next().unwrap_or(segment);
        segment.len() >= 24
            && segment.parse::<uuid::Uuid>().is_err()
            && segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'%')
    };
    if !path.split('/').any(secret) {
        return std::borrow::Cow::Borrowed(path);
    }
    std::borrow::Cow::Owned(
        path.split('/')
            .map(|s| if secret(s) { "[redacted]" } else { s })
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// Where a NUL hides in the request's target, raw or percent-encoded: the
/// path, or the name of the query parameter that holds it. No text of ours
/// may hold one, and PostgreSQL refuses it in any string.
fn nul_in_target(req: &ServiceRequest) -> Option<String> {
    let holds_nul = |s: &str| s.contains('\0') || s.contains("%00");
    if holds_nul(req.path()) {
        return Some("path".to_owned());
    }
    req.query_string()
        .split('&')
        .find(|pair| holds_nul(pair))
        .map(|pair| {
            pair.split('=')
                .next()
                .unwrap_or_default()
                .replace("%00", "\\0")
        })
}

pub async fn request_context(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let started = Instant::now();
    let id = request_id(&req);
    let metrics = req.app_data::<web::Data<Metrics>>().cloned();
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %loggable_path(req.path()));

    let outcome = match nul_in_target(&req) {
        // Refused before any handler, any database, any log of an error:
        // a NUL in a path segment reached PostgreSQL as a 500 before.
        Some(place) => {
            let refusal = REQUEST_ID.sync_scope(id.clone(), || {
                actix_web::ResponseError::error_response(&super::extract::nul_refused(&place))
            });
            Ok(req.into_response(refusal))
        }
        None => REQUEST_ID
            .scope(id.clone(), next.call(req).instrument(span.clone()))
            .await
            .map(ServiceResponse::map_into_boxed_body),
    };
    let mut response = match outcome {
        Ok(res) => res,
        // An inner middleware refused the request (CORS) and took the
        // request with it; the refusal still goes out as a problem. The
        // request must not be cloned before routing (actix needs it unique).
        Err(e) => {
            let status = e.as_response_error().status_code();
            if let Some(m) = metrics {
                m.http_requests
                    .with_label_values(&["unmatched", "other", status.as_str()])
                    .inc();
            }
            // Rendered as a problem (with this request's id) by Refusal.
            let error = super::error::Refusal {
                status,
                code: super::problem::status_names(status).0,
                detail: e.to_string(),
            };
            return Err(REQUEST_ID.sync_scope(id.clone(), || {
                actix_web::error::InternalError::from_response(
                    error.to_string(),
                    actix_web::ResponseError::error_response(&error),
                )
                .into()
            }));
        }
    };

    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if (status.is_client_error() || status.is_server_error()) && !is_problem {
        let problem = REQUEST_ID.sync_scope(id.clone(), || Problem::for_status(status));
        let (req, old) = response.into_parts();
        let mut new = problem.response();
        // Keep what the framework said about the refusal (Allow, Retry-After…).
        for (name, value) in old.headers() {
            if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
                new.headers_mut().insert(name.clone(), value.clone());
            }
        }
        response = ServiceResponse::new(req, new);
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }

    let elapsed = started.elapsed();
    let route = response
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".into());
    let method = super::metrics::method_label(response.request().method());
    if let Some(m) = metrics {
        m.http_requests
            .with_label_values(&[&route, method, status.as_str()])
            .inc();
        m.http_duration
            .with_label_values(&[&route, method])
            .observe(elapsed.as_secs_f64());
    }
    span.in_scope(|| {
        tracing::info!(
            target: "renfort::access",
            status = status.as_u16(),
            route = %route,
            elapsed_ms = elapsed.as_secs_f64() * 1000.0,
            "request served"
        )
    });
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn secrets_in_paths_are_not_logged() {
        let feed = "/v1/calendar-feeds/q3Zr8vJ2mN0xYk4LwP7aTb1cDe5fGh9iJkLmNoPqRsT";
        assert_eq!(loggable_path(feed), "/v1/calendar-feeds/[redacted]");
        let id = "/v1/missions/0190b5e2-7c3a-7d4e-8f00-123456789abc/shifts";
        assert_eq!(loggable_path(id), id, "ids stay: they open nothing");
        assert_eq!(
            loggable_path("/v1/attestations/ABCD-EFGH"),
            "/v1/attestations/ABCD-EFGH"
        );
    }
}
