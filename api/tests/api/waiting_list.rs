//! Waiting lists: a full mission's list, first come first served; a freed
//! place goes to the first in line in the transaction that freed it, and
//! places freed at once go to distinct people, nobody skipped or twice.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{problem, spawn_with, Session, TestApp};

async fn join(app: &TestApp, who: &Session, mission: &str) -> reqwest::Response {
    app.send(
        Method::POST,
        &format!("/v1/missions/{mission}/waiting-list"),
        who,
        Some(json!({"motivation": "Disponible"})),
    )
    .await
}

async fn participation_of(app: &TestApp, who: &Session, mission: &str) -> Option<Value> {
    let mine: Value = app
        .send(Method::GET, "/v1/me/participations", who, None)
        .await
        .json()
        .await
        .unwrap();
    mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["mission"]["id"] == mission)
        .cloned()
}

async fn places_taken(app: &TestApp, _owner: &Session, mission: &str) -> i64 {
    let mut conn = app.db.acquire().await.unwrap();
    let taken: i32 = renfort::on_conn!(&mut conn, c => sqlx::query_scalar("SELECT places_taken FROM missions WHERE id = $1")
        .bind(mission.parse::<uuid::Uuid>().unwrap())
        .fetch_one(c)
        .await)
    .unwrap();
    i64::from(taken)
}

async fn set_state(
    app: &TestApp,
    who: &Session,
    participation: &str,
    to: &str,
) -> reqwest::Response {
    app.send(
        Method::POST,
        &format!("/v1/participations/{participation}/transitions"),
        who,
        Some(json!({"to": to, "reason": "Un empêchement"})),
    )
    .await
}

fn birth() -> String {
    crate::common::years_ago(30)
}

#[tokio::test]
async fn a_freed_place_goes_to_the_first_in_line_who_may_pass_it_on() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (owner, _referent, _admin, _org, mission) = app.published_mission(1).await;
    let people = app.quick_volunteers(3, &birth()).await;
    let (first, second, third) = (&people[0], &people[1], &people[2]);
    let r = app.apply(first, &mission, Some("Motivée")).await;
    let taken = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    problem(app.apply(second, &mission, None).await, 409).await;
    let placed: Value = join(&app, second, &mission).await.json().await.unwrap();
    assert_eq!(placed["position"], 1);
    let placed: Value = join(&app, third, &mission).await.json().await.unwrap();
    assert_eq!(placed["position"], 2);
    let export: Value = app
        .send(Method::GET, "/v1/me/export", third, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        export["waiting_lists"][0]["position"], 2,
        "part of the personal export"
    );
    assert_eq!(
        join(&app, third, &mission).await.status(),
        201,
        "joining twice keeps one place"
    );

    // The first cancels: the second is promoted, at once, and told.
    assert_eq!(
        set_state(&app, first, &taken, "cancelled").await.status(),
        200
    );
    let promoted = participation_of(&app, second, &mission)
        .await
        .expect("promoted");
    assert_eq!(promoted["state"], "pending");
    assert_eq!(places_taken(&app, &owner, &mission).await, 1);
    // A promotion is an application like any other: the organisation is
    // reminded of it at three and seven days, as of a direct one.
    let promoted_id = promoted["id"].as_str().unwrap();
    let reminded = crate::reminders::waiting(&app)
        .await
        .into_iter()
        .filter(|(k, _, _)| k.contains(promoted_id))
        .count();
    assert_eq!(reminded, 2, "the 3- and 7-day reminders of the promotion");
    let line: Value = app
        .send(Method::GET, "/v1/me/waiting-lists", third, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(line[0]["position"], 1);

    // The promoted one declines the place: the next gets it.
    let id = promoted["id"].as_str().unwrap();
    assert_eq!(set_state(&app, second, id, "cancelled").await.status(), 200);
    let next = participation_of(&app, third, &mission)
        .await
        .expect("promoted in turn");
    assert_eq!(next["state"], "pending");
    assert_eq!(places_taken(&app, &owner, &mission).await, 1);
    let line: Value = app
        .send(Method::GET, "/v1/me/waiting-lists", third, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(line, json!([]));
}

#[tokio::test]
async fn only_a_full_mission_has_a_list_and_more_capacity_empties_it_first() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (owner, _referent, _admin, _org, mission) = app.published_mission(1).await;
    let people = app.quick_volunteers(3, &birth()).await;
    let p = problem(join(&app, &people[0], &mission).await, 409).await;
    assert_eq!(p["code"], "places_left");
    assert_eq!(app.apply(&people[0], &mission, None).await.status(), 201);
    // Already applied: no list for them.
    assert_eq!(
        problem(join(&app, &people[0], &mission).await, 409).await["code"],
        "already_applied"
    );
    for who in &people[1..] {
        assert_eq!(join(&app, who, &mission).await.status(), 201);
    }
    // Leaving works once.
    let path = format!("/v1/missions/{mission}/waiting-list");
    assert_eq!(
        app.send(Method::DELETE, &path, &people[2], None)
            .await
            .status(),
        204
    );
    problem(app.send(Method::DELETE, &path, &people[2], None).await, 404).await;
    assert_eq!(join(&app, &people[2], &mission).await.status(), 201);

    // Two more places: both waiting people are promoted.
    let r = app
        .send(
            Method::PATCH,
            &format!("/v1/missions/{mission}"),
            &owner,
            Some(json!({"capacity": 3})),
        )
        .await;
    assert_eq!(r.status(), 200);
    for who in &people[1..] {
        assert!(participation_of(&app, who, &mission).await.is_some());
    }
    assert_eq!(places_taken(&app, &owner, &mission).await, 3);
}

#[tokio::test]
async fn places_freed_at_once_go_to_distinct_people_in_order() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    for round in 0..4 {
        let (owner, _referent, _admin, _org, mission) = app.published_mission(3).await;
        let holders = app.quick_volunteers(3, &birth()).await;
        let mut taken = Vec::new();
        for who in &holders {
            let r = app.apply(who, &mission, None).await;
            taken.push(
                r.json::<Value>().await.unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            );
        }
        let waiting = app.quick_volunteers(6, &birth()).await;
        for who in &waiting {
            assert_eq!(join(&app, who, &mission).await.status(), 201);
        }
        // The three cancel at the same moment.
        let cancels = holders
            .iter()
            .zip(&taken)
            .map(|(who, id)| set_state(&app, who, id, "cancelled"));
        for r in futures_util::future::join_all(cancels).await {
            assert_eq!(r.status(), 200, "round {round}");
        }
        let mut promoted = Vec::new();
        for (i, who) in waiting.iter().enumerate() {
            if participation_of(&app, who, &mission).await.is_some() {
                promoted.push(i);
            }
        }
        assert_eq!(
            promoted,
            [0, 1, 2],
            "round {round}: the first three, once each"
        );
        assert_eq!(
            places_taken(&app, &owner, &mission).await,
            3,
            "round {round}"
        );
        let line: Value = app
            .send(Method::GET, "/v1/me/waiting-lists", &waiting[3], None)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(line[0]["position"], 1, "round {round}");
    }
}
