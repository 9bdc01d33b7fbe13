//! Saved searches: kept per person, refused when they ask nothing or
//! nonsense, never seen by another, exported and erased with the account;
//! and their alert, at most one email a day, telling each new matching
//! mission once and honouring the one-click unsubscribe.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{emails_to, mission_body, problem, spawn_with, TestApp};
use renfort::services::reminders::Reminder;
use renfort::services::reminding;

fn lyon_tutoring() -> Value {
    json!({
        "words": "soutien scolaire",
        "domains": ["education"],
        "around": {"latitude": 45.7676, "longitude": 4.8357, "radius_km": 15, "label": "Lyon"},
    })
}

async fn save(app: &TestApp, who: &crate::common::Session, body: Value) -> reqwest::Response {
    app.send(Method::POST, "/v1/me/saved-searches", who, Some(body))
        .await
}

async fn mine(app: &TestApp, who: &crate::common::Session) -> Vec<Value> {
    app.send(Method::GET, "/v1/me/saved-searches", who, None)
        .await
        .json()
        .await
        .unwrap()
}

/// Runs the day's alerts of Paris's zone (Lyon's clocks), as the worker
/// would at the reminders' hour.
async fn run_alerts(app: &TestApp) -> Option<String> {
    let settings = renfort::config::Settings::with_overrides(app.settings.clone()).unwrap();
    let alerts = Reminder::SavedSearchAlerts {
        day: app.today(),
        zone: chrono_tz::Europe::Paris,
    };
    reminding::run(&app.db, &settings, &alerts).await.unwrap()
}

#[tokio::test]
async fn a_search_is_kept_for_its_owner_alone_and_bad_ones_are_named() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let lea = app.volunteer("lea").await;
    let stranger = app.volunteer("stranger").await;

    let r = save(&app, &lea, lyon_tutoring()).await;
    assert_eq!(r.status(), 201);
    let saved: Value = r.json().await.unwrap();
    let id = saved["id"].as_str().unwrap().to_owned();
    assert_eq!(saved["criteria"]["words"], "soutien scolaire");
    assert_eq!(saved["criteria"]["around"]["label"], "Lyon");
    assert_eq!(mine(&app, &lea).await.len(), 1);

    // Another person sees none of it and cannot delete it.
    assert!(mine(&app, &stranger).await.is_empty());
    let path = format!("/v1/me/saved-searches/{id}");
    problem(app.send(Method::DELETE, &path, &stranger, None).await, 404).await;
    let anonymous = app
        .client
        .get(app.url("/v1/me/saved-searches"))
        .send()
        .await;
    assert_eq!(anonymous.unwrap().status(), 401);

    // Bad input is named field by field; nothing is kept.
    let p = problem(
        save(
            &app,
            &lea,
            json!({"domains": ["astrology"], "around": {"latitude": 45.7, "longitude": 4.8, "radius_km": 900}}),
        )
        .await,
        422,
    )
    .await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["domains", "around.radius_km"]);
    let p = problem(save(&app, &lea, json!({})).await, 422).await;
    assert_eq!(p["errors"][0]["code"], "required");
    let p = problem(save(&app, &lea, json!({"wordz": "x"})).await, 422).await;
    assert!(p.to_string().contains("wordz"), "{p}");
    assert_eq!(mine(&app, &lea).await.len(), 1);

    // Ten at most.
    for i in 0..9 {
        let r = save(&app, &lea, json!({"words": format!("mot{i}")})).await;
        assert_eq!(r.status(), 201);
    }
    let p = problem(save(&app, &lea, json!({"words": "encore"})).await, 409).await;
    assert_eq!(p["limit"], 10);

    // In the personal export; gone once deleted.
    let export: Value = app
        .send(Method::GET, "/v1/me/export", &lea, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(export["saved_searches"].as_array().unwrap().len(), 10);
    assert_eq!(export["notifications"]["saved_searches"], true);
    let r = app.send(Method::DELETE, &path, &lea, None).await;
    assert_eq!(r.status(), 204);
    assert_eq!(mine(&app, &lea).await.len(), 9);
    problem(app.send(Method::DELETE, &path, &lea, None).await, 404).await;
}

#[tokio::test]
async fn a_new_matching_mission_is_emailed_once_and_unsubscribing_stops_the_alerts() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (owner, referent, _admin, org, _first) = app.published_mission(5).await;
    let lea = app.volunteer("lea").await;
    assert_eq!(save(&app, &lea, lyon_tutoring()).await.status(), 201);
    // A second search matching the same mission: still told once.
    assert_eq!(
        save(&app, &lea, json!({"words": "collégiens"}))
            .await
            .status(),
        201
    );

    // Published before the search was saved: not news.
    // After: a tutoring mission in Lyon (told), one in Villefranche, 25 km
    // away, and a meal distribution in Lyon (not told).
    app.travel(chrono::Duration::minutes(1));
    let mut tutoring = mission_body("69003");
    tutoring["title"] = json!("Soutien scolaire des collégiens");
    tutoring["domain"] = json!("education");
    let told = app.publish(&owner, &referent, &org, tutoring.clone()).await;
    let mut far = tutoring.clone();
    far["title"] = json!("Soutien scolaire à Villefranche");
    far["addresses"] = json!([{"postcode": "69400", "city": "Villefranche-sur-Saône", "latitude": 45.9897, "longitude": 4.7186}]);
    app.publish(&owner, &referent, &org, far).await;
    app.publish(&owner, &referent, &org, mission_body("69003"))
        .await;

    assert_eq!(run_alerts(&app).await, None);
    assert_eq!(
        run_alerts(&app).await.as_deref(),
        Some("already sent"),
        "one a day"
    );
    let sent = emails_to(&app, "saved_search_alert", &lea.email).await;
    assert_eq!(sent.len(), 1);
    let params = &sent[0]["params"];
    assert_eq!(params["count"], "1");
    let missions = params["missions"].as_str().unwrap();
    assert!(
        missions.starts_with("- Soutien scolaire des collégiens (")
            && missions.ends_with(&format!("/missions/{told}")),
        "{missions}"
    );
    assert!(!missions.contains("Villefranche") && !missions.contains("Distribution"));
    let unsubscribe = sent[0]["unsubscribe"]
        .as_str()
        .expect("one-click unsubscribe");
    assert!(unsubscribe.contains(".saved_searches."), "{unsubscribe}");

    // The next day: nothing new, nothing sent; the same mission is not
    // told again.
    app.travel(chrono::Duration::days(1));
    let next_day = |app: &TestApp| Reminder::SavedSearchAlerts {
        day: app.today(),
        zone: chrono_tz::Europe::Paris,
    };
    let settings = renfort::config::Settings::with_overrides(app.settings.clone()).unwrap();
    assert_eq!(
        reminding::run(&app.db, &settings, &next_day(&app))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        emails_to(&app, "saved_search_alert", &lea.email)
            .await
            .len(),
        1
    );

    // One click in the email turns the alerts off: a new match is not sent.
    let path_and_query = &unsubscribe[unsubscribe.find("/v1/").unwrap()..];
    let r = app
        .client
        .post(app.url(path_and_query))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let mut again = tutoring;
    again["title"] = json!("Soutien scolaire du samedi");
    let (owner, referent) = (app.renewed(&owner), app.renewed(&referent));
    app.publish(&owner, &referent, &org, again).await;
    app.travel(chrono::Duration::days(1));
    assert_eq!(
        reminding::run(&app.db, &settings, &next_day(&app))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        emails_to(&app, "saved_search_alert", &lea.email)
            .await
            .len(),
        1
    );
    let prefs: Value = app
        .send(
            Method::GET,
            "/v1/me/notifications",
            &app.renewed(&lea),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(prefs["saved_searches"], false);
}

#[tokio::test]
async fn an_erased_account_leaves_no_saved_search() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let lea = app.volunteer("lea").await;
    assert_eq!(save(&app, &lea, lyon_tutoring()).await.status(), 201);
    let r = app
        .send(
            Method::DELETE,
            "/v1/me",
            &lea,
            Some(json!({"password": crate::common::PASSWORD})),
        )
        .await;
    assert_eq!(r.status(), 204);
    let mut conn = app.db.acquire().await.unwrap();
    let left: i64 = renfort::on_conn!(&mut conn, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM saved_searches",
    )
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(left, 0);
}
