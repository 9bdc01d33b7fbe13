use crate::common::spawn_app;
use serde_json::Value;

#[tokio::test]
async fn domains_list_the_fixed_taxonomy() {
    let app = spawn_app().await;
    let response = app.get("/v1/domains").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("max-age"));
    let body: Value = response.json().await.unwrap();
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 11);
    assert!(items
        .iter()
        .any(|d| d["slug"] == "crisis_response" && d["label"] == "Gestion des crises"));
}

#[tokio::test]
async fn departments_include_corsica_and_overseas() {
    let app = spawn_app().await;
    let body: Value = app.get("/v1/departments").await.json().await.unwrap();
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 101);
    for code in ["01", "2A", "2B", "75", "971", "976"] {
        assert!(items.iter().any(|d| d["code"] == code), "{code} is listed");
    }
    let corse_du_sud = items.iter().find(|d| d["code"] == "2A").unwrap();
    assert_eq!(corse_du_sud["region"], "Corse");
}

#[tokio::test]
async fn status_tells_the_version_and_mode() {
    let app = spawn_app().await;
    let body: Value = app.get("/v1/status").await.json().await.unwrap();
    assert_eq!(body["mode"], "normal");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
}
