//! Where volunteers and applications come from: a link's campaign tags and
//! API Engagement's click id, kept with the account and the participation,
//! in the person's export, shown to no one else, erased with the account.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{problem, signup_body, spawn_app, unique_email, PASSWORD};

#[tokio::test]
async fn a_signup_and_an_application_keep_where_they_came_from_for_the_person_alone() {
    let app = spawn_app().await;
    let (owner, _referent, _admin, org, mission) = app.published_mission(5).await;

    let email = unique_email("from-campaign");
    let mut body = signup_body(&email);
    body["utm_source"] = json!("mairie-de-lyon");
    body["utm_medium"] = json!("affiche");
    body["utm_campaign"] = json!("  rentree  ");
    assert_eq!(app.post_json("/v1/auth/signup", &body).await.status(), 202);
    let volunteer = app.activate(&email).await;
    let r = app
        .send(
            Method::POST,
            &format!("/v1/missions/{mission}/participations"),
            &volunteer,
            Some(json!({"utm_source": "api-engagement", "apiengagement_id": "64a1b2c3d4e5f6789abc0088"})),
        )
        .await;
    assert_eq!(r.status(), 201);
    let participation = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let export: Value = app
        .send(Method::GET, "/v1/me/export", &volunteer, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        export["origin"],
        json!({"utm_source": "mairie-de-lyon", "utm_medium": "affiche", "utm_campaign": "rentree", "apiengagement_id": null})
    );
    let applied = &export["participations"][0];
    assert_eq!(applied["id"], participation.as_str());
    assert_eq!(
        applied["origin"]["apiengagement_id"],
        "64a1b2c3d4e5f6789abc0088"
    );
    assert_eq!(applied["origin"]["utm_source"], "api-engagement");

    // The organisation sees the application, not where it came from.
    for path in [
        format!("/v1/missions/{mission}/participations"),
        format!("/v1/participations/{participation}"),
        format!("/v1/organizations/{org}/exports/participations"),
    ] {
        let r = app.send(Method::GET, &path, &owner, None).await;
        assert_eq!(r.status(), 200, "{path}");
        let text = r.text().await.unwrap();
        assert!(
            text.contains(&participation),
            "{path} lists the application"
        );
        assert!(
            !text.contains("64a1b2c3d4e5f6789abc0088") && !text.contains("mairie-de-lyon"),
            "{path} shows where the volunteer came from"
        );
    }

    // Erased with the account.
    let r = app
        .send(
            Method::DELETE,
            "/v1/me",
            &volunteer,
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(r.status(), 204, "{}", r.text().await.unwrap());
    let mut conn = app.db.acquire().await.unwrap();
    let kept: Vec<(Option<String>, Option<String>)> =
        renfort::on_conn!(&mut conn, c => sqlx::query_as(
        "SELECT utm_source, apiengagement_id FROM accounts WHERE id = $1
         UNION ALL SELECT utm_source, apiengagement_id FROM participations WHERE id = $2",
    )
    .bind(uuid::Uuid::parse_str(&volunteer.account_id).unwrap())
    .bind(uuid::Uuid::parse_str(&participation).unwrap())
    .fetch_all(c)
    .await)
        .unwrap();
    assert_eq!(kept, vec![(None, None), (None, None)]);
}

#[tokio::test]
async fn a_tag_that_cannot_be_kept_is_refused_naming_its_field() {
    let app = spawn_app().await;
    let mut body = signup_body(&unique_email("bad-tag"));
    body["utm_campaign"] = json!("deux\nlignes");
    let p = problem(app.post_json("/v1/auth/signup", &body).await, 422).await;
    assert_eq!(p["errors"][0]["field"], "utm_campaign");

    let (_owner, _referent, _admin, _org, mission) = app.published_mission(5).await;
    let volunteer = app.volunteer("bad-click").await;
    let r = app
        .send(
            Method::POST,
            &format!("/v1/missions/{mission}/participations"),
            &volunteer,
            Some(json!({"apiengagement_id": "x".repeat(201)})),
        )
        .await;
    let p = problem(r, 422).await;
    assert_eq!(p["errors"][0]["field"], "apiengagement_id");
    // Nothing was written: the volunteer may still apply.
    assert_eq!(app.apply(&volunteer, &mission, None).await.status(), 201);
}

#[tokio::test]
async fn applications_are_counted_by_source_for_the_organisation_and_the_department() {
    let app = crate::common::spawn_with(json!({"worker": {"embedded": false}})).await;
    let (owner, referent, _admin, org, mission) = app.published_mission(5).await;
    for (name, origin) in [
        ("from-newsletter", json!({"utm_source": "newsletter"})),
        (
            "from-hub",
            json!({"apiengagement_id": "64a1b2c3d4e5f6789abc0088"}),
        ),
        ("direct-1", json!({})),
        ("direct-2", json!({})),
    ] {
        let volunteer = app.volunteer(name).await;
        let r = app
            .send(
                Method::POST,
                &format!("/v1/missions/{mission}/participations"),
                &volunteer,
                Some(origin),
            )
            .await;
        assert_eq!(r.status(), 201);
    }
    renfort::services::statistics::refresh(&app.db, app.now())
        .await
        .unwrap();
    let expected = json!({"newsletter": 1, "api-engagement": 1, "direct": 2});
    let stats: Value = app
        .send(
            Method::GET,
            &format!("/v1/organizations/{org}/statistics"),
            &owner,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stats["applications_by_source"], expected);
    let department: Value = app
        .send(
            Method::GET,
            "/v1/moderation/statistics?department=69",
            &referent,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(department[0]["applications_by_source"], expected);
}
