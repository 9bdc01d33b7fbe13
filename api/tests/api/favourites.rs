//! Favourites: a volunteer bookmarks missions the public can see, and the
//! list says where each stands now.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{mission_body, problem, spawn_with};

#[tokio::test]
async fn a_volunteer_bookmarks_missions_and_sees_where_each_stands() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (owner, _referent, _admin, org, mission) = app.published_mission(5).await;
    let volunteer = app.volunteer("lea").await;
    let path = format!("/v1/me/favourites/{mission}");
    for _ in 0..2 {
        assert_eq!(
            app.send(Method::PUT, &path, &volunteer, None)
                .await
                .status(),
            204
        );
    }
    let list: Value = app
        .send(Method::GET, "/v1/me/favourites", &volunteer, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "bookmarking twice keeps one"
    );
    assert_eq!(list[0]["mission_id"], mission.as_str());
    assert_eq!(list[0]["state"], "published");
    assert_eq!(list[0]["open"], true);
    assert_eq!(list[0]["places_left"], 5);

    // A draft is not the public's to bookmark.
    let r = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/missions"),
            &owner,
            Some(mission_body("69002")),
        )
        .await;
    let draft = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    problem(
        app.send(
            Method::PUT,
            &format!("/v1/me/favourites/{draft}"),
            &volunteer,
            None,
        )
        .await,
        404,
    )
    .await;
    let anonymous = app.client.put(app.url(&path)).send().await.unwrap();
    problem(anonymous, 401).await;

    // Cancelled, it stays listed, closed.
    let r = app
        .transition(
            &owner,
            &format!("/v1/missions/{mission}/transitions"),
            "cancelled",
            Some("Annulée"),
        )
        .await;
    assert_eq!(r.status(), 200);
    let list: Value = app
        .send(Method::GET, "/v1/me/favourites", &volunteer, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["state"], "cancelled");
    assert_eq!(list[0]["open"], false);

    // It is part of the personal export; removing it empties the list.
    let export: Value = app
        .send(Method::GET, "/v1/me/export", &volunteer, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(export["favourites"][0]["mission_id"], mission.as_str());
    for _ in 0..2 {
        assert_eq!(
            app.send(Method::DELETE, &path, &volunteer, None)
                .await
                .status(),
            204
        );
    }
    let list: Value = app
        .send(Method::GET, "/v1/me/favourites", &volunteer, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list, json!([]));
}

#[tokio::test]
async fn one_daily_digest_tells_of_favourites_about_to_close_or_with_new_shifts() {
    use renfort::services::reminders::Reminder;
    use renfort::services::reminding;
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (_owner, _referent, _admin, _org, closing) = app.published_mission(5).await;
    let (_o2, _r2, _a2, _org2, later) = app.published_mission(5).await;
    let (_o3, _r3, _a3, _org3, applied) = app.published_mission(5).await;
    let (o4, _r4, _a4, _org4, new_shifts) = app.published_mission(5).await;
    let today = app.today();
    let mut conn = app.db.acquire().await.unwrap();
    for (mission, days) in [(&closing, 2), (&later, 10), (&applied, 1)] {
        renfort::on_conn!(&mut conn, c => sqlx::query("UPDATE missions SET start_date = $2, end_date = $3 WHERE id = $1")
            .bind(mission.parse::<uuid::Uuid>().unwrap())
            .bind(today - chrono::Duration::days(5))
            .bind(today + chrono::Duration::days(days))
            .execute(c)
            .await
            .map(|_| ()))
        .unwrap();
    }
    drop(conn);
    // Two shifts a week apart, added today, far from closing.
    let r = app
        .send(
            Method::POST,
            &format!("/v1/missions/{new_shifts}/shifts"),
            &o4,
            Some(
                json!({"day": today + chrono::Duration::days(20), "start_time": "09:00",
                        "end_time": "12:00", "capacity": 4,
                        "repeat": {"every": "week", "until": today + chrono::Duration::days(27)}}),
            ),
        )
        .await;
    assert_eq!(r.status(), 201);
    let volunteer = app.volunteer("lea").await;
    for mission in [&closing, &later, &applied, &new_shifts] {
        app.send(
            Method::PUT,
            &format!("/v1/me/favourites/{mission}"),
            &volunteer,
            None,
        )
        .await;
    }
    // Applied already: no need to be told.
    assert_eq!(app.apply(&volunteer, &applied, None).await.status(), 201);

    let settings = renfort::config::Settings::with_overrides(app.settings.clone()).unwrap();
    let digest = Reminder::FavouritesDigest {
        day: today,
        zone: chrono_tz::Europe::Paris,
    };
    assert_eq!(
        reminding::run(&app.db, &settings, &digest).await.unwrap(),
        None
    );
    assert_eq!(
        reminding::run(&app.db, &settings, &digest)
            .await
            .unwrap()
            .as_deref(),
        Some("already sent"),
        "one a day"
    );
    let mut conn = app.db.acquire().await.unwrap();
    let sent: Vec<sqlx::types::Json<Value>> = renfort::on_conn!(&mut conn, c => sqlx::query_scalar(
        "SELECT payload FROM outbox_jobs WHERE kind = 'email'",
    )
    .fetch_all(c)
    .await)
    .unwrap();
    let digests: Vec<&Value> = sent
        .iter()
        .map(|p| &p.0)
        .filter(|p| p["template"] == "favourites_digest" && p["to"] == volunteer.email.as_str())
        .collect();
    assert_eq!(digests.len(), 1);
    assert_eq!(
        digests[0]["params"]["missions"],
        format!(
            "- Distribution de repas : se termine le {}\n- Distribution de repas : 2 nouveaux créneaux",
            (today + chrono::Duration::days(2)).format("%d/%m/%Y")
        )
    );
}
