//! The partner API: API keys and their scopes, missions by the partner's
//! own id, the change feeds, signed webhooks, staff exports; one module
//! each, sharing the helpers below.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reqwest::Method;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::common::*;

/// Settings for partner tests: changes show in the feed at once, webhooks
/// may go to loopback (the local receiver), and retry without waiting.
pub fn partner_settings() -> Value {
    json!({"partner": {
        "feed_settle_ms": 0,
        "webhook_allow_loopback": true,
        "webhook_retry_secs": [0, 0, 0, 0],
        "webhook_disable_after": 3,
    }})
}

/// An API key of `org` with `scopes`, made by its owner: (secret, key id).
pub async fn key_of(
    app: &TestApp,
    owner: &Session,
    org: &str,
    scopes: &[&str],
) -> (String, String) {
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/api-keys"),
            owner,
            Some(json!({"name": "CRM", "scopes": scopes})),
        )
        .await;
    assert_eq!(r.status(), 201);
    let body: Value = r.json().await.unwrap();
    (
        body["secret"].as_str().unwrap().to_owned(),
        body["key"]["id"].as_str().unwrap().to_owned(),
    )
}

pub async fn partner(
    app: &TestApp,
    key: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = app
        .client
        .request(method, app.url(path))
        .header("x-api-key", key);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

const ALL_SCOPES: &[&str] = &[
    "missions:read",
    "missions:write",
    "participations:read",
    "participations:write",
    "webhooks:manage",
];

/// An approved organisation of department 69 with an owner and a key with
/// every scope: (owner, referent of 69, org id, key).
pub async fn partner_org(app: &TestApp) -> (Session, Session, String, String) {
    let admin = app.admin().await;
    let referent = app.referent(&admin, &["69"]).await;
    let owner = app.volunteer("owner").await;
    let org = app.approved_organization(&owner, "69003").await;
    let (key, _) = key_of(app, &owner, &org, ALL_SCOPES).await;
    (owner, referent, org, key)
}

/// Puts a mission by client id and has the referent publish it; its id.
pub async fn published_by_partner(
    app: &TestApp,
    key: &str,
    referent: &Session,
    client_id: &str,
    title: &str,
) -> String {
    let mut body = mission_body("69002");
    body["title"] = json!(title);
    let r = partner(
        app,
        key,
        Method::PUT,
        &format!("/v1/partner/missions/{client_id}"),
        Some(body),
    )
    .await;
    assert_eq!(r.status(), 201);
    let mission: Value = r.json().await.unwrap();
    assert_eq!(mission["state"], "pending_review");
    assert_eq!(mission["client_id"], client_id);
    let id = mission["id"].as_str().unwrap().to_owned();
    let r = app
        .transition(
            referent,
            &format!("/v1/missions/{id}/transitions"),
            "published",
            None,
        )
        .await;
    assert_eq!(r.status(), 200);
    id
}

mod exports;
mod feeds;
mod keys;
mod missions;
mod webhooks;

pub use webhooks::{deliveries, hook, receiver};
