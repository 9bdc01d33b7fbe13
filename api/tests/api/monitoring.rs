//! What operators watch queries what the processes export: after a small
//! journey, the API's internal listener and a real `renfort worker`
//! process's are scraped, and every metric named by the Grafana dashboard
//! and the alert rules of deploy/monitoring is found in one of them.

use std::collections::BTreeSet;
use std::process::Stdio;

use serde_json::{json, Value};
use uuid::Uuid;

use crate::common::{free_port, fresh_database, pooler_url, redis_url, spawn_on, RenfortProcess};

fn metric_names(text: &str) -> BTreeSet<String> {
    let name = regex_lite::Regex::new(r"\brenfort_[a-z_]+").unwrap();
    name.find_iter(text)
        .map(|m| m.as_str().to_owned())
        .collect()
}

/// The metrics a scrape holds, by name (a histogram's `_bucket`, `_sum`
/// and `_count` series are each there).
fn exported(scrape: &str) -> BTreeSet<String> {
    scrape
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| l.split(['{', ' ']).next())
        .map(str::to_owned)
        .collect()
}

async fn scrape(address: &str) -> Option<String> {
    let response = reqwest::get(format!("{address}/metrics")).await.ok()?;
    response.status().is_success().then_some(())?;
    response.text().await.ok()
}

#[tokio::test]
async fn every_metric_on_the_dashboard_and_in_the_alerts_is_exported() {
    let (database_url, dir) = fresh_database().await;
    let prefix = format!("test:{}:", Uuid::now_v7().simple());
    // With Redis configured: a dead one when the run has none, so that
    // `renfort_redis_up` is there (at 0).
    let redis = redis_url().unwrap_or_else(|| "redis://127.0.0.1:9".to_owned());
    let app = spawn_on(
        &database_url,
        dir,
        json!({"redis": {"url": redis}}),
        &prefix,
    )
    .await;

    // The worker as production runs it: its own process and listener.
    let port = free_port();
    let mut env = vec![
        ("DATABASE_URL", database_url.clone()),
        (
            "RENFORT_AUTH__JWT_SECRET",
            "monitoring-test-signing-key-0123456789".to_owned(),
        ),
        ("RENFORT_METRICS__HOST", "127.0.0.1".to_owned()),
        ("RENFORT_METRICS__PORT", port.to_string()),
        ("RENFORT_DATABASE__MIGRATE_ON_START", "false".to_owned()),
        ("RENFORT_LOG__FILTER", "warn".to_owned()),
    ];
    if pooler_url().is_some() {
        env.push(("RENFORT_DATABASE__STATEMENT_TIMEOUT_MS", "0".to_owned()));
    }
    let _worker = RenfortProcess::start("worker", &env, Stdio::null());
    let worker_address = format!("http://127.0.0.1:{port}");

    // A journey that sets the outbox to work: a signup's activation email.
    assert_eq!(app.signup("watched@example.org").await.status(), 202);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let (api, work) = loop {
        if let (Some(api), Some(work)) = (
            scrape(&app.metrics_address).await,
            scrape(&worker_address).await,
        ) {
            if api.contains("renfort_worker_jobs_total{")
                || work.contains("renfort_worker_jobs_total{")
            {
                break (api, work);
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no job run shown by either listener"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let live = reqwest::get(format!("{worker_address}/health/live"))
        .await
        .unwrap();
    assert_eq!(live.status(), 200, "the worker answers liveness");
    let worker_metrics = exported(&work);
    for name in [
        "renfort_db_pool_connections",
        "renfort_outbox_jobs",
        "renfort_outbox_oldest_due_age_seconds",
    ] {
        assert!(
            worker_metrics.contains(name),
            "the worker exports {name}:\n{work}"
        );
    }

    let available: BTreeSet<String> = exported(&api).union(&worker_metrics).cloned().collect();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../deploy/monitoring");
    let dashboard: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{root}/grafana-dashboard.json")).unwrap(),
    )
    .unwrap();
    let queries: Vec<String> = dashboard["panels"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["targets"].as_array().unwrap().iter())
        .map(|t| t["expr"].as_str().unwrap().to_owned())
        .collect();
    assert!(queries.len() >= 10, "the dashboard has its panels");
    let alerts = std::fs::read_to_string(format!("{root}/alerts.yml")).unwrap();
    let mut missing = Vec::new();
    for (source, text) in queries
        .iter()
        .map(|q| ("dashboard", q.as_str()))
        .chain([("alerts.yml", alerts.as_str())])
    {
        for name in metric_names(text) {
            if !available.contains(&name) {
                missing.push(format!("{source}: {name}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "queried but not exported: {missing:?}\nexported: {available:?}"
    );
}

/// With `log.otlp_endpoint` set, requests become spans sent over OTLP/HTTP
/// (protobuf) to the receiver, each with its request id; the last ones
/// leave when the process is stopped.
#[tokio::test]
async fn requests_are_traced_to_an_otlp_receiver_with_their_request_id() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/traces"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&receiver)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("RENFORT_LOG__FILTER", "info".to_owned()),
        (
            "RENFORT_LOG__OTLP_ENDPOINT",
            format!("{}/v1/traces", receiver.uri()),
        ),
        ("RENFORT_LOG__OTLP_SAMPLE_RATIO", "1".to_owned()),
    ];
    let (server, api) = RenfortProcess::serve(dir.path(), &env, Stdio::null()).await;
    let answer = reqwest::get(format!("{api}/v1/domains")).await.unwrap();
    let id = answer
        .headers()
        .get("x-request-id")
        .map(|v| v.to_str().unwrap().to_owned());
    let id = id.expect("the service answered with a request id");
    assert!(server.stop().success(), "a clean stop");

    let sent = receiver.received_requests().await.unwrap();
    assert!(!sent.is_empty(), "spans were sent to the receiver");
    assert!(sent
        .iter()
        .all(|r| r.headers.get("content-type").unwrap() == "application/x-protobuf"));
    let bodies: Vec<u8> = sent.iter().flat_map(|r| r.body.clone()).collect();
    let holds = |needle: &str| bodies.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(holds(&id), "a span carries the request id {id}");
    assert!(holds("renfort"), "the spans name their service");
    assert!(holds("/v1/domains"), "the request's span names its path");
}
