//! The partner API: API keys and their scopes, missions by the partner's
//! own id, the change feeds, signed webhooks, staff exports.

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

#[tokio::test]
async fn owners_create_rotate_and_revoke_keys_that_are_shown_once_and_audited() {
    let app = spawn_with(partner_settings()).await;
    let owner = app.volunteer("owner").await;
    let org = app.approved_organization(&owner, "69003").await;
    let (secret, key_id) = key_of(&app, &owner, &org, &["missions:read"]).await;
    assert!(secret.starts_with("rf_live_"));
    let feed = "/v1/partner/feed/missions";
    assert_eq!(
        partner(&app, &secret, Method::GET, feed, None)
            .await
            .status(),
        200
    );

    // The list never shows a secret, and notes the use.
    let list: Value = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/api-keys"),
            &owner,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let listed = &list["items"][0];
    assert_eq!(listed["id"], key_id.as_str());
    assert_eq!(listed["scopes"], json!(["missions:read"]));
    assert_eq!(listed["rate_per_minute"], 600);
    assert!(listed["last_used_at"].is_string(), "{listed}");
    assert!(!list.to_string().contains(&secret[20..]));

    // Rotation: the old text stops at once, the new one works.
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/api-keys/{key_id}/rotate"),
            &owner,
            None,
        )
        .await;
    assert_eq!(r.status(), 200);
    let rotated = r.json::<Value>().await.unwrap()["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let old = problem(partner(&app, &secret, Method::GET, feed, None).await, 401).await;
    assert_eq!(old["code"], "invalid_api_key");
    assert_eq!(
        partner(&app, &rotated, Method::GET, feed, None)
            .await
            .status(),
        200
    );

    // Revocation: refused at once, and a revoked key cannot be rotated.
    let r = app
        .send(
            Method::DELETE,
            &format!("/v1/organizations/{org}/api-keys/{key_id}"),
            &owner,
            None,
        )
        .await;
    assert_eq!(r.status(), 200);
    assert!(r.json::<Value>().await.unwrap()["revoked_at"].is_string());
    problem(partner(&app, &rotated, Method::GET, feed, None).await, 401).await;
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/api-keys/{key_id}/rotate"),
            &owner,
            None,
        )
        .await;
    assert_eq!(problem(r, 409).await["code"], "api_key_revoked");

    // Each change is in the organisation's audit trail, newest first.
    let audit: Value = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/audit"),
            &owner,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    // Keys, after the owner's own arrival when they created it.
    assert_eq!(
        actions,
        [
            "api_key.revoked",
            "api_key.rotated",
            "api_key.created",
            "member.joined"
        ]
    );
    assert_eq!(audit["items"][0]["actor_role"], "owner");
}

#[tokio::test]
async fn only_owners_manage_keys_and_strangers_learn_nothing() {
    let app = spawn_with(partner_settings()).await;
    let owner = app.volunteer("owner").await;
    let org = app.approved_organization(&owner, "69003").await;
    let (_, key_id) = key_of(&app, &owner, &org, &["missions:read"]).await;
    let stranger = app.volunteer("stranger").await;
    for (m, path) in [
        (Method::POST, format!("/v1/organizations/{org}/api-keys")),
        (Method::GET, format!("/v1/organizations/{org}/api-keys")),
        (
            Method::POST,
            format!("/v1/organizations/{org}/api-keys/{key_id}/rotate"),
        ),
        (
            Method::DELETE,
            format!("/v1/organizations/{org}/api-keys/{key_id}"),
        ),
        (Method::GET, format!("/v1/organizations/{org}/audit")),
        (
            Method::GET,
            format!("/v1/organizations/{org}/exports/participations"),
        ),
    ] {
        let body = (m == Method::POST).then(|| json!({"name": "x", "scopes": ["missions:read"]}));
        let r = app.send(m.clone(), &path, &stranger, body).await;
        assert_eq!(r.status(), 404, "{m} {path}");
    }
    // A key of another organisation is not found through this one.
    let other_owner = app.volunteer("other").await;
    let other = app.approved_organization(&other_owner, "75011").await;
    let r = app
        .send(
            Method::DELETE,
            &format!("/v1/organizations/{other}/api-keys/{key_id}"),
            &other_owner,
            None,
        )
        .await;
    assert_eq!(r.status(), 404);
    // Scopes and names are checked.
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/api-keys"),
            &owner,
            Some(json!({"name": " ", "scopes": []})),
        )
        .await;
    let p = problem(r, 422).await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "scopes"]);
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/api-keys"),
            &owner,
            Some(json!({"name": "x", "scopes": ["admin:all"]})),
        )
        .await;
    assert_eq!(problem(r, 422).await["errors"][0]["field"], "scopes[0]");
}

#[tokio::test]
async fn a_key_acts_within_its_scopes_and_never_beyond_the_partner_api() {
    let app = spawn_with(partner_settings()).await;
    let owner = app.volunteer("owner").await;
    let org = app.approved_organization(&owner, "69003").await;
    let (reader, _) = key_of(&app, &owner, &org, &["missions:read"]).await;
    let refusals = [
        (
            Method::PUT,
            "/v1/partner/missions/m-1",
            Some(mission_body("69002")),
            "missions:write",
        ),
        (
            Method::DELETE,
            "/v1/partner/missions/m-1",
            None,
            "missions:write",
        ),
        (
            Method::GET,
            "/v1/partner/feed/participations",
            None,
            "participations:read",
        ),
        (
            Method::POST,
            "/v1/partner/participations/0190a5e4-0000-7000-8000-000000000000/transitions",
            Some(json!({"to": "accepted"})),
            "participations:write",
        ),
        (Method::GET, "/v1/partner/webhooks", None, "webhooks:manage"),
    ];
    for (m, path, body, scope) in refusals {
        let p = problem(partner(&app, &reader, m.clone(), path, body).await, 403).await;
        assert_eq!(p["code"], "scope_missing", "{m} {path}");
        assert!(p["detail"].as_str().unwrap().contains(scope), "{p}");
    }
    assert_eq!(
        partner(
            &app,
            &reader,
            Method::GET,
            "/v1/partner/feed/missions",
            None
        )
        .await
        .status(),
        200
    );
    // Without a key, with a bearer token, with something that is not a key.
    let feed = app.url("/v1/partner/feed/missions");
    let r = app.client.get(&feed).send().await.unwrap();
    assert_eq!(problem(r, 401).await["code"], "invalid_api_key");
    let r = app
        .client
        .get(&feed)
        .bearer_auth(&owner.access)
        .send()
        .await
        .unwrap();
    assert_eq!(problem(r, 401).await["code"], "invalid_api_key");
    let forged = format!("{}x", &reader[..reader.len() - 1]);
    for bad in ["rf_live_nope", forged.as_str()] {
        let r = app
            .client
            .get(&feed)
            .header("x-api-key", bad)
            .send()
            .await
            .unwrap();
        assert_eq!(problem(r, 401).await["code"], "invalid_api_key");
    }
    // A key opens no account, admin or moderation endpoint, whatever its
    // scopes.
    let (all, _) = key_of(&app, &owner, &org, ALL_SCOPES).await;
    for path in [
        "/v1/me",
        "/v1/me/export",
        "/v1/admin/accounts?email=x@example.org",
        "/v1/admin/api-keys",
        "/v1/moderation/missions",
        "/v1/moderation/exports/missions",
        &format!("/v1/organizations/{org}/api-keys"),
    ] {
        let r = partner(&app, &all, Method::GET, path, None).await;
        assert_eq!(r.status(), 401, "{path}");
    }
}

#[tokio::test]
async fn a_key_past_its_rate_is_told_when_to_come_back() {
    let app = spawn_with(partner_settings()).await;
    let owner = app.volunteer("owner").await;
    let org = app.approved_organization(&owner, "69003").await;
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/api-keys"),
            &owner,
            Some(json!({"name": "slow", "scopes": ["missions:read"], "rate_per_minute": 2})),
        )
        .await;
    let key = r.json::<Value>().await.unwrap()["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let feed = "/v1/partner/feed/missions";
    for _ in 0..2 {
        assert_eq!(
            partner(&app, &key, Method::GET, feed, None).await.status(),
            200
        );
    }
    let r = partner(&app, &key, Method::GET, feed, None).await;
    assert_eq!(r.status(), 429);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(r.headers()["ratelimit-limit"], "2");
    assert_eq!(r.headers()["ratelimit-remaining"], "0");
    // Another key of the same organisation has its own budget.
    let (other, _) = key_of(&app, &owner, &org, &["missions:read"]).await;
    assert_eq!(
        partner(&app, &other, Method::GET, feed, None)
            .await
            .status(),
        200
    );
}

async fn history_len(app: &TestApp, owner: &Session, mission: &str) -> usize {
    app.send(
        Method::GET,
        &format!("/v1/missions/{mission}/history"),
        owner,
        None,
    )
    .await
    .json::<Value>()
    .await
    .unwrap()["items"]
        .as_array()
        .unwrap()
        .len()
}

#[tokio::test]
async fn an_upsert_creates_once_changes_nothing_when_repeated_and_follows_moderation() {
    let app = spawn_with(partner_settings()).await;
    let (owner, referent, org, key) = partner_org(&app).await;
    let id = published_by_partner(&app, &key, &referent, "crm-42", "Distribution de repas").await;

    // The same mission again: 200, nothing written.
    let before = history_len(&app, &owner, &id).await;
    let r = partner(
        &app,
        &key,
        Method::PUT,
        "/v1/partner/missions/crm-42",
        Some({
            let mut b = mission_body("69002");
            b["title"] = json!("Distribution de repas");
            b
        }),
    )
    .await;
    assert_eq!(r.status(), 200);
    let again: Value = r.json().await.unwrap();
    assert_eq!(again["id"], id.as_str());
    assert_eq!(again["state"], "published");
    assert_eq!(
        history_len(&app, &owner, &id).await,
        before,
        "nothing written"
    );

    // A minor change stays published; a material one goes back to review.
    let mut body = mission_body("69002");
    body["title"] = json!("Distribution de repas");
    body["capacity"] = json!(12);
    let r = partner(
        &app,
        &key,
        Method::PUT,
        "/v1/partner/missions/crm-42",
        Some(body.clone()),
    )
    .await;
    assert_eq!(r.json::<Value>().await.unwrap()["state"], "published");
    body["title"] = json!("Maraude du mercredi soir");
    let r = partner(
        &app,
        &key,
        Method::PUT,
        "/v1/partner/missions/crm-42",
        Some(body),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["state"], "pending_review");
    let entries: Value = app
        .send(
            Method::GET,
            &format!("/v1/missions/{id}/history"),
            &owner,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let last = entries["items"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["actor_role"], "api_key");
    assert_eq!(last["to"], "pending_review");

    // Client ids belong to their organisation: another's key makes its own.
    let other_owner = app.volunteer("other").await;
    let other = app.approved_organization(&other_owner, "69004").await;
    let (other_key, _) = key_of(&app, &other_owner, &other, ALL_SCOPES).await;
    let r = partner(
        &app,
        &other_key,
        Method::GET,
        "/v1/partner/missions/crm-42",
        None,
    )
    .await;
    assert_eq!(r.status(), 404);
    let r = partner(
        &app,
        &other_key,
        Method::PUT,
        "/v1/partner/missions/crm-42",
        Some(mission_body("69002")),
    )
    .await;
    assert_eq!(r.status(), 201);
    assert_ne!(r.json::<Value>().await.unwrap()["id"], id.as_str());
    // A malformed client id is named.
    let r = partner(
        &app,
        &key,
        Method::PUT,
        "/v1/partner/missions/a%20b",
        Some(mission_body("69002")),
    )
    .await;
    assert_eq!(problem(r, 422).await["errors"][0]["field"], "client_id");
    let _ = org;
}

#[tokio::test]
async fn a_key_of_one_organisation_finds_nothing_of_another() {
    let app = spawn_with(partner_settings()).await;
    let (_, referent, _, key_a) = partner_org(&app).await;
    let owner_b = app.volunteer("owner-b").await;
    let org_b = app.approved_organization(&owner_b, "69004").await;
    let (key_b, _) = key_of(&app, &owner_b, &org_b, ALL_SCOPES).await;
    let mission_b = published_by_partner(&app, &key_b, &referent, "b-1", "Mission de B").await;
    let volunteer = app.volunteer("vol").await;
    let r = app
        .apply(&volunteer, &mission_b, Some("Je suis motivée"))
        .await;
    let participation = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = partner(
        &app,
        &key_b,
        Method::POST,
        "/v1/partner/webhooks",
        Some(json!({
            "url": "http://127.0.0.1:9/hook", "events": ["participation.created"]
        })),
    )
    .await;
    let hook_b = r.json::<Value>().await.unwrap()["endpoint"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    for (m, path, body) in [
        (Method::GET, "/v1/partner/missions/b-1".to_owned(), None),
        (Method::DELETE, "/v1/partner/missions/b-1".to_owned(), None),
        (
            Method::POST,
            format!("/v1/partner/participations/{participation}/transitions"),
            Some(json!({"to": "accepted"})),
        ),
        (Method::GET, format!("/v1/partner/webhooks/{hook_b}"), None),
        (
            Method::PATCH,
            format!("/v1/partner/webhooks/{hook_b}"),
            Some(json!({"enabled": false})),
        ),
        (
            Method::DELETE,
            format!("/v1/partner/webhooks/{hook_b}"),
            None,
        ),
        (
            Method::POST,
            format!("/v1/partner/webhooks/{hook_b}/rotate-secret"),
            None,
        ),
        (
            Method::GET,
            format!("/v1/partner/webhooks/{hook_b}/deliveries"),
            None,
        ),
    ] {
        let r = partner(&app, &key_a, m.clone(), &path, body).await;
        assert_eq!(r.status(), 404, "{m} {path}");
    }
    // A's feeds hold nothing of B.
    let feed: Value = partner(&app, &key_a, Method::GET, "/v1/partner/feed/missions", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(feed["items"], json!([]));
    let feed: Value = partner(
        &app,
        &key_a,
        Method::GET,
        "/v1/partner/feed/participations",
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(feed["items"], json!([]));
    // B's own key answers its application, as a member would.
    let r = partner(
        &app,
        &key_b,
        Method::POST,
        &format!("/v1/partner/participations/{participation}/transitions"),
        Some(json!({"to": "accepted"})),
    )
    .await;
    assert_eq!(r.status(), 200);
    let answered: Value = r.json().await.unwrap();
    assert_eq!(answered["state"], "accepted");
    assert_eq!(answered["volunteer"]["email"], volunteer.email.as_str());
}

#[tokio::test]
async fn a_batch_answers_each_mission_and_one_failure_fails_alone() {
    let app = spawn_with(partner_settings()).await;
    let (_, _, _, key) = partner_org(&app).await;
    let mut short = mission_body("69002");
    short["title"] = json!("Nah");
    let r = partner(
        &app,
        &key,
        Method::POST,
        "/v1/partner/missions/batch",
        Some(json!({"missions": [
            {"client_id": "ok-1", "mission": mission_body("69002")},
            {"client_id": "bad-1", "mission": short},
            {"client_id": "not an id", "mission": mission_body("69002")},
            {"client_id": "bad-2", "mission": {"title": 3}},
            {"client_id": "ok-2", "mission": mission_body("69003")},
        ]})),
    )
    .await;
    assert_eq!(r.status(), 200);
    let results: Value = r.json().await.unwrap();
    let results = results["results"].as_array().unwrap();
    let statuses: Vec<u64> = results
        .iter()
        .map(|r| r["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [201, 422, 422, 422, 201]);
    assert_eq!(results[1]["problem"]["errors"][0]["field"], "title");
    assert_eq!(results[2]["problem"]["errors"][0]["field"], "client_id");
    assert_eq!(
        results[3]["problem"]["errors"][0]["field"],
        "missions[3].mission.title"
    );
    assert_eq!(results[4]["outcome"], "created");
    // Sent again: created ones are unchanged, nothing new.
    let r = partner(
        &app,
        &key,
        Method::POST,
        "/v1/partner/missions/batch",
        Some(json!({"missions": [
            {"client_id": "ok-1", "mission": mission_body("69002")},
        ]})),
    )
    .await;
    assert_eq!(
        r.json::<Value>().await.unwrap()["results"][0]["outcome"],
        "unchanged"
    );
    // More than 100 is refused whole.
    let many: Vec<Value> = (0..101)
        .map(|i| json!({"client_id": format!("m-{i}"), "mission": mission_body("69002")}))
        .collect();
    let r = partner(
        &app,
        &key,
        Method::POST,
        "/v1/partner/missions/batch",
        Some(json!({"missions": many})),
    )
    .await;
    assert_eq!(problem(r, 422).await["errors"][0]["field"], "missions");
}

#[tokio::test]
async fn unpublishing_keeps_the_mission_for_its_participations() {
    let app = spawn_with(partner_settings()).await;
    let (_, referent, _, key) = partner_org(&app).await;
    let id = published_by_partner(&app, &key, &referent, "gone-1", "Mission qui s'arrête").await;
    let volunteer = app.volunteer("vol").await;
    let r = app.apply(&volunteer, &id, Some("Présente")).await;
    assert_eq!(r.status(), 201);
    let participation = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = "/v1/partner/missions/gone-1";
    assert_eq!(
        partner(&app, &key, Method::DELETE, path, None)
            .await
            .status(),
        204
    );
    assert_eq!(
        partner(&app, &key, Method::DELETE, path, None)
            .await
            .status(),
        204
    );
    assert_eq!(app.get(&format!("/v1/missions/{id}")).await.status(), 404);
    let mine: Value = app
        .send(
            Method::GET,
            &format!("/v1/participations/{participation}"),
            &volunteer,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["state"], "cancelled");
    assert_eq!(mine["reason_code"], "mission_closed");
    let r = partner(&app, &key, Method::PUT, path, Some(mission_body("69002"))).await;
    assert_eq!(problem(r, 409).await["code"], "mission_cancelled");
    // A draft left behind is deleted; a mission under review withdrawn.
    let r = partner(
        &app,
        &key,
        Method::PUT,
        "/v1/partner/missions/review-1",
        Some(mission_body("69002")),
    )
    .await;
    let reviewed = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        partner(
            &app,
            &key,
            Method::DELETE,
            "/v1/partner/missions/review-1",
            None
        )
        .await
        .status(),
        204
    );
    let got: Value = partner(
        &app,
        &key,
        Method::GET,
        "/v1/partner/missions/review-1",
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(got["id"], reviewed.as_str());
    assert_eq!(got["state"], "cancelled");
    assert_eq!(
        partner(
            &app,
            &key,
            Method::DELETE,
            "/v1/partner/missions/never-1",
            None
        )
        .await
        .status(),
        404
    );
}

/// A mirror kept by following the feed: (id → title), and every version
/// `(id, updated_at)` received, to catch a repeat.
#[derive(Default)]
struct Mirror {
    missions: HashMap<String, String>,
    versions: HashSet<(String, String)>,
    last: Option<(String, String)>,
    cursor: Option<String>,
}

impl Mirror {
    async fn sync(
        &mut self,
        app: &TestApp,
        key: &str,
        between_pages: &mut Vec<
            Box<dyn FnMut() -> futures_util::future::BoxFuture<'static, ()> + Send>,
        >,
    ) {
        loop {
            let path = match &self.cursor {
                Some(c) => format!("/v1/partner/feed/missions?limit=3&cursor={c}"),
                None => "/v1/partner/feed/missions?limit=3".to_owned(),
            };
            let page: Value = partner(app, key, Method::GET, &path, None)
                .await
                .json()
                .await
                .unwrap();
            for item in page["items"].as_array().unwrap() {
                let id = item["id"].as_str().unwrap().to_owned();
                let at = item["updated_at"].as_str().unwrap().to_owned();
                let position = (at.clone(), id.clone());
                if let Some(last) = &self.last {
                    assert!(
                        position > *last,
                        "out of order: {position:?} after {last:?}"
                    );
                }
                self.last = Some(position);
                assert!(self.versions.insert((id.clone(), at)), "repeated: {item}");
                if item["deleted"] == true {
                    self.missions.remove(&id);
                } else {
                    self.missions
                        .insert(id, item["title"].as_str().unwrap().to_owned());
                }
            }
            self.cursor = Some(page["next_cursor"].as_str().unwrap().to_owned());
            if !between_pages.is_empty() {
                let mut change = between_pages.remove(0);
                change().await;
                continue;
            }
            if page["has_more"] == false {
                break;
            }
        }
    }
}

#[tokio::test]
async fn a_feed_sync_while_missions_change_ends_with_a_mirror_equal_to_the_truth() {
    let app = Arc::new(spawn_with(partner_settings()).await);
    let (owner, referent, org, key) = partner_org(&app).await;
    let mut ids = Vec::new();
    for i in 0..7 {
        ids.push(
            published_by_partner(
                &app,
                &key,
                &referent,
                &format!("m-{i}"),
                &format!("Mission numéro {i}"),
            )
            .await,
        );
    }
    // A draft that was never public never shows, not even as a tombstone.
    let r = partner(
        &app,
        &key,
        Method::PUT,
        "/v1/partner/missions/draft-1",
        Some(mission_body("69002")),
    )
    .await;
    let under_review = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Between pages: a new mission, an edit of one already read, an edit of
    // one not read yet, an unpublished one, a cancellation by a person.
    let mut changes: Vec<Box<dyn FnMut() -> futures_util::future::BoxFuture<'static, ()> + Send>> =
        Vec::new();
    {
        let (app, key, referent) = (app.clone(), key.clone(), referent.clone());
        changes.push(Box::new(move || {
            let (app, key, referent) = (app.clone(), key.clone(), referent.clone());
            Box::pin(async move {
                published_by_partner(&app, &key, &referent, "m-new", "Mission arrivée en cours")
                    .await;
            })
        }));
    }
    for (client_id, title) in [
        ("m-0", "Mission numéro 0 revue"),
        ("m-6", "Mission numéro 6 revue"),
    ] {
        let (app, key, referent) = (app.clone(), key.clone(), referent.clone());
        changes.push(Box::new(move || {
            let (app, key, referent) = (app.clone(), key.clone(), referent.clone());
            Box::pin(async move {
                // A new title goes back to review; the referent publishes it.
                let mut body = mission_body("69002");
                body["title"] = json!(title);
                let r = partner(
                    &app,
                    &key,
                    Method::PUT,
                    &format!("/v1/partner/missions/{client_id}"),
                    Some(body),
                )
                .await;
                let id = r.json::<Value>().await.unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_owned();
                let r = app
                    .transition(
                        &referent,
                        &format!("/v1/missions/{id}/transitions"),
                        "published",
                        None,
                    )
                    .await;
                assert_eq!(r.status(), 200);
            })
        }));
    }
    {
        let (app, key) = (app.clone(), key.clone());
        changes.push(Box::new(move || {
            let (app, key) = (app.clone(), key.clone());
            Box::pin(async move {
                let r = partner(&app, &key, Method::DELETE, "/v1/partner/missions/m-3", None).await;
                assert_eq!(r.status(), 204);
            })
        }));
    }
    {
        let (app, owner, id) = (app.clone(), owner.clone(), ids[1].clone());
        changes.push(Box::new(move || {
            let (app, owner, id) = (app.clone(), owner.clone(), id.clone());
            Box::pin(async move {
                let r = app
                    .transition(
                        &owner,
                        &format!("/v1/missions/{id}/transitions"),
                        "cancelled",
                        Some("plus de bénévoles nécessaires"),
                    )
                    .await;
                assert_eq!(r.status(), 200);
            })
        }));
    }
    let mut mirror = Mirror::default();
    mirror.sync(&app, &key, &mut changes).await;

    // The truth: the organisation's public missions.
    let public: Value = app
        .get(&format!("/v1/missions?organization_id={org}&limit=100"))
        .await
        .json()
        .await
        .unwrap();
    let truth: HashMap<String, String> = public["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["id"].as_str().unwrap().to_owned(),
                m["title"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(truth.len(), 6, "7 published, 1 new, 2 gone");
    assert_eq!(mirror.missions, truth);
    assert!(!mirror.versions.iter().any(|(id, _)| *id == under_review));

    // A later sync from the kept cursor brings only what changed since.
    let r = partner(&app, &key, Method::DELETE, "/v1/partner/missions/m-5", None).await;
    assert_eq!(r.status(), 204);
    let page: Value = partner(
        &app,
        &key,
        Method::GET,
        &format!(
            "/v1/partner/feed/missions?cursor={}",
            mirror.cursor.clone().unwrap()
        ),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{page}");
    assert_eq!(items[0]["id"], ids[5].as_str());
    assert_eq!(items[0]["deleted"], true);
    assert_eq!(items[0]["client_id"], "m-5");
}

#[tokio::test]
async fn the_feed_filters_like_the_hub_and_a_platform_key_reads_every_organisation() {
    let app = spawn_with(partner_settings()).await;
    let (_, referent, org, key) = partner_org(&app).await;
    published_by_partner(
        &app,
        &key,
        &referent,
        "f-1",
        "Soutien scolaire en mathématiques",
    )
    .await;
    let mut body = mission_body("69002");
    body["title"] = json!("Collecte alimentaire");
    body["minimum_age"] = json!(18);
    body["domain"] = json!("environment");
    body["skills"] = json!([]);
    body["access"] = json!({"reduced_mobility": true});
    let r = partner(
        &app,
        &key,
        Method::PUT,
        "/v1/partner/missions/f-2",
        Some(body),
    )
    .await;
    let second = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.transition(
        &referent,
        &format!("/v1/missions/{second}/transitions"),
        "published",
        None,
    )
    .await;

    let titles = |page: Value| -> Vec<(String, bool)> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["client_id"].as_str().unwrap().to_owned(),
                    i["deleted"].as_bool().unwrap(),
                )
            })
            .collect()
    };
    let get = |q: &str| {
        let path = format!("/v1/partner/feed/missions?{q}");
        let (app, key) = (&app, &key);
        async move {
            partner(app, key, Method::GET, &path, None)
                .await
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    // What does not match comes as a tombstone: a filtered mirror drops it.
    assert_eq!(
        titles(get("q=MATHEMATIQUES").await),
        [("f-1".into(), false), ("f-2".into(), true)]
    );
    assert_eq!(
        titles(get("domain=environment").await),
        [("f-1".into(), true), ("f-2".into(), false)]
    );
    assert_eq!(
        titles(get("open_to_minors=true").await),
        [("f-1".into(), false), ("f-2".into(), true)]
    );
    assert_eq!(
        titles(get("accessibility=reduced_mobility").await),
        [("f-1".into(), true), ("f-2".into(), false)]
    );
    assert_eq!(
        titles(get("accessibility=reduced_mobility,open_to_minors").await),
        [("f-1".into(), true), ("f-2".into(), true)]
    );
    assert_eq!(
        titles(get("lat=45.76&lng=4.83&radius_km=5").await),
        [("f-1".into(), false), ("f-2".into(), false)]
    );
    assert_eq!(
        titles(get("lat=48.85&lng=2.35&radius_km=5").await),
        [("f-1".into(), true), ("f-2".into(), true)]
    );
    assert_eq!(
        titles(get("department=75").await),
        [("f-1".into(), true), ("f-2".into(), true)]
    );
    let full = get("").await;
    let first = &full["items"][0];
    assert_eq!(first["organization"]["id"], org.as_str());
    assert!(first.get("organization_siret").is_some());
    assert_eq!(first["capacity"], 10);
    assert_eq!(
        first["url"],
        format!(
            "https://app.test/missions/{}",
            first["id"].as_str().unwrap()
        )
    );
    assert_eq!(first["open_to_minors"], true);
    assert_eq!(first["places_left"], 10);
    // Out of range, and half a place.
    let r = partner(
        &app,
        &key,
        Method::GET,
        "/v1/partner/feed/missions?limit=501",
        None,
    )
    .await;
    assert_eq!(problem(r, 422).await["errors"][0]["field"], "limit");
    let r = partner(
        &app,
        &key,
        Method::GET,
        "/v1/partner/feed/missions?lat=45",
        None,
    )
    .await;
    assert_eq!(problem(r, 422).await["errors"][0]["field"], "lat");
    let r = partner(
        &app,
        &key,
        Method::GET,
        "/v1/partner/feed/missions?cursor=abc",
        None,
    )
    .await;
    assert_eq!(problem(r, 422).await["errors"][0]["field"], "cursor");

    // A platform-wide key (admins make them) reads every organisation's
    // public missions, and writes nothing.
    let admin = app.admin().await;
    let other_owner = app.volunteer("other").await;
    let other = app.approved_organization(&other_owner, "69005").await;
    let (other_key, _) = key_of(&app, &other_owner, &other, ALL_SCOPES).await;
    published_by_partner(
        &app,
        &other_key,
        &referent,
        "o-1",
        "Mission d'une autre association",
    )
    .await;
    let r = app
        .send(
            Method::POST,
            "/v1/admin/api-keys",
            &admin,
            Some(json!({"name": "Hub"})),
        )
        .await;
    assert_eq!(r.status(), 201);
    let hub: Value = r.json().await.unwrap();
    assert_eq!(hub["key"]["scopes"], json!(["missions:read"]));
    assert!(hub["key"]["organization_id"].is_null());
    let hub_key = hub["secret"].as_str().unwrap();
    let page: Value = partner(
        &app,
        hub_key,
        Method::GET,
        "/v1/partner/feed/missions",
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
    let r = partner(
        &app,
        hub_key,
        Method::PUT,
        "/v1/partner/missions/h-1",
        Some(mission_body("69002")),
    )
    .await;
    assert_eq!(problem(r, 403).await["code"], "scope_missing");
    let r = partner(
        &app,
        hub_key,
        Method::GET,
        "/v1/partner/feed/participations",
        None,
    )
    .await;
    assert_eq!(problem(r, 403).await["code"], "scope_missing");
    // Only admins make them.
    let r = app
        .send(
            Method::POST,
            "/v1/admin/api-keys",
            &other_owner,
            Some(json!({"name": "Hub"})),
        )
        .await;
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn the_participations_feed_carries_contacts_and_follows_answers() {
    let app = spawn_with(partner_settings()).await;
    let (_, referent, _, key) = partner_org(&app).await;
    let mission =
        published_by_partner(&app, &key, &referent, "p-1", "Mission avec candidats").await;
    let volunteers = app.quick_volunteers(3, &crate::common::years_ago(36)).await;
    let mut ids = Vec::new();
    for v in &volunteers {
        let r = app.apply(v, &mission, Some("Motivée")).await;
        ids.push(
            r.json::<Value>().await.unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let page: Value = partner(
        &app,
        &key,
        Method::GET,
        "/v1/partner/feed/participations?limit=2",
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(page["has_more"], true);
    assert_eq!(page["items"][0]["id"], ids[0].as_str());
    assert_eq!(page["items"][0]["mission_client_id"], "p-1");
    assert_eq!(
        page["items"][0]["volunteer"]["email"],
        volunteers[0].email.as_str()
    );
    let cursor = page["next_cursor"].as_str().unwrap().to_owned();
    // The first is answered: it comes again, after the third.
    let r = partner(
        &app,
        &key,
        Method::POST,
        &format!("/v1/partner/participations/{}/transitions", ids[0]),
        Some(json!({"to": "declined", "reason_code": "requirements_not_met"})),
    )
    .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let page: Value = partner(
        &app,
        &key,
        Method::GET,
        &format!("/v1/partner/feed/participations?cursor={cursor}"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    let got: Vec<(&str, &str)> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["state"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [(ids[2].as_str(), "pending"), (ids[0].as_str(), "declined")]
    );
    assert_eq!(page["has_more"], false);
}

/// HMAC-SHA256 written out from RFC 2104 on top of SHA-256, to check the
/// signature without the code that makes it.
fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let mut inner = Sha256::new();
    inner.update(pad(0x36));
    inner.update(message);
    let mut outer = Sha256::new();
    outer.update(pad(0x5c));
    outer.update(inner.finalize());
    outer.finalize().to_vec()
}

/// Whether one of the `v1,` signatures of the header is the body's under
/// `secret`, as a receiver checks it.
fn verified(request: &Request, secret: &str) -> bool {
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned()
    };
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let signed = format!(
        "{}.{}.{}",
        header("webhook-id"),
        header("webhook-timestamp"),
        String::from_utf8_lossy(&request.body)
    );
    let expected = format!(
        "v1,{}",
        STANDARD.encode(hmac_sha256(&key, signed.as_bytes()))
    );
    header("webhook-signature")
        .split(' ')
        .any(|s| s == expected)
}

/// Answers from a script of statuses, then the last one forever.
struct Script(Vec<u16>, AtomicUsize);

impl Respond for Script {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.1.fetch_add(1, Ordering::SeqCst);
        ResponseTemplate::new(*self.0.get(n).unwrap_or_else(|| self.0.last().unwrap()))
    }
}

pub async fn receiver(statuses: Vec<u16>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hook"))
        .respond_with(Script(statuses, AtomicUsize::new(0)))
        .mount(&server)
        .await;
    server
}

pub async fn hook(app: &TestApp, key: &str, url: &str, events: &[&str]) -> (String, String) {
    let r = partner(
        app,
        key,
        Method::POST,
        "/v1/partner/webhooks",
        Some(json!({"url": url, "events": events})),
    )
    .await;
    assert_eq!(r.status(), 201);
    let body: Value = r.json().await.unwrap();
    assert!(body["secret"].as_str().unwrap().starts_with("whsec_"));
    (
        body["endpoint"]["id"].as_str().unwrap().to_owned(),
        body["secret"].as_str().unwrap().to_owned(),
    )
}

pub async fn deliveries(app: &TestApp, key: &str, endpoint: &str) -> Vec<Value> {
    partner(
        app,
        key,
        Method::GET,
        &format!("/v1/partner/webhooks/{endpoint}/deliveries"),
        None,
    )
    .await
    .json::<Value>()
    .await
    .unwrap()["items"]
        .as_array()
        .cloned()
        .unwrap()
}

#[tokio::test]
async fn events_reach_the_receiver_signed_and_a_failing_one_is_retried() {
    let app = spawn_with(partner_settings()).await;
    let (_, referent, _, key) = partner_org(&app).await;
    // The receiver fails twice, then takes it.
    let server = receiver(vec![500, 503, 204]).await;
    let (endpoint, secret) = hook(
        &app,
        &key,
        &format!("{}/hook", server.uri()),
        &["participation.created", "mission.published"],
    )
    .await;
    let mission =
        published_by_partner(&app, &key, &referent, "w-1", "Mission suivie par webhook").await;
    let volunteer = app.volunteer("vol").await;
    let r = app.apply(&volunteer, &mission, Some("Oui")).await;
    let participation = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    eventually("both events delivered", || async {
        let d = deliveries(&app, &key, &endpoint).await;
        d.len() == 2 && d.iter().all(|d| d["state"] == "delivered")
    })
    .await;
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 4, "2 failures, then each event once");
    for request in &requests {
        assert!(verified(request, &secret), "the signature checks out");
        assert!(!verified(request, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        let at: i64 = request.headers["webhook-timestamp"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((app.now().timestamp() - at).abs() < 60);
    }
    // The retried delivery kept its id; each event has its own.
    let ids: HashSet<&str> = requests
        .iter()
        .map(|r| r.headers["webhook-id"].to_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    let bodies: Vec<Value> = requests
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    let created = bodies
        .iter()
        .find(|b| b["type"] == "participation.created")
        .unwrap();
    assert_eq!(created["data"]["id"], participation.as_str());
    assert_eq!(created["data"]["mission_client_id"], "w-1");
    assert!(
        created["data"].get("email").is_none(),
        "no contact details in events"
    );
    let published = bodies
        .iter()
        .find(|b| b["type"] == "mission.published")
        .unwrap();
    assert_eq!(published["data"]["id"], mission.as_str());
    // Two failed attempts, whichever delivery met them, then success.
    let d = deliveries(&app, &key, &endpoint).await;
    let attempts: u64 = d.iter().map(|d| d["attempts"].as_u64().unwrap()).sum();
    assert_eq!(attempts, 4);
    assert!(d.iter().all(|d| d["last_status"] == 204));
    assert!(d[0]["message_id"].as_str().unwrap().starts_with("msg_"));
    // Events not subscribed to are not sent.
    let r = app
        .send(
            Method::POST,
            &format!("/v1/participations/{participation}/transitions"),
            &volunteer,
            Some(json!({"to": "cancelled"})),
        )
        .await;
    assert_eq!(r.status(), 200);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(deliveries(&app, &key, &endpoint).await.len(), 2);
}

#[tokio::test]
async fn an_endpoint_that_keeps_failing_is_disabled_its_owners_told_and_it_can_be_replayed() {
    let app = spawn_with(partner_settings()).await;
    let (owner, referent, org, key) = partner_org(&app).await;
    let server = receiver(vec![500, 500, 500, 200]).await;
    let (endpoint, _) = hook(
        &app,
        &key,
        &format!("{}/hook", server.uri()),
        &["mission.published", "mission.unpublished"],
    )
    .await;
    published_by_partner(
        &app,
        &key,
        &referent,
        "d-1",
        "Mission pour un receveur en panne",
    )
    .await;
    eventually("the endpoint disabled", || async {
        let e: Value = partner(
            &app,
            &key,
            Method::GET,
            &format!("/v1/partner/webhooks/{endpoint}"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
        e["enabled"] == false
    })
    .await;
    let d = deliveries(&app, &key, &endpoint).await;
    assert_eq!(d[0]["state"], "failed");
    assert_eq!(d[0]["attempts"], 3);
    assert_eq!(d[0]["last_status"], 500);
    eventually("the owner told", || async {
        app.mailbox(&owner.email)
            .await
            .iter()
            .any(|m| m["template"] == "webhook_disabled")
    })
    .await;
    let audit: Value = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/audit"),
            &owner,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(audit["items"][0]["action"], "webhook_endpoint.disabled");
    assert_eq!(audit["items"][0]["actor_role"], "system");
    // While disabled, events are not queued for it.
    assert_eq!(
        partner(&app, &key, Method::DELETE, "/v1/partner/missions/d-1", None)
            .await
            .status(),
        204
    );
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(deliveries(&app, &key, &endpoint).await.len(), 1);
    // Enabled again, the failed delivery is replayed and gets through.
    let r = partner(
        &app,
        &key,
        Method::PATCH,
        &format!("/v1/partner/webhooks/{endpoint}"),
        Some(json!({"enabled": true})),
    )
    .await;
    assert_eq!(r.json::<Value>().await.unwrap()["consecutive_failures"], 0);
    let delivery = d[0]["id"].as_str().unwrap();
    let r = partner(
        &app,
        &key,
        Method::POST,
        &format!("/v1/partner/webhooks/{endpoint}/deliveries/{delivery}/replay"),
        None,
    )
    .await;
    assert_eq!(r.status(), 202);
    eventually("the replay delivered", || async {
        deliveries(&app, &key, &endpoint).await[0]["state"] == "delivered"
    })
    .await;
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 4);
    assert_eq!(
        requests[0].headers["webhook-id"],
        requests[3].headers["webhook-id"]
    );
}

#[tokio::test]
async fn a_rotated_secret_signs_beside_the_old_one_during_the_overlap() {
    let app = spawn_with(partner_settings()).await;
    let (_, referent, _, key) = partner_org(&app).await;
    let server = receiver(vec![200]).await;
    let (endpoint, old) = hook(
        &app,
        &key,
        &format!("{}/hook", server.uri()),
        &["mission.published"],
    )
    .await;
    let r = partner(
        &app,
        &key,
        Method::POST,
        &format!("/v1/partner/webhooks/{endpoint}/rotate-secret"),
        None,
    )
    .await;
    let body: Value = r.json().await.unwrap();
    let new = body["secret"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    assert!(body["endpoint"]["previous_secret_expires_at"].is_string());
    published_by_partner(&app, &key, &referent, "r-1", "Mission après rotation").await;
    eventually("delivered", || async {
        !server.received_requests().await.unwrap().is_empty()
    })
    .await;
    let request = &server.received_requests().await.unwrap()[0];
    assert!(verified(request, &new));
    assert!(verified(request, &old));
}

#[tokio::test]
async fn webhook_destinations_inside_the_network_are_refused() {
    let app = spawn_with(json!({"partner": {"webhook_allow_loopback": false}})).await;
    let owner = app.volunteer("owner").await;
    let org = app.approved_organization(&owner, "69003").await;
    let (key, _) = key_of(&app, &owner, &org, &["webhooks:manage"]).await;
    for url in [
        "http://crm.example.org/hook",
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.0.0.8/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://user:pass@crm.example.org/hook",
    ] {
        let r = partner(
            &app,
            &key,
            Method::POST,
            "/v1/partner/webhooks",
            Some(json!({"url": url, "events": ["mission.published"]})),
        )
        .await;
        let p = problem(r, 422).await;
        assert_eq!(p["errors"][0]["field"], "url", "{url}");
    }
    let r = partner(
        &app,
        &key,
        Method::POST,
        "/v1/partner/webhooks",
        Some(json!({"url": "https://crm.example.org/hook", "events": []})),
    )
    .await;
    assert_eq!(problem(r, 422).await["errors"][0]["field"], "events");
    assert_eq!(
        partner(
            &app,
            &key,
            Method::POST,
            "/v1/partner/webhooks",
            Some(json!({"url": "https://crm.example.org/hook", "events": ["mission.published"]}))
        )
        .await
        .status(),
        201
    );
}

#[tokio::test]
async fn a_name_that_resolves_inside_the_network_is_refused_when_sending() {
    // Registered as a name, `localhost` resolves to loopback at send time:
    // the sender refuses it there, and the attempt fails without a call.
    let app = spawn_with(json!({"partner": {"webhook_allow_loopback": false, "webhook_retry_secs": [], "webhook_disable_after": 5}})).await;
    let owner = app.volunteer("owner").await;
    let org = app.approved_organization(&owner, "69003").await;
    let (key, _) = key_of(&app, &owner, &org, &["webhooks:manage", "missions:write"]).await;
    let admin = app.admin().await;
    let referent = app.referent(&admin, &["69"]).await;
    let server = receiver(vec![200]).await;
    // Written straight to the table, as if DNS had changed since the
    // endpoint was registered under a public name.
    let endpoint = uuid::Uuid::now_v7();
    let url = format!("https://localhost:{}/hook", server.address().port());
    let org_id: uuid::Uuid = org.parse().unwrap();
    {
        let mut conn = app.db.acquire().await.unwrap();
        renfort::store::webhooks::insert_endpoint(
            conn.h(),
            renfort::store::webhooks::NewEndpoint {
                id: endpoint,
                organization_id: org_id,
                url: &url,
                events: &[renfort::webhooks::EventType::MissionPublished],
                secret: &renfort::webhooks::new_secret(),
                at: app.now(),
            },
        )
        .await
        .unwrap();
    }
    published_by_partner(
        &app,
        &key,
        &referent,
        "s-1",
        "Mission vers une adresse interne",
    )
    .await;
    let (hooks_key, _) = key_of(&app, &owner, &org, &["webhooks:manage"]).await;
    eventually("the attempt failed", || async {
        deliveries(&app, &hooks_key, &endpoint.to_string())
            .await
            .first()
            .is_some_and(|d| d["state"] == "failed")
    })
    .await;
    let d = deliveries(&app, &hooks_key, &endpoint.to_string()).await;
    assert!(
        d[0]["last_error"].as_str().unwrap().contains("private"),
        "{}",
        d[0]
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn members_export_participations_as_csv_and_referents_their_departments_missions() {
    let app = spawn_with(partner_settings()).await;
    let (owner, referent, org, key) = partner_org(&app).await;
    let mission =
        published_by_partner(&app, &key, &referent, "x-1", "Mission, avec \"guillemets\"").await;
    let volunteers = app.quick_volunteers(2, &crate::common::years_ago(36)).await;
    for v in &volunteers {
        assert_eq!(
            app.apply(v, &mission, Some("=HYPERLINK(\"http://evil\")"))
                .await
                .status(),
            201
        );
    }
    let r = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/exports/participations"),
            &owner,
            None,
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("participations.csv"));
    let bytes = r.bytes().await.unwrap();
    assert_eq!(
        &bytes[..3],
        b"\xEF\xBB\xBF",
        "a byte-order mark for spreadsheets"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with(
        "participation_id,mission_id,mission_client_id,mission_title,state,first_name"
    ));
    assert!(
        lines[1].contains("\"Mission, avec \"\"guillemets\"\"\""),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains(&volunteers[0].email) || lines[2].contains(&volunteers[0].email));
    assert!(
        lines[1].contains("\"'=HYPERLINK(\"\"http://evil\"\")\""),
        "no formula: {}",
        lines[1]
    );
    // French spreadsheets read `;`: on request, and by default for a
    // reader who prefers French. Read back by an independent CSV reader.
    for (query, language) in [
        ("?delimiter=semicolon", "en-GB"),
        ("", "fr-FR,fr;q=0.9,en;q=0.5"),
    ] {
        let r = app
            .client
            .get(app.url(&format!(
                "/v1/organizations/{org}/exports/participations{query}"
            )))
            .bearer_auth(&owner.access)
            .header("accept-language", language)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let bytes = r.bytes().await.unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(&bytes[3..]);
        let header = reader.headers().unwrap().clone();
        assert_eq!(header.len(), 14, "columns, not one: {header:?}");
        let column = |name: &str| header.iter().position(|h| h == name).unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            &rows[0][column("mission_title")],
            "Mission, avec \"guillemets\""
        );
        assert_eq!(
            &rows[0][column("motivation")],
            "'=HYPERLINK(\"http://evil\")",
            "no formula with `;` either"
        );
    }
    let refused = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/exports/participations?delimiter=tab"),
            &owner,
            None,
        )
        .await;
    let refused = problem(refused, 400).await;
    assert!(
        refused["detail"].as_str().unwrap().contains("delimiter"),
        "{refused}"
    );
    // A volunteer of the mission is not a member.
    let r = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/exports/participations"),
            &volunteers[0],
            None,
        )
        .await;
    assert_eq!(r.status(), 404);

    // The referent of 69 exports 69's missions; not 75's; others are refused.
    let other_owner = app.volunteer("paris").await;
    let paris = app.approved_organization(&other_owner, "75011").await;
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{paris}/missions"),
            &other_owner,
            Some(mission_body("75011")),
        )
        .await;
    assert_eq!(r.status(), 201);
    let r = app
        .send(
            Method::GET,
            "/v1/moderation/exports/missions",
            &referent,
            None,
        )
        .await;
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    assert_eq!(
        text.matches("\r\n").count(),
        2,
        "header and 69's mission: {text}"
    );
    assert!(text.contains(&mission));
    let r = app
        .send(
            Method::GET,
            "/v1/moderation/exports/missions?department=75",
            &referent,
            None,
        )
        .await;
    assert_eq!(problem(r, 403).await["code"], "moderators_only");
    let r = app
        .send(Method::GET, "/v1/moderation/exports/missions", &owner, None)
        .await;
    assert_eq!(problem(r, 403).await["code"], "moderators_only");

    // Each export is in the history: who, when, what.
    let audit: Value = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/audit"),
            &owner,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let export = &audit["items"][0];
    assert_eq!(export["action"], "export.participations");
    assert_eq!(export["actor_role"], "owner");
    assert_eq!(export["detail"]["rows"], 2);
    assert!(export["actor_name"].is_string());

    // Paused while the service is degraded.
    let admin = app.admin().await;
    let r = app
        .authed(Method::PUT, "/v1/admin/service-mode", &admin.access)
        .await
        .json(&json!({"mode": "degraded"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/exports/participations"),
            &owner,
            None,
        )
        .await;
    assert!(r.headers().contains_key("retry-after"));
    assert_eq!(problem(r, 503).await["code"], "degraded_unavailable");
}

#[tokio::test]
async fn a_large_export_comes_as_a_link_valid_for_a_day() {
    let mut settings = partner_settings();
    settings["partner"]["export_stream_rows"] = json!(1);
    let app = spawn_with(settings).await;
    let (owner, referent, org, key) = partner_org(&app).await;
    let mission = published_by_partner(&app, &key, &referent, "l-1", "Mission très demandée").await;
    for v in app.quick_volunteers(3, &crate::common::years_ago(36)).await {
        assert_eq!(app.apply(&v, &mission, None).await.status(), 201);
    }
    let r = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/exports/participations"),
            &owner,
            None,
        )
        .await;
    assert_eq!(r.status(), 202);
    let queued: Value = r.json().await.unwrap();
    assert_eq!(queued["rows"], 3);
    let id = queued["export_id"].as_str().unwrap().to_owned();
    eventually("the link emailed", || async {
        app.mailbox(&owner.email)
            .await
            .iter()
            .any(|m| m["template"] == "export_ready")
    })
    .await;
    let mail = app.mailbox(&owner.email).await;
    let email = mail
        .iter()
        .find(|m| m["template"] == "export_ready")
        .unwrap();
    let link = email["links"][0].as_str().unwrap().to_owned();
    let token = link.split("token=").nth(1).unwrap();
    assert!(
        link.starts_with(&format!("https://app.test/exports/{id}")),
        "{link}"
    );
    let r = app.get(&format!("/v1/exports/{id}?token={token}")).await;
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    assert_eq!(text.matches("\r\n").count(), 4);
    let wrong = "A".repeat(43);
    assert_eq!(
        app.get(&format!("/v1/exports/{id}?token={wrong}"))
            .await
            .status(),
        404
    );
    // Past its day, gone.
    app.travel(chrono::Duration::hours(24) + chrono::Duration::minutes(1));
    assert_eq!(
        app.get(&format!("/v1/exports/{id}?token={token}"))
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn a_partner_manages_a_mission_s_shifts_and_its_puts_keep_their_places() {
    let app = spawn_with(partner_settings()).await;
    let (owner, referent, _org, key) = partner_org(&app).await;
    let id = published_by_partner(&app, &key, &referent, "crm-42", "Maraude").await;
    let day = app.today() + chrono::Duration::days(12);
    let r = partner(
        &app,
        &key,
        Method::POST,
        "/v1/partner/missions/crm-42/shifts",
        Some(
            json!({"day": day, "start_time": "19:00", "end_time": "22:00", "capacity": 4,
                    "repeat": {"every": "week", "until": day + chrono::Duration::days(7)}}),
        ),
    )
    .await;
    assert_eq!(r.status(), 201);
    let shifts: Vec<Value> = r.json().await.unwrap();
    assert_eq!(shifts.len(), 2);
    let listed: Vec<Value> = partner(
        &app,
        &key,
        Method::GET,
        "/v1/partner/missions/crm-42/shifts",
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(listed.len(), 2);

    // The whole mission sent again, with its old capacity and dates: the
    // shifts' places and dates stay.
    let mut body = mission_body("69002");
    body["title"] = json!("Maraude");
    let r = partner(
        &app,
        &key,
        Method::PUT,
        "/v1/partner/missions/crm-42",
        Some(body),
    )
    .await;
    assert_eq!(r.status(), 200);
    let mission: Value = r.json().await.unwrap();
    assert_eq!(mission["capacity"], 8);
    assert_eq!(mission["start_date"], day.to_string());

    let shift = shifts[1]["id"].as_str().unwrap();
    let r = partner(
        &app,
        &key,
        Method::PATCH,
        &format!("/v1/partner/missions/crm-42/shifts/{shift}"),
        Some(json!({"capacity": 6})),
    )
    .await;
    assert_eq!(r.status(), 200);
    let r = partner(
        &app,
        &key,
        Method::POST,
        &format!(
            "/v1/partner/missions/crm-42/shifts/{}/cancellation",
            shifts[0]["id"].as_str().unwrap()
        ),
        Some(json!({"reason": "Météo"})),
    )
    .await;
    assert_eq!(r.status(), 204);
    let page: Value = app
        .client
        .get(app.url(&format!("/v1/missions/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["places_left"], 6);

    // A read-only key cannot write; another organisation's key finds nothing.
    let (read_only, _) = key_of(&app, &owner, &_org, &["missions:read"]).await;
    let p = problem(
        partner(
            &app,
            &read_only,
            Method::POST,
            "/v1/partner/missions/crm-42/shifts",
            Some(json!({"day": day, "start_time": "09:00", "end_time": "10:00", "capacity": 1})),
        )
        .await,
        403,
    )
    .await;
    assert_eq!(p["code"], "scope_missing");
    let (_o2, _r2, _org2, other) = partner_org(&app).await;
    problem(
        partner(
            &app,
            &other,
            Method::GET,
            "/v1/partner/missions/crm-42/shifts",
            None,
        )
        .await,
        404,
    )
    .await;
}

/// Strict validators and typed generators read `FeedItem` as `oneOf`: a
/// live mission and a tombstone must each match exactly one of its shapes
/// in the document the service serves, checked by an independent
/// validator on real items of the feed.
#[tokio::test]
async fn every_feed_item_matches_exactly_one_shape_of_the_served_document() {
    let app = spawn_with(partner_settings()).await;
    let (_owner, referent, _org, key) = partner_org(&app).await;
    published_by_partner(&app, &key, &referent, "stays-1", "Mission qui reste").await;
    published_by_partner(&app, &key, &referent, "leaves-1", "Mission qui part").await;
    let r = partner(
        &app,
        &key,
        Method::DELETE,
        "/v1/partner/missions/leaves-1",
        None,
    )
    .await;
    assert!(r.status().is_success(), "unpublished: {}", r.status());
    let feed: Value = partner(&app, &key, Method::GET, "/v1/partner/feed/missions", None)
        .await
        .json()
        .await
        .unwrap();
    let items = feed["items"].as_array().unwrap();
    assert!(
        items.iter().any(|i| i["deleted"] == true),
        "a tombstone: {feed}"
    );
    assert!(
        items.iter().any(|i| i["deleted"] == false),
        "a live mission: {feed}"
    );

    let document: Value = app.get("/openapi.json").await.json().await.unwrap();
    let validator = |name: &str| {
        jsonschema::validator_for(&json!({
            "$ref": format!("#/components/schemas/{name}"),
            "components": document["components"],
        }))
        .unwrap()
    };
    let (item, shapes) = (
        validator("FeedItem"),
        [validator("FeedMission"), validator("MissionTombstone")],
    );
    for i in items {
        let matched = shapes.iter().filter(|s| s.is_valid(i)).count();
        assert_eq!(matched, 1, "matches {matched} shapes: {i}");
        let errors: Vec<String> = item.iter_errors(i).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}\n{i}");
    }
}

#[tokio::test]
async fn a_place_given_from_the_waiting_list_is_announced_like_an_application() {
    let app = spawn_with(partner_settings()).await;
    let (owner, referent, _, key) = partner_org(&app).await;
    let server = receiver(vec![204; 8]).await;
    let (endpoint, _secret) = hook(
        &app,
        &key,
        &format!("{}/hook", server.uri()),
        &["participation.created"],
    )
    .await;
    let mission = published_by_partner(&app, &key, &referent, "wl-1", "Une seule place").await;
    let r = app
        .send(
            Method::PATCH,
            &format!("/v1/missions/{mission}"),
            &owner,
            Some(json!({"capacity": 1})),
        )
        .await;
    assert_eq!(r.status(), 200);
    let first = app.volunteer("first").await;
    let second = app.volunteer("second").await;
    let taken = app.apply(&first, &mission, Some("Oui")).await;
    let taken = taken.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app
        .send(
            Method::POST,
            &format!("/v1/missions/{mission}/waiting-list"),
            &second,
            Some(json!({"motivation": "Je peux venir"})),
        )
        .await;
    assert_eq!(r.status(), 201);

    // The first withdraws: the second gets the place.
    let r = app
        .send(
            Method::POST,
            &format!("/v1/participations/{taken}/transitions"),
            &first,
            Some(json!({"to": "cancelled"})),
        )
        .await;
    assert_eq!(r.status(), 200);
    let mine: Value = app
        .send(Method::GET, "/v1/me/participations", &second, None)
        .await
        .json()
        .await
        .unwrap();
    let promoted = mine["items"][0]["id"].as_str().unwrap().to_owned();

    // The partner hears of both, the promotion said as such.
    eventually("both applications announced", || async {
        deliveries(&app, &key, &endpoint)
            .await
            .iter()
            .filter(|d| d["state"] == "delivered")
            .count()
            == 2
    })
    .await;
    let bodies: Vec<Value> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    let announced = bodies
        .iter()
        .find(|b| b["data"]["id"] == promoted.as_str())
        .expect("the promotion is announced");
    assert_eq!(announced["type"], "participation.created");
    assert_eq!(announced["data"]["reason_code"], "waiting_list");
    assert_eq!(announced["data"]["mission_client_id"], "wl-1");
    let direct = bodies
        .iter()
        .find(|b| b["data"]["id"] == taken.as_str())
        .unwrap();
    assert_eq!(direct["data"]["reason_code"], Value::Null);

    // And the organisation is reminded to answer it, as any application.
    let keys: Vec<String> = crate::reminders::waiting(&app)
        .await
        .into_iter()
        .map(|(key, _, _)| key)
        .collect();
    for days in [3, 7] {
        let key = format!("reminder:application_waiting:{promoted}:{days}");
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
}
