use crate::common::spawn_app;
use serde_json::Value;

#[tokio::test]
async fn live_answers_without_touching_anything() {
    let app = spawn_app().await;
    let response = app.get("/health/live").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("x-request-id"));
}

#[tokio::test]
async fn ready_touches_the_database() {
    let app = spawn_app().await;
    let response = app.get("/health/ready").await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["checks"]["database"], "ok");
    let expected_redis = if crate::common::redis_url().is_some() {
        "ok"
    } else {
        "not_configured"
    };
    assert_eq!(body["checks"]["redis"], expected_redis);
}

#[tokio::test]
async fn a_database_outage_keeps_the_replica_in_service_for_cached_reads() {
    let app = spawn_app().await;
    // A visitor reads the listing: its answer is now cached.
    let listing = app.get("/v1/missions").await;
    assert_eq!(listing.status(), 200);
    let cached: Value = listing.json().await.unwrap();

    app.db.close().await;

    // Readiness stays 200 (the load balancer keeps the replica) and says
    // what is wrong, without the driver's message.
    let response = app.get("/health/ready").await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "degraded");
    assert_eq!(body["checks"]["database"], "unavailable");
    assert!(!body.to_string().contains("pool"), "{body}");

    // The cached read is still served, the same as before the outage.
    let listing = app.get("/v1/missions").await;
    assert_eq!(listing.status(), 200);
    assert_eq!(listing.json::<Value>().await.unwrap(), cached);

    // A write is refused at once with a problem the client can retry on.
    let refused = app
        .post_json(
            "/v1/auth/login",
            &serde_json::json!({"email": "outage@example.org", "password": "correct horse battery staple"}),
        )
        .await;
    assert_eq!(refused.status(), 503, "{:?}", refused.text().await);

    // Liveness never asks the database, on either listener.
    assert_eq!(app.get("/health/live").await.status(), 200);
    let internal = reqwest::get(format!("{}/health/live", app.metrics_address))
        .await
        .unwrap();
    assert_eq!(internal.status(), 200);
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = spawn_app().await;
    let a = app.get("/v1/status").await;
    let b = app.get("/v1/status").await;
    let id = |r: &reqwest::Response| r.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_ne!(id(&a), id(&b));
    // A request id from an untrusted client is not echoed (it could be
    // used to forge log correlation).
    let forged = app
        .client
        .get(app.url("/v1/status"))
        .header("x-request-id", "forged")
        .send()
        .await
        .unwrap();
    assert_ne!(id(&forged), "forged");
}

#[tokio::test]
async fn a_trusted_proxy_request_id_is_kept() {
    let app =
        crate::common::spawn_with(serde_json::json!({"http": {"trusted_proxies": ["127.0.0.1"]}}))
            .await;
    let response = app
        .client
        .get(app.url("/v1/status"))
        .header("x-request-id", "edge-42")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "edge-42");
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_expose_pool_and_outbox() {
    let app = spawn_app().await;
    app.get("/v1/domains").await;
    app.get("/v1/domains").await;
    app.get("/nowhere").await;
    // Invented methods share one series instead of growing one each.
    for invented in ["FOO1", "FOO2"] {
        app.client
            .request(
                reqwest::Method::from_bytes(invented.as_bytes()).unwrap(),
                app.url("/v1/domains"),
            )
            .send()
            .await
            .unwrap();
    }
    let text = app.metrics().await;
    assert!(!text.contains("FOO"), "{text}");
    assert!(text.contains(r#"method="other""#), "{text}");
    // Counts that only grow are counters; gauges measure.
    assert!(
        text.contains("# TYPE renfort_intake_signups_total counter"),
        "{text}"
    );
    assert!(
        text.contains("# TYPE renfort_outbox_oldest_due_age_seconds gauge"),
        "{text}"
    );
    assert!(
        text.contains(
            r#"renfort_http_requests_total{method="GET",route="/v1/domains",status="200"} 2"#
        ),
        "{text}"
    );
    assert!(text.contains(r#"route="unmatched",status="404""#), "{text}");
    assert!(text.contains("renfort_http_request_duration_seconds_bucket"));
    assert!(text.contains(r#"renfort_db_pool_connections{state="in_use"}"#));
    assert!(text.contains(r#"renfort_db_pool_connections{state="waiting"}"#));
}

#[tokio::test]
async fn a_stopped_server_finishes_and_refuses_new_connections() {
    let app = spawn_app().await;
    assert_eq!(app.get("/health/live").await.status(), 200);
    app.stop().await;
    let after = app.client.get(app.url("/health/live")).send().await;
    assert!(after.is_err(), "no longer accepting");
}
