//! The committed OpenAPI document is the code's: third parties generate
//! clients from it, so a drift is a failure.

use crate::common::spawn_app;
use serde_json::Value;

const COMMITTED: &str = include_str!("../../../openapi/openapi.json");

#[test]
fn committed_document_matches_the_code() {
    let generated = renfort::http::openapi().to_pretty_json().unwrap();
    assert!(
        generated.trim() == COMMITTED.trim(),
        "openapi/openapi.json is out of date; regenerate it with:\n    cargo run -q -- openapi > openapi/openapi.json"
    );
}

#[tokio::test]
async fn the_served_document_is_the_committed_one() {
    let app = spawn_app().await;
    let served: Value = app.get("/openapi.json").await.json().await.unwrap();
    let committed: Value = serde_json::from_str(COMMITTED).unwrap();
    assert!(
        served == committed,
        "the served document differs from openapi/openapi.json"
    );
    assert!(served["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(served["paths"]["/v1/domains"]["get"].is_object());
    assert!(served["components"]["schemas"]["Problem"].is_object());
}
