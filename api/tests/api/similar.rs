//! Missions like this one nearby, with places: at the end of a mission's
//! page, and where a full mission sends people instead.

use serde_json::{json, Value};

use crate::common::{mission_body, problem, spawn_app, Session, TestApp};

/// Publishes a mission of `org` at a place, in a domain, with places.
async fn mission_at(
    app: &TestApp,
    (owner, referent, org): (&Session, &Session, &str),
    (postcode, latitude, longitude): (&str, f64, f64),
    domain: &str,
    capacity: i32,
) -> String {
    let mut body = mission_body(postcode);
    body["domain"] = json!(domain);
    body["capacity"] = json!(capacity);
    body["addresses"] = json!([{"postcode": postcode, "city": "Ici", "latitude": latitude, "longitude": longitude}]);
    app.publish(owner, referent, org, body).await
}

#[tokio::test]
async fn a_full_mission_points_to_missions_like_it_nearby_with_places() {
    let app = spawn_app().await;
    // Lyon, one place.
    let (owner, referent, _admin, org, full) = app.published_mission(1).await;
    let lyon = (&owner, &referent, org.as_str());
    let villeurbanne = mission_at(
        &app,
        lyon,
        ("69100", 45.7719, 4.8902),
        "solidarity_inclusion",
        5,
    )
    .await;
    let other_domain = mission_at(&app, lyon, ("69100", 45.7719, 4.8902), "sport", 5).await;
    let also_full = mission_at(
        &app,
        lyon,
        ("69003", 45.7597, 4.8422),
        "solidarity_inclusion",
        1,
    )
    .await;
    let (owner13, referent13, _, org13, _) = app.published_mission_at(5, "13001").await;
    let marseille = mission_at(
        &app,
        (&owner13, &referent13, org13.as_str()),
        ("13001", 43.2965, 5.3698),
        "solidarity_inclusion",
        5,
    )
    .await;
    for mission in [&full, &also_full] {
        let v = app.volunteer("takes-the-last-place").await;
        assert_eq!(app.apply(&v, mission, None).await.status(), 201);
    }

    let late = app.volunteer("too-late").await;
    let p = problem(app.apply(&late, &full, None).await, 409).await;
    assert_eq!(p["code"], "mission_full");
    let link = p["similar"].as_str().expect("a link to similar missions");
    assert_eq!(link, format!("/v1/missions/{full}/similar"));

    let r = app.get(link).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["cache-control"]
        .to_str()
        .unwrap()
        .starts_with("public"));
    let items: Vec<String> = r.json::<Value>().await.unwrap()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(items.contains(&villeurbanne), "{items:?}");
    for left_out in [&full, &other_domain, &also_full, &marseille] {
        assert!(!items.contains(left_out), "{left_out} in {items:?}");
    }
}

#[tokio::test]
async fn only_a_public_mission_has_similar_ones_and_the_limit_is_checked() {
    let app = spawn_app().await;
    let (_owner, referent, _admin, _org, mission) = app.published_mission(5).await;
    let p = problem(
        app.get(&format!("/v1/missions/{mission}/similar?limit=13"))
            .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "limit");
    let r = app
        .transition(
            &referent,
            &format!("/v1/missions/{mission}/transitions"),
            "flagged",
            Some("À vérifier"),
        )
        .await;
    assert_eq!(r.status(), 200);
    problem(
        app.get(&format!("/v1/missions/{mission}/similar?limit=3"))
            .await,
        404,
    )
    .await;
    problem(
        app.get(&format!("/v1/missions/{}/similar", uuid::Uuid::now_v7()))
            .await,
        404,
    )
    .await;
}
