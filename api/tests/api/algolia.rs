//! The Algolia adapter against local stand-ins: requests checked against
//! the official contract, host failover, no retry on 4xx, batching,
//! secured keys, and the fallback to the built-in engine.

use serde_json::{json, Value};
use uuid::Uuid;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::common::{eventually, spawn_with, TestApp};

fn algolia_settings(hosts: Vec<String>) -> Value {
    json!({"search": {
        "algolia_app_id": "TESTAPP",
        "algolia_admin_key": "admin-key",
        "algolia_search_key": "search-key",
        "algolia_index": "missions",
        "algolia_hosts": hosts,
        "timeout_ms": 500,
    }})
}

/// A schema of Algolia's official contract, by name.
fn contract(schema: &str) -> jsonschema::Validator {
    let spec = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/contracts/algolia-search.yml"
    ))
    .expect("the Algolia contract is in api/tests/contracts");
    let spec: Value = serde_norway::from_str(&spec).expect("valid YAML");
    let root =
        json!({"$ref": format!("#/components/schemas/{schema}"), "components": spec["components"]});
    jsonschema::validator_for(&root).expect("a usable schema")
}

fn assert_follows(schema: &str, body: &Value) {
    let validator = contract(schema);
    let errors: Vec<String> = validator.iter_errors(body).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "breaks Algolia's {schema}: {errors:?}");
}

async fn requests_to(server: &MockServer, p: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.url.path() == p)
        .collect()
}

async fn app_with(hosts: Vec<String>, worker: bool) -> TestApp {
    let mut settings = algolia_settings(hosts);
    settings["worker"] = json!({"embedded": worker});
    spawn_with(settings).await
}

#[tokio::test]
async fn publishing_sends_a_record_in_a_batch_the_contract_accepts() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/1/indexes/missions/batch"))
        .and(header("X-Algolia-Application-Id", "TESTAPP"))
        .and(header("X-Algolia-API-Key", "admin-key"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"taskID": 1, "objectIDs": []})),
        )
        .mount(&server)
        .await;
    let app = app_with(vec![server.uri()], true).await;
    let (_owner, _referent, _admin, _org, mission) = app.published_mission(7).await;
    eventually("the record reaches Algolia", || async {
        !requests_to(&server, "/1/indexes/missions/batch")
            .await
            .is_empty()
    })
    .await;
    let body: Value = requests_to(&server, "/1/indexes/missions/batch").await[0]
        .body_json()
        .unwrap();
    assert_follows("batchWriteParams", &body);
    let request = &body["requests"][0];
    assert_eq!(request["action"], "updateObject");
    let record = &request["body"];
    assert_eq!(record["objectID"], mission.as_str());
    assert_eq!(record["status"], "published");
    assert_eq!(record["places_left"], 7);
    assert!(
        record["_geoloc"][0]["lat"].is_f64(),
        "coordinates are numbers"
    );
    assert!(record["start_ts"].is_i64());
}

#[tokio::test]
async fn search_fails_over_to_the_next_host_and_never_retries_a_client_error() {
    let first = MockServer::start().await;
    let second = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&first)
        .await;
    let answer =
        json!({"results": [{"hits": [], "nbHits": 0, "nbPages": 0, "page": 0, "facets": {}}]});
    // Reads go with the search-only key, never the admin key.
    Mock::given(method("POST"))
        .and(path("/1/indexes/*/queries"))
        .and(header("X-Algolia-API-Key", "search-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .mount(&second)
        .await;
    let app = app_with(vec![first.uri(), second.uri()], false).await;
    let r = app
        .get("/v1/search/missions?q=repas&domains=health&facets=domain")
        .await;
    assert_eq!(r.headers()["x-search-engine"], "algolia");
    assert_eq!(requests_to(&first, "/1/indexes/*/queries").await.len(), 1);
    let sent: Value = requests_to(&second, "/1/indexes/*/queries").await[0]
        .body_json()
        .unwrap();
    let requests = sent["requests"].as_array().unwrap();
    assert_eq!(
        requests.len(),
        2,
        "the main query and the domain facet's own"
    );
    assert!(requests[0]["params"]
        .as_str()
        .unwrap()
        .contains("query=repas"));

    // A 4xx is an answer: no other host is tried.
    let refusing = MockServer::start().await;
    let spare = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"message": "bad"})))
        .mount(&refusing)
        .await;
    let app = app_with(vec![refusing.uri(), spare.uri()], false).await;
    let r = app.get("/v1/search/missions?q=repas").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-search-engine"], "builtin-fallback");
    assert!(spare
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());
}

#[tokio::test]
async fn a_dead_algolia_falls_back_to_the_built_in_engine_then_costs_nothing() {
    let dead = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&dead)
        .await;
    let app = app_with(vec![dead.uri()], false).await;
    let (_owner, _referent, _admin, _org, mission) = app.published_mission(3).await;
    for i in 0..6 {
        let r = app
            .get(&format!("/v1/search/missions?q=repas&page={i}"))
            .await;
        assert_eq!(r.headers()["x-search-engine"], "builtin-fallback");
        if i == 0 {
            let body: Value = r.json().await.unwrap();
            assert_eq!(body["hits"][0]["id"], mission.as_str());
        }
    }
    // Three failures open the circuit: later searches do not even try.
    assert_eq!(requests_to(&dead, "/1/indexes/*/queries").await.len(), 3);
}

#[tokio::test]
async fn twenty_five_hundred_changes_go_in_three_batches() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/1/indexes/missions/batch"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"taskID": 1, "objectIDs": []})),
        )
        .mount(&server)
        .await;
    let app = app_with(vec![server.uri()], false).await;
    let mut tx = app.db.begin().await.unwrap();
    for _ in 0..2500 {
        renfort::search::mission_changed(&mut tx, Uuid::now_v7())
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    // Past their coalescing window, then run a worker.
    app.travel(chrono::Duration::seconds(3));
    let settings = renfort::config::Settings::with_overrides(app.settings.clone()).unwrap();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(
        renfort::startup::worker(&settings, app.db.clone(), None)
            .unwrap()
            .run(stopped),
    );
    eventually("every change is indexed", || async {
        renfort::store::outbox::backlog(&app.db)
            .await
            .unwrap()
            .iter()
            .all(|c| c.kind != "search_index")
    })
    .await;
    stop.send(true).unwrap();
    worker.await.unwrap();
    let batches = requests_to(&server, "/1/indexes/missions/batch").await;
    assert_eq!(batches.len(), 3);
    let sizes: Vec<usize> = batches
        .iter()
        .map(|r| {
            r.body_json::<Value>().unwrap()["requests"]
                .as_array()
                .unwrap()
                .len()
        })
        .collect();
    assert_eq!(sizes, vec![1000, 1000, 500]);
    let body: Value = batches[0].body_json().unwrap();
    assert_follows("batchWriteParams", &body);
    assert_eq!(
        body["requests"][0]["action"], "deleteObject",
        "unknown missions are deleted"
    );
}

#[tokio::test]
async fn the_browser_gets_a_secured_key_or_is_told_to_use_the_api() {
    let app = app_with(vec!["http://127.0.0.1:9".into()], false).await;
    let key: Value = app.get("/v1/search/key").await.json().await.unwrap();
    assert_eq!(key["engine"], "algolia");
    assert_eq!(key["app_id"], "TESTAPP");
    use base64::Engine;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(key["key"].as_str().unwrap())
        .unwrap();
    let decoded = String::from_utf8(decoded).unwrap();
    let query = &decoded[64..];
    assert!(
        query.starts_with("filters=status%3Apublished&restrictIndices=missions&validUntil="),
        "{query}"
    );
    let valid_until: i64 = query.rsplit('=').next().unwrap().parse().unwrap();
    assert_eq!(key["valid_until"], valid_until);
    assert!((valid_until - chrono::Utc::now().timestamp() - 3600).abs() < 5);

    let plain = spawn_with(json!({})).await;
    let key: Value = plain.get("/v1/search/key").await.json().await.unwrap();
    assert_eq!(key["engine"], "builtin");
    assert_eq!(key["search_path"], "/v1/search/missions");
}

#[tokio::test]
async fn index_settings_follow_the_contract() {
    // `indexSettings` is an allOf of two schemas that each refuse the
    // other's properties (the contract's known quirk): each of our
    // settings must belong to one part and be valid there.
    let settings: Value = serde_json::from_str(renfort::search::algolia::INDEX_SETTINGS).unwrap();
    let spec = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/contracts/algolia-search.yml"
    ))
    .unwrap();
    let spec: Value = serde_norway::from_str(&spec).unwrap();
    let parts = ["baseIndexSettings", "indexSettingsAsSearchParams"];
    let mut placed = 0;
    for part in parts {
        let known = spec["components"]["schemas"][part]["properties"]
            .as_object()
            .expect("a part with properties");
        let subset: serde_json::Map<String, Value> = settings
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| known.contains_key(*k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        placed += subset.len();
        assert_follows(part, &Value::Object(subset));
    }
    assert_eq!(
        placed,
        settings.as_object().unwrap().len(),
        "every setting is one Algolia knows"
    );
}
