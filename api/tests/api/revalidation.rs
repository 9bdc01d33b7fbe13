//! What the CDN keeps: every public answer (mission page, listing, search,
//! statistics) carries an `ETag` that a revalidation with `If-None-Match`
//! answers 304 without a body, and a freshness that stretches in degraded
//! mode. The admins' statistics negotiate JSON or CSV, and say so.

use reqwest::Method;
use serde_json::json;

use crate::common::{problem, spawn_with, TestApp};

/// The header names a `Vary` lists, lowercase and sorted.
fn vary(headers: &reqwest::header::HeaderMap) -> Vec<String> {
    let mut names: Vec<String> = headers
        .get_all("vary")
        .iter()
        .flat_map(|v| v.to_str().unwrap().split(','))
        .map(|n| n.trim().to_ascii_lowercase())
        .collect();
    names.sort();
    names
}

/// A public GET, then the same with its `ETag`: 200 with a body, then 304
/// without one; returns the first answer's `Cache-Control`.
async fn revalidates(app: &TestApp, path: &str) -> String {
    let first = app.get(path).await;
    assert_eq!(first.status(), 200, "{path}");
    let headers = first.headers().clone();
    let etag = headers["etag"].to_str().unwrap().to_owned();
    assert!(
        etag.starts_with('"') && etag.ends_with('"'),
        "{path}: {etag}"
    );
    // The same bytes for everyone: only the CORS headers, which answer
    // the caller's Origin, vary; never on who asks or in which language.
    assert_eq!(
        vary(&headers),
        [
            "access-control-request-headers",
            "access-control-request-method",
            "origin"
        ],
        "{path}"
    );
    assert!(!first.bytes().await.unwrap().is_empty());

    let again = app
        .client
        .get(app.url(path))
        .header("if-none-match", format!("\"0123456789abcdef\", {etag}"))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304, "{path}");
    assert_eq!(again.headers()["etag"], etag.as_str());
    assert_eq!(again.headers()["cache-control"], headers["cache-control"]);
    assert!(
        again.bytes().await.unwrap().is_empty(),
        "{path}: 304 has no body"
    );

    // Another validator: the whole answer again.
    let stale = app
        .client
        .get(app.url(path))
        .header("if-none-match", "\"0123456789abcdef\"")
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 200, "{path}");
    headers["cache-control"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn listing_search_statistics_and_the_mission_page_answer_304_to_their_etag() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (_owner, _referent, _admin, _org, mission) = app.published_mission(5).await;
    renfort::services::statistics::refresh(&app.db, app.now())
        .await
        .unwrap();

    let thirty = "public, max-age=30, stale-while-revalidate=60";
    assert_eq!(
        revalidates(&app, &format!("/v1/missions/{mission}")).await,
        thirty
    );
    assert_eq!(
        revalidates(&app, "/v1/missions?department=69").await,
        thirty
    );
    assert_eq!(
        revalidates(&app, "/v1/search/missions?q=denr%C3%A9es&departments=69").await,
        "public, max-age=30, stale-while-revalidate=30"
    );
    assert_eq!(
        revalidates(&app, "/v1/statistics").await,
        "public, max-age=300, stale-while-revalidate=300"
    );
    let search = app.get("/v1/search/missions?departments=69").await;
    assert_eq!(search.headers()["x-search-engine"], "builtin");

    // Degraded: the CDN keeps its copies ten times longer (the policy's
    // factor), and serves them stale ten times longer while it revalidates.
    app.platform
        .mode
        .set(renfort::platform::Mode::Degraded)
        .await
        .unwrap();
    assert_eq!(
        revalidates(&app, "/v1/missions?department=69").await,
        "public, max-age=300, stale-while-revalidate=600"
    );
    assert_eq!(
        revalidates(&app, &format!("/v1/missions/{mission}")).await,
        "public, max-age=300, stale-while-revalidate=600"
    );
    assert_eq!(
        revalidates(&app, "/v1/search/missions?departments=69").await,
        "public, max-age=300, stale-while-revalidate=300"
    );
    assert_eq!(
        revalidates(&app, "/v1/statistics").await,
        "public, max-age=3000, stale-while-revalidate=3000"
    );
}

#[tokio::test]
async fn admin_statistics_are_json_or_csv_as_accept_asks_and_406_otherwise() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (_owner, _referent, admin, _org, _mission) = app.published_mission(5).await;
    let ask = |accept: &'static str| {
        app.client
            .request(Method::GET, app.url("/v1/admin/statistics"))
            .bearer_auth(&admin.access)
            .header("accept", accept)
            .header("accept-language", "fr-FR, fr;q=0.9, en;q=0.5")
            .send()
    };
    let json = ask("application/json").await.unwrap();
    assert_eq!(json.status(), 200);
    assert_eq!(json.headers()["content-type"], "application/json");
    assert!(vary(json.headers()).starts_with(&["accept".into(), "accept-language".into()]));

    let csv = ask("text/csv").await.unwrap();
    assert_eq!(csv.status(), 200);
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(vary(csv.headers()), vary(json.headers()));
    // French reader: semicolons.
    let text = csv.text().await.unwrap();
    assert!(
        text.trim_start_matches('\u{feff}')
            .starts_with("department;volunteers;missions_published"),
        "{text}"
    );

    let anything = ask("*/*").await.unwrap();
    assert_eq!(anything.headers()["content-type"], "application/json");

    let refused = problem(ask("application/xml").await.unwrap(), 406).await;
    assert_eq!(refused["code"], "not_acceptable");
    assert!(refused["detail"].as_str().unwrap().contains("text/csv"));

    // `?format=` is explicit and wins over `Accept`.
    let explicit = app
        .client
        .get(app.url("/v1/admin/statistics?format=csv"))
        .bearer_auth(&admin.access)
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(
        explicit.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
}
