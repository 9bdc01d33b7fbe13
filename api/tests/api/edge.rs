//! The edge defences: writes refused by country, and the bot challenge of
//! signup (the built-in proof of work, and Friendly Captcha against a
//! local stand-in of its documented verify API).

use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{problem, signup_body, spawn_with, unique_email, TestApp};

async fn signup_with(app: &TestApp, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url("/v1/auth/signup"))
        .json(&signup_body(&unique_email("edge")));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

fn france_only(unknown: &str) -> Value {
    json!({
        "http": {"trusted_proxies": ["127.0.0.1"]},
        "edge": {"write_countries": ["FR", "RE"], "unknown_country": unknown},
    })
}

#[tokio::test]
async fn writes_from_countries_not_served_are_refused_and_reads_stay_open() {
    let app = spawn_with(france_only("allow")).await;
    let refused = signup_with(&app, &[("cf-ipcountry", "US")]).await;
    let p = problem(refused, 403).await;
    assert_eq!(p["code"], "region_not_served");
    assert_eq!(
        signup_with(&app, &[("cf-ipcountry", "FR")]).await.status(),
        202
    );
    assert_eq!(
        signup_with(&app, &[("cf-ipcountry", "re")]).await.status(),
        202
    );
    // No country known: allowed by this policy.
    assert_eq!(signup_with(&app, &[]).await.status(), 202);
    // Reading is open to all.
    let read = app
        .client
        .get(app.url("/v1/missions"))
        .header("cf-ipcountry", "US")
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
    // Applying and registering an organisation are writes too.
    let v = app.volunteer("abroad").await;
    let org = app
        .client
        .post(app.url("/v1/organizations"))
        .bearer_auth(&v.access)
        .header("cf-ipcountry", "US")
        .json(&crate::common::organization_body("69003"))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(org, 403).await["code"], "region_not_served");
    assert!(app
        .metrics()
        .await
        .contains(r#"renfort_region_refused_total{country="US"} 2"#));
    // So is a place on a waiting list, the application to come.
    let line = app
        .client
        .post(app.url(&format!(
            "/v1/missions/{}/waiting-list",
            uuid::Uuid::now_v7()
        )))
        .bearer_auth(&v.access)
        .header("cf-ipcountry", "US")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(line, 403).await["code"], "region_not_served");
}

#[tokio::test]
async fn an_unknown_country_follows_its_own_policy_and_only_trusted_peers_say_it() {
    let app = spawn_with(france_only("refuse")).await;
    problem(signup_with(&app, &[]).await, 403).await;
    // Cloudflare's "unknown".
    problem(signup_with(&app, &[("cf-ipcountry", "XX")]).await, 403).await;

    // Not behind a trusted proxy: a client cannot claim France.
    let direct =
        spawn_with(json!({"edge": {"write_countries": ["FR"], "unknown_country": "refuse"}})).await;
    let claimed = signup_with(&direct, &[("cf-ipcountry", "FR")]).await;
    assert_eq!(problem(claimed, 403).await["code"], "region_not_served");
}

async fn status(app: &TestApp) -> Value {
    app.get("/v1/status").await.json().await.unwrap()
}

async fn solved_challenge(app: &TestApp) -> String {
    let issued: Value = app.get("/v1/challenge").await.json().await.unwrap();
    let difficulty = issued["difficulty"].as_u64().unwrap() as u32;
    renfort::challenge::pow::solve(issued["challenge"].as_str().unwrap(), difficulty)
}

#[tokio::test]
async fn with_the_challenge_always_on_a_signup_must_carry_a_solution_used_once() {
    let app = spawn_with(json!({"challenge": {
        "policy": "always",
        "proof_of_work": {"difficulty": 10, "ttl_secs": 300},
    }}))
    .await;
    let s = status(&app).await;
    assert_eq!(s["challenge"]["required"], true);
    assert_eq!(s["challenge"]["kind"], "proof_of_work");
    assert_eq!(s["challenge"]["difficulty"], 10);
    assert_eq!(s["challenge"]["header"], "renfort-challenge");

    let missing = signup_with(&app, &[]).await;
    assert_eq!(problem(missing, 400).await["code"], "challenge_required");
    let garbage = signup_with(&app, &[("renfort-challenge", "abc:1")]).await;
    assert_eq!(problem(garbage, 400).await["code"], "challenge_failed");

    let solution = solved_challenge(&app).await;
    let first = signup_with(&app, &[("renfort-challenge", &solution)]).await;
    assert_eq!(first.status(), 202);
    // A bot replaying one solution for many signups.
    let replay = signup_with(&app, &[("renfort-challenge", &solution)]).await;
    assert_eq!(problem(replay, 400).await["code"], "challenge_failed");
    let metrics = app.metrics().await;
    assert!(
        metrics.contains(r#"renfort_signup_challenges_total{outcome="passed"} 1"#),
        "{metrics}"
    );
    assert!(metrics.contains(r#"renfort_signup_challenges_total{outcome="missing"} 1"#));
}

#[tokio::test]
async fn with_the_degraded_policy_the_challenge_comes_with_degraded_mode() {
    let app = spawn_with(json!({"challenge": {
        "policy": "degraded",
        "proof_of_work": {"difficulty": 8, "ttl_secs": 300},
    }}))
    .await;
    assert_eq!(status(&app).await["challenge"]["required"], false);
    assert_eq!(signup_with(&app, &[]).await.status(), 202);
    app.platform
        .mode
        .set(renfort::platform::Mode::Degraded)
        .await
        .unwrap();
    assert_eq!(status(&app).await["challenge"]["required"], true);
    problem(signup_with(&app, &[]).await, 400).await;
    let solution = solved_challenge(&app).await;
    assert_eq!(
        signup_with(&app, &[("renfort-challenge", &solution)])
            .await
            .status(),
        202
    );
}

async fn friendly_app(server: &MockServer, on_failure: &str) -> TestApp {
    spawn_with(json!({"challenge": {
        "policy": "always",
        "kind": "friendly_captcha",
        "on_vendor_failure": on_failure,
        "friendly_captcha": {
            "site_key": "FCMTEST-SITE-KEY",
            "api_key": "test-api-key",
            "verify_url": format!("{}/api/v2/captcha/siteverify", server.uri()),
            "timeout_ms": 1000,
        },
    }}))
    .await
}

#[tokio::test]
async fn friendly_captcha_tokens_are_verified_as_its_api_documents() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/captcha/siteverify"))
        .and(header("x-api-key", "test-api-key"))
        .and(body_json(
            json!({"response": "good-token", "sitekey": "FCMTEST-SITE-KEY"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "data": {"challenge": {"timestamp": chrono::Utc::now().to_rfc3339(), "origin": "app.test"}},
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/captcha/siteverify"))
        .and(body_json(
            json!({"response": "used-token", "sitekey": "FCMTEST-SITE-KEY"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": false,
            "error": {"error_code": "response_duplicate", "detail": "already used"},
        })))
        .mount(&server)
        .await;
    let app = friendly_app(&server, "closed").await;
    let s = status(&app).await;
    assert_eq!(s["challenge"]["kind"], "friendly_captcha");
    assert_eq!(s["challenge"]["site_key"], "FCMTEST-SITE-KEY");
    assert_eq!(app.get("/v1/challenge").await.status(), 404);

    assert_eq!(
        signup_with(&app, &[("renfort-challenge", "good-token")])
            .await
            .status(),
        202
    );
    let used = signup_with(&app, &[("renfort-challenge", "used-token")]).await;
    assert_eq!(problem(used, 400).await["code"], "challenge_failed");
}

#[tokio::test]
async fn when_the_vendor_fails_the_policy_decides_open_or_closed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/captcha/siteverify"))
        .respond_with(ResponseTemplate::new(503).set_body_string("upstream down"))
        .mount(&server)
        .await;
    let closed = friendly_app(&server, "closed").await;
    let refused = signup_with(&closed, &[("renfort-challenge", "any")]).await;
    assert!(refused.headers().contains_key("retry-after"));
    assert_eq!(problem(refused, 503).await["code"], "challenge_unavailable");
    assert!(closed
        .metrics()
        .await
        .contains(r#"renfort_signup_challenges_total{outcome="vendor_failed_closed"} 1"#));

    let open = friendly_app(&server, "open").await;
    assert_eq!(
        signup_with(&open, &[("renfort-challenge", "any")])
            .await
            .status(),
        202
    );
    assert!(open
        .metrics()
        .await
        .contains(r#"renfort_signup_challenges_total{outcome="vendor_failed_open"} 1"#));
}
