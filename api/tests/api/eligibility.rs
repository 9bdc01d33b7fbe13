//! Access conditions of a mission: accessibility flags shown, filtered
//! and counted; minors refused or asked for a parent's consent, as the
//! mission says.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{problem, spawn_app, years_ago, TestApp};

async fn mission(app: &TestApp, owner: &crate::common::Session, id: &str) -> Value {
    app.send(Method::GET, &format!("/v1/missions/{id}"), owner, None)
        .await
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn access_conditions_are_shown_edited_and_listed_by() {
    let app = spawn_app().await;
    let (owner, _referent, _admin, _org, id) = app.published_mission(5).await;
    // By default: nothing stated, open from 16, so open to minors.
    let before = mission(&app, &owner, &id).await;
    assert_eq!(
        before["access"],
        json!({"reduced_mobility": false, "public_transport": false, "parental_consent": false, "prerequisites": null})
    );
    assert_eq!(before["accessibility"], json!(["open_to_minors"]));

    let edited = app
        .send(
            Method::PATCH,
            &format!("/v1/missions/{id}"),
            &owner,
            Some(json!({"access": {"reduced_mobility": true, "public_transport": true, "prerequisites": "  Chaussures de sécurité  "}})),
        )
        .await;
    assert_eq!(edited.status(), 200);
    let edited: Value = edited.json().await.unwrap();
    assert_eq!(edited["access"]["prerequisites"], "Chaussures de sécurité");
    // Not a material change: the mission stays published.
    assert_eq!(edited["state"], "published");
    assert_eq!(
        edited["accessibility"],
        json!(["reduced_mobility", "public_transport", "open_to_minors"])
    );
    // The public page shows them too.
    let public: Value = app
        .get(&format!("/v1/missions/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public["access"]["reduced_mobility"], true);

    // The public listing filters on every flag asked for.
    let listed = |query: &'static str| {
        let app = &app;
        async move {
            let r = app.get(&format!("/v1/missions?{query}")).await;
            assert_eq!(r.status(), 200, "{query}");
            let page: Value = r.json().await.unwrap();
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        listed("accessibility=reduced_mobility,public_transport").await,
        std::slice::from_ref(&id)
    );
    let r = app
        .send(
            Method::PATCH,
            &format!("/v1/missions/{id}"),
            &owner,
            Some(json!({"access": {"reduced_mobility": true}})),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert!(
        listed("accessibility=public_transport,reduced_mobility&limit=50")
            .await
            .is_empty()
    );
    assert_eq!(
        listed("accessibility=reduced_mobility&limit=51").await,
        std::slice::from_ref(&id)
    );

    // Search finds it by its flags, and counts them.
    let found: Value = app
        .get("/v1/search/missions?accessibility=reduced_mobility&facets=accessibility")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found["total_hits"], 1);
    assert_eq!(
        found["facets"]["accessibility"],
        json!({"reduced_mobility": 1, "open_to_minors": 1})
    );
    let none: Value = app
        .get("/v1/search/missions?accessibility=public_transport")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(none["total_hits"], 0);

    // Bad values are named.
    let p = problem(app.get("/v1/missions?accessibility=lift").await, 422).await;
    assert_eq!(p["errors"][0]["field"], "accessibility");
    let r = app
        .send(
            Method::PATCH,
            &format!("/v1/missions/{id}"),
            &owner,
            Some(json!({"access": {"prerequisites": "x".repeat(1001)}})),
        )
        .await;
    let p = problem(r, 422).await;
    assert_eq!(p["errors"][0]["field"], "access.prerequisites");
    let r = app
        .send(
            Method::PATCH,
            &format!("/v1/missions/{id}"),
            &owner,
            Some(json!({"access": {"wheelchair": true}})),
        )
        .await;
    let p = problem(r, 422).await;
    assert!(
        p.to_string().contains("wheelchair"),
        "unknown fields are named: {p}"
    );
}

async fn apply(
    app: &TestApp,
    who: &crate::common::Session,
    mission: &str,
    consent: Option<bool>,
) -> reqwest::Response {
    let mut body = json!({"motivation": "Motivé"});
    if let Some(c) = consent {
        body["parental_consent"] = json!(c);
    }
    app.send(
        Method::POST,
        &format!("/v1/missions/{mission}/participations"),
        who,
        Some(body),
    )
    .await
}

#[tokio::test]
async fn minors_give_a_parents_consent_where_the_mission_asks_and_are_refused_below_its_age() {
    let app = spawn_app().await;
    let (owner, referent, _admin, _org, id) = app.published_mission(5).await;
    let r = app
        .send(
            Method::PATCH,
            &format!("/v1/missions/{id}"),
            &owner,
            Some(json!({"access": {"parental_consent": true}})),
        )
        .await;
    assert_eq!(r.status(), 200);
    let minor = app.quick_volunteers(1, &years_ago(16)).await.remove(0);
    let adult = app.quick_volunteers(1, &years_ago(30)).await.remove(0);
    let apply = |who, consent| apply(&app, who, &id, consent);

    // A minor without the consent: asked for it, and nothing is written.
    for consent in [None, Some(false)] {
        let p = problem(apply(&minor, consent).await, 422).await;
        assert_eq!(p["code"], "parental_consent_required");
    }
    let mine: Value = app
        .send(Method::GET, "/v1/me/participations", &minor, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["items"], json!([]));
    // With it: taken, and the organisation sees when it was given; an
    // adult needs none.
    let consent_seen = |applied: reqwest::Response| {
        let (app, owner) = (&app, &owner);
        async move {
            assert_eq!(applied.status(), 201);
            let applied: Value = applied.json().await.unwrap();
            let path = format!("/v1/participations/{}", applied["id"].as_str().unwrap());
            let seen: Value = app
                .send(Method::GET, &path, owner, None)
                .await
                .json()
                .await
                .unwrap();
            seen["parental_consent_at"].clone()
        }
    };
    assert!(consent_seen(apply(&minor, Some(true)).await)
        .await
        .is_string());
    assert_eq!(consent_seen(apply(&adult, None).await).await, Value::Null);

    // Closed to minors (18 and over): a minor is too young, consent or not.
    let r = app
        .send(
            Method::PATCH,
            &format!("/v1/missions/{id}"),
            &owner,
            Some(json!({"minimum_age": 18})),
        )
        .await;
    assert_eq!(r.status(), 200);
    app.transition(
        &referent,
        &format!("/v1/missions/{id}/transitions"),
        "published",
        None,
    )
    .await;
    let other_minor = app.quick_volunteers(1, &years_ago(17)).await.remove(0);
    let p = problem(apply(&other_minor, Some(true)).await, 422).await;
    assert_eq!(p["code"], "too_young");
    let m = mission(&app, &owner, &id).await;
    assert_eq!(m["accessibility"], json!([]), "no longer open to minors");
}
