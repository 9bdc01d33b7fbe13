//! Shifts: dated slots of a mission with their own places. Volunteers
//! choose theirs; no shift is ever overbooked; the mission's places and
//! dates follow its shifts; changing or cancelling a shift tells its
//! volunteers and gives places back; each shift has its own waiting line.

use chrono::NaiveDate;
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{days_from_today, emails_to, problem, spawn_with, years_ago, Session, TestApp};

fn day(ahead: i64) -> NaiveDate {
    days_from_today(ahead)
}

fn birth() -> String {
    years_ago(30)
}

async fn add(app: &TestApp, who: &Session, mission: &str, body: Value) -> reqwest::Response {
    app.send(
        Method::POST,
        &format!("/v1/missions/{mission}/shifts"),
        who,
        Some(body),
    )
    .await
}

/// Adds shifts and returns their ids.
async fn added(app: &TestApp, owner: &Session, mission: &str, body: Value) -> Vec<String> {
    let r = add(app, owner, mission, body).await;
    assert_eq!(r.status(), 201);
    r.json::<Vec<Value>>()
        .await
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

fn shift(ahead: i64, capacity: i32) -> Value {
    json!({"day": day(ahead), "start_time": "09:00", "end_time": "12:00", "capacity": capacity})
}

async fn apply_to(
    app: &TestApp,
    who: &Session,
    mission: &str,
    shifts: &[&str],
) -> reqwest::Response {
    app.send(
        Method::POST,
        &format!("/v1/missions/{mission}/participations"),
        who,
        Some(json!({"motivation": "Disponible", "shift_ids": shifts})),
    )
    .await
}

async fn id_of(r: reqwest::Response) -> String {
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// (mission places taken, capacity) and each shift's places taken, as stored.
async fn places(app: &TestApp, mission: &str) -> ((i32, i32), Vec<(String, i32)>) {
    let id: uuid::Uuid = mission.parse().unwrap();
    let mut conn = app.db.acquire().await.unwrap();
    let m: (i32, i32) = renfort::on_conn!(&mut conn, c => sqlx::query_as(
        "SELECT places_taken, capacity FROM missions WHERE id = $1",
    )
    .bind(id)
    .fetch_one(c)
    .await)
    .unwrap();
    let shifts: Vec<(uuid::Uuid, i32)> = renfort::on_conn!(&mut conn, c => sqlx::query_as(
        "SELECT id, places_taken FROM shifts WHERE mission_id = $1 AND cancelled_at IS NULL ORDER BY day, id",
    )
    .bind(id)
    .fetch_all(c)
    .await)
    .unwrap();
    (
        m,
        shifts
            .into_iter()
            .map(|(i, t)| (i.to_string(), t))
            .collect(),
    )
}

async fn public(app: &TestApp, mission: &str) -> Value {
    app.client
        .get(format!("{}/v1/missions/{mission}", app.address))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn participation(app: &TestApp, who: &Session, id: &str) -> Value {
    app.send(Method::GET, &format!("/v1/participations/{id}"), who, None)
        .await
        .json()
        .await
        .unwrap()
}

async fn transition(app: &TestApp, who: &Session, id: &str, to: &str) -> reqwest::Response {
    app.send(
        Method::POST,
        &format!("/v1/participations/{id}/transitions"),
        who,
        Some(json!({"to": to})),
    )
    .await
}

#[tokio::test]
async fn volunteers_choose_shifts_and_the_mission_s_places_and_dates_follow_them() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (owner, _referent, _admin, _org, mission) = app.published_mission(5).await;

    let first = added(&app, &owner, &mission, shift(10, 2)).await;
    // A weekly series of four, from day 14 to day 35.
    let mut series = shift(14, 3);
    series["repeat"] = json!({"every": "week", "until": day(35)});
    let weekly = added(&app, &owner, &mission, series).await;
    assert_eq!(weekly.len(), 4);

    let page = public(&app, &mission).await;
    assert_eq!(page["has_shifts"], true);
    assert_eq!(page["places_left"], 2 + 4 * 3, "the sum of its shifts");
    assert_eq!(page["start_date"], day(10).to_string());
    assert_eq!(page["end_date"], day(35).to_string());
    assert_eq!(page["shifts"].as_array().unwrap().len(), 5);
    assert_eq!(page["shifts"][0]["start_time"], "09:00");
    assert_eq!(page["shifts"][0]["places_left"], 2);
    let listed: Vec<Value> = app
        .client
        .get(format!("{}/v1/missions/{mission}/shifts", app.address))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed.len(), 5);

    // Places and dates are the shifts' own now.
    let p = problem(
        app.send(
            Method::PATCH,
            &format!("/v1/missions/{mission}"),
            &owner,
            Some(json!({"capacity": 50})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "capacity");
    assert_eq!(p["errors"][0]["code"], "set_by_shifts");

    let people = app.quick_volunteers(2, &birth()).await;
    // Choosing is required; a shift of another mission is not one.
    let p = problem(app.apply(&people[0], &mission, Some("Oui")).await, 422).await;
    assert_eq!(p["errors"][0]["field"], "shift_ids");
    let (_o, _r, _a, _org, other) = app.published_mission(5).await;
    let elsewhere = added(&app, &_o, &other, shift(10, 2)).await;
    let p = problem(
        apply_to(&app, &people[0], &mission, &[&elsewhere[0]]).await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "unknown_shift");

    // Two shifts in one application: two places, one participation.
    let id = id_of(apply_to(&app, &people[0], &mission, &[&first[0], &weekly[2]]).await).await;
    let mine = participation(&app, &people[0], &id).await;
    let held: Vec<&str> = mine["shifts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(held, [first[0].as_str(), weekly[2].as_str()]);
    let export: Value = app
        .send(Method::GET, "/v1/me/export", &people[0], None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        export["shifts"].as_array().unwrap().len(),
        2,
        "part of the personal export"
    );
    assert_eq!(export["shifts"][1]["day"], day(28).to_string());
    let ((taken, capacity), shifts) = places(&app, &mission).await;
    assert_eq!((taken, capacity), (2, 14));
    assert_eq!(shifts[0].1, 1);
    assert_eq!(shifts[3].1, 1);
    // The organisation sees the shifts in its list too.
    let list: Value = app
        .send(
            Method::GET,
            &format!("/v1/missions/{mission}/participations"),
            &owner,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"][0]["shifts"].as_array().unwrap().len(), 2);

    // Accepted: a day-before reminder for each shift's day, and a
    // calendar file with one event per shift.
    assert_eq!(
        transition(&app, &owner, &id, "accepted").await.status(),
        200
    );
    let keys: Vec<String> = crate::reminders::waiting(&app)
        .await
        .into_iter()
        .map(|(k, ..)| k)
        .filter(|k| k.starts_with(&format!("reminder:day_before:{id}")))
        .collect();
    assert_eq!(
        keys,
        [
            format!("reminder:day_before:{id}:{}", day(10)),
            format!("reminder:day_before:{id}:{}", day(28)),
        ]
    );
    let text = app
        .send(
            Method::GET,
            &format!("/v1/participations/{id}/calendar"),
            &people[0],
            None,
        )
        .await
        .text()
        .await
        .unwrap();
    let events = crate::calendar::events(&text);
    assert_eq!(events.len(), 2);
    let start = crate::calendar::property(&events[1], "DTSTART");
    assert_eq!(
        start,
        (
            "TZID=Europe/Paris",
            format!("{}T090000", day(28).format("%Y%m%d")).as_str()
        )
    );

    // A shift added once accepted gets its own day-before reminder.
    let r = app
        .send(
            Method::POST,
            &format!("/v1/participations/{id}/shifts"),
            &people[0],
            Some(json!({"shift_ids": [weekly[3]]})),
        )
        .await;
    assert_eq!(r.status(), 200);
    let keys: Vec<String> = crate::reminders::waiting(&app)
        .await
        .into_iter()
        .map(|(k, ..)| k)
        .collect();
    assert!(keys.contains(&format!("reminder:day_before:{id}:{}", day(35))));

    // Cancelling gives every place back.
    assert_eq!(
        transition(&app, &people[0], &id, "cancelled")
            .await
            .status(),
        200
    );
    let ((taken, _), shifts) = places(&app, &mission).await;
    assert_eq!(taken, 0);
    assert!(shifts.iter().all(|(_, t)| *t == 0));
}

#[tokio::test]
async fn bad_shifts_are_refused_naming_the_field_and_strangers_get_nothing() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (owner, referent, _admin, _org, mission) = app.published_mission(5).await;
    let cases = [
        (
            json!({"day": day(3), "start_time": "12:00", "end_time": "09:00", "capacity": 2}),
            "end_time",
        ),
        (
            json!({"day": day(-1), "start_time": "09:00", "end_time": "12:00", "capacity": 2}),
            "day",
        ),
        (
            json!({"day": day(3), "start_time": "09:00", "end_time": "12:00", "capacity": 0}),
            "capacity",
        ),
        (
            json!({"day": day(3), "start_time": "9h", "end_time": "12:00", "capacity": 2}),
            "start_time",
        ),
        (
            json!({"day": day(3), "start_time": "09:00", "end_time": "12:00", "capacity": 2,
                   "repeat": {"every": "day", "until": day(400)}}),
            "repeat.until",
        ),
    ];
    for (body, field) in cases {
        let p = problem(add(&app, &owner, &mission, body).await, 422).await;
        assert_eq!(p["errors"][0]["field"], field, "{p}");
    }
    let ((taken, capacity), shifts) = places(&app, &mission).await;
    assert_eq!((taken, capacity), (0, 5), "nothing half-written");
    assert!(shifts.is_empty());

    // A volunteer who is not a member: 404; the referent: 403.
    let stranger = app.volunteer("stranger").await;
    problem(add(&app, &stranger, &mission, shift(3, 2)).await, 404).await;
    let p = problem(add(&app, &referent, &mission, shift(3, 2)).await, 403).await;
    assert_eq!(p["code"], "members_only");
    let ids = added(&app, &owner, &mission, shift(3, 2)).await;
    let _more = added(&app, &owner, &mission, shift(4, 2)).await;
    let path = format!("/v1/missions/{mission}/shifts/{}", ids[0]);
    problem(
        app.send(
            Method::PATCH,
            &path,
            &stranger,
            Some(json!({"capacity": 9})),
        )
        .await,
        404,
    )
    .await;
    problem(
        app.send(
            Method::POST,
            &format!("{path}/cancellation"),
            &stranger,
            Some(json!({})),
        )
        .await,
        404,
    )
    .await;
    // A draft's shifts are not public.
    let org = _org;
    let mut body = crate::common::mission_body("69002");
    body["capacity"] = json!(3);
    let draft = app
        .send(
            Method::POST,
            &format!("/v1/organizations/{org}/missions"),
            &owner,
            Some(body),
        )
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    added(&app, &owner, &draft, shift(5, 2)).await;
    let r = app
        .client
        .get(format!("{}/v1/missions/{draft}/shifts", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = app
        .send(
            Method::GET,
            &format!("/v1/missions/{draft}/shifts"),
            &stranger,
            None,
        )
        .await;
    assert_eq!(r.status(), 404);
    let r = app
        .send(
            Method::GET,
            &format!("/v1/missions/{draft}/shifts"),
            &owner,
            None,
        )
        .await;
    assert_eq!(r.status(), 200);

    // Applications without shifts came first: no shifts added after them.
    let (owner2, _r, _a, _o, plain) = app.published_mission(5).await;
    let people = app.quick_volunteers(1, &birth()).await;
    assert_eq!(app.apply(&people[0], &plain, None).await.status(), 201);
    let p = problem(add(&app, &owner2, &plain, shift(3, 2)).await, 409).await;
    assert_eq!(p["code"], "shifts_after_applications");
    // A mission without shifts takes none.
    let others = app.quick_volunteers(1, &birth()).await;
    let p = problem(apply_to(&app, &others[0], &plain, &[&ids[0]]).await, 422).await;
    assert_eq!(p["errors"][0]["code"], "no_shifts");
}

#[tokio::test]
async fn a_shift_is_never_overbooked_whatever_the_concurrency() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    for round in 0..4 {
        let (owner, _referent, _admin, _org, mission) = app.published_mission(5).await;
        let small = added(&app, &owner, &mission, shift(7, 3)).await;
        let large = added(&app, &owner, &mission, shift(8, 50)).await;
        let crowd = app.quick_volunteers(12, &birth()).await;
        // Everyone wants the small shift, half of them the large one too.
        let tries = crowd.iter().enumerate().map(|(i, who)| {
            let chosen: Vec<&str> = if i % 2 == 0 {
                vec![&small[0], &large[0]]
            } else {
                vec![&small[0]]
            };
            let app = &app;
            let mission = &mission;
            async move { apply_to(app, who, mission, &chosen).await }
        });
        let mut accepted = 0;
        let mut full = 0;
        for r in futures_util::future::join_all(tries).await {
            match r.status().as_u16() {
                201 => accepted += 1,
                409 => {
                    let p: Value = r.json().await.unwrap();
                    assert_eq!(p["code"], "shift_full", "round {round}");
                    assert_eq!(p["shift_id"], small[0].as_str());
                    full += 1;
                }
                other => panic!("round {round}: unexpected {other}"),
            }
        }
        assert_eq!((accepted, full), (3, 9), "round {round}");
        let ((taken, capacity), shifts) = places(&app, &mission).await;
        assert_eq!(shifts[0].1, 3, "round {round}");
        // A refused application took nothing on the other shift either.
        assert_eq!(taken, 3 + shifts[1].1, "round {round}");
        assert!(shifts[1].1 <= 3, "only winners hold the large shift");
        assert_eq!(capacity, 53);
    }
}

#[tokio::test]
async fn cancelling_a_shift_tells_its_volunteers_and_its_line_and_gives_places_back() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (owner, _referent, _admin, _org, mission) = app.published_mission(5).await;
    let cancelled = added(&app, &owner, &mission, shift(9, 2)).await[0].clone();
    let kept = added(&app, &owner, &mission, shift(16, 4)).await[0].clone();
    let people = app.quick_volunteers(3, &birth()).await;
    let (only, both, waiting) = (&people[0], &people[1], &people[2]);
    let only_id = id_of(apply_to(&app, only, &mission, &[&cancelled]).await).await;
    let both_id = id_of(apply_to(&app, both, &mission, &[&cancelled, &kept]).await).await;
    // The shift is full: the third waits in its line.
    let p = problem(apply_to(&app, waiting, &mission, &[&cancelled]).await, 409).await;
    assert_eq!(p["code"], "shift_full");
    let r = app
        .send(
            Method::POST,
            &format!("/v1/missions/{mission}/waiting-list"),
            waiting,
            Some(json!({"shift_ids": [cancelled]})),
        )
        .await;
    assert_eq!(r.status(), 201);
    assert_eq!(
        r.json::<Value>().await.unwrap()["shift_id"],
        cancelled.as_str()
    );

    let path = format!("/v1/missions/{mission}/shifts/{cancelled}/cancellation");
    let r = app
        .send(
            Method::POST,
            &path,
            &owner,
            Some(json!({"reason": "Salle indisponible"})),
        )
        .await;
    assert_eq!(r.status(), 204);

    // The one with no other shift is cancelled; the other keeps theirs.
    let p = participation(&app, only, &only_id).await;
    assert_eq!(p["state"], "cancelled");
    assert_eq!(p["reason_code"], "shift_cancelled");
    let p = participation(&app, both, &both_id).await;
    assert_eq!(p["state"], "pending");
    assert_eq!(p["shifts"].as_array().unwrap().len(), 1);
    assert_eq!(p["shifts"][0]["id"], kept.as_str());
    for who in [only, both, waiting] {
        let mails = emails_to(&app, "shift_cancelled", &who.email).await;
        assert_eq!(mails.len(), 1, "{}", who.email);
        assert_eq!(mails[0]["params"]["reason"], "Salle indisponible");
    }
    let line: Value = app
        .send(Method::GET, "/v1/me/waiting-lists", waiting, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(line, json!([]));
    let ((taken, capacity), shifts) = places(&app, &mission).await;
    assert_eq!((taken, capacity), (1, 4));
    assert_eq!(shifts, [(kept.clone(), 1)]);
    let page = public(&app, &mission).await;
    assert_eq!(page["start_date"], day(16).to_string());

    // Again: nothing more happens. The last shift stays.
    assert_eq!(
        app.send(Method::POST, &path, &owner, Some(json!({})))
            .await
            .status(),
        204
    );
    assert_eq!(
        emails_to(&app, "shift_cancelled", &only.email).await.len(),
        1
    );
    let p = problem(
        app.send(
            Method::POST,
            &format!("/v1/missions/{mission}/shifts/{kept}/cancellation"),
            &owner,
            Some(json!({})),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "last_shift");
}

#[tokio::test]
async fn moving_a_shift_tells_its_volunteers_and_more_places_go_to_its_line() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (owner, _referent, _admin, _org, mission) = app.published_mission(5).await;
    let id = added(&app, &owner, &mission, shift(9, 1)).await[0].clone();
    let people = app.quick_volunteers(3, &birth()).await;
    let holder = id_of(apply_to(&app, &people[0], &mission, &[&id]).await).await;
    for who in &people[1..] {
        let r = app
            .send(
                Method::POST,
                &format!("/v1/missions/{mission}/waiting-list"),
                who,
                Some(json!({"shift_ids": [id]})),
            )
            .await;
        assert_eq!(r.status(), 201);
    }
    let path = format!("/v1/missions/{mission}/shifts/{id}");

    // New hours: the volunteer on it is told, before and after.
    let r = app
        .send(
            Method::PATCH,
            &path,
            &owner,
            Some(json!({"start_time": "14:00", "end_time": "17:00"})),
        )
        .await;
    assert_eq!(r.status(), 200);
    let view: Value = r.json().await.unwrap();
    assert_eq!(view["start_time"], "14:00");
    let mails = emails_to(&app, "shift_changed", &people[0].email).await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0]["params"]["after"]
        .as_str()
        .unwrap()
        .ends_with("14:00–17:00"));
    assert!(emails_to(&app, "shift_changed", &people[1].email)
        .await
        .is_empty());

    // Not below the places taken; bad values named.
    let p = problem(
        app.send(Method::PATCH, &path, &owner, Some(json!({"capacity": 0})))
            .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "capacity");
    let p = problem(
        app.send(
            Method::PATCH,
            &path,
            &owner,
            Some(json!({"end_time": "13:00"})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "end_time");

    // Two more places: both in line are promoted, holding the shift.
    let r = app
        .send(Method::PATCH, &path, &owner, Some(json!({"capacity": 3})))
        .await;
    assert_eq!(r.status(), 200);
    let ((taken, capacity), shifts) = places(&app, &mission).await;
    assert_eq!((taken, capacity), (3, 3));
    assert_eq!(shifts[0].1, 3);
    for who in &people[1..] {
        let mine: Value = app
            .send(Method::GET, "/v1/me/participations", who, None)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(mine["items"][0]["shifts"][0]["id"], id.as_str());
        assert_eq!(
            emails_to(&app, "waiting_list_promoted", &who.email)
                .await
                .len(),
            1
        );
    }
    let p = problem(
        app.send(Method::PATCH, &path, &owner, Some(json!({"capacity": 2})))
            .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "capacity_below_taken");

    // The first cancels: their place returns to the shift, with nobody left
    // in line.
    assert_eq!(
        transition(&app, &people[0], &holder, "cancelled")
            .await
            .status(),
        200
    );
    let ((taken, _), shifts) = places(&app, &mission).await;
    assert_eq!((taken, shifts[0].1), (2, 2));
}

#[tokio::test]
async fn a_place_freed_on_a_shift_goes_to_that_shift_s_line_in_order() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    for round in 0..3 {
        let (owner, _referent, _admin, _org, mission) = app.published_mission(5).await;
        let id = added(&app, &owner, &mission, shift(9, 2)).await[0].clone();
        let other = added(&app, &owner, &mission, shift(10, 2)).await[0].clone();
        let holders = app.quick_volunteers(2, &birth()).await;
        let mut taken = Vec::new();
        for who in &holders {
            taken.push(id_of(apply_to(&app, who, &mission, &[&id]).await).await);
        }
        let waiting = app.quick_volunteers(4, &birth()).await;
        for who in &waiting {
            let r = app
                .send(
                    Method::POST,
                    &format!("/v1/missions/{mission}/waiting-list"),
                    who,
                    Some(json!({"shift_ids": [id]})),
                )
                .await;
            assert_eq!(r.status(), 201);
        }
        // Waiting for a shift with places, or for two: refused.
        let p = problem(
            app.send(
                Method::POST,
                &format!("/v1/missions/{mission}/waiting-list"),
                &app.quick_volunteers(1, &birth()).await[0],
                Some(json!({"shift_ids": [other]})),
            )
            .await,
            409,
        )
        .await;
        assert_eq!(p["code"], "places_left");
        // Both holders cancel at once.
        let cancels = holders
            .iter()
            .zip(&taken)
            .map(|(who, p)| transition(&app, who, p, "cancelled"));
        for r in futures_util::future::join_all(cancels).await {
            assert_eq!(r.status(), 200, "round {round}");
        }
        let mut promoted = Vec::new();
        for (i, who) in waiting.iter().enumerate() {
            let mine: Value = app
                .send(Method::GET, "/v1/me/participations", who, None)
                .await
                .json()
                .await
                .unwrap();
            if let Some(p) = mine["items"].as_array().unwrap().first() {
                assert_eq!(p["shifts"][0]["id"], id.as_str());
                promoted.push(i);
            }
        }
        assert_eq!(promoted, [0, 1], "round {round}: the first two, once each");
        let ((taken, _), shifts) = places(&app, &mission).await;
        assert_eq!(
            (taken, shifts[0].1, shifts[1].1),
            (2, 2, 0),
            "round {round}"
        );
    }
}

#[tokio::test]
async fn a_volunteer_adds_shifts_and_lets_one_go_to_its_line() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (owner, _referent, _admin, _org, mission) = app.published_mission(5).await;
    let first = added(&app, &owner, &mission, shift(9, 3)).await[0].clone();
    let second = added(&app, &owner, &mission, shift(16, 1)).await[0].clone();
    let people = app.quick_volunteers(3, &birth()).await;
    let (lea, other, waiting) = (&people[0], &people[1], &people[2]);
    let id = id_of(apply_to(&app, lea, &mission, &[&first]).await).await;
    let path = format!("/v1/participations/{id}/shifts");

    // Strangers and the organisation cannot choose for her.
    for who in [other, &owner] {
        problem(
            app.send(
                Method::POST,
                &path,
                who,
                Some(json!({"shift_ids": [second]})),
            )
            .await,
            404,
        )
        .await;
    }
    // Her only shift stays.
    let p = problem(
        app.send(Method::DELETE, &format!("{path}/{first}"), lea, None)
            .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "last_shift");

    // She adds the second shift (twice: the same), which fills it.
    for _ in 0..2 {
        let r = app
            .send(
                Method::POST,
                &path,
                lea,
                Some(json!({"shift_ids": [first, second]})),
            )
            .await;
        assert_eq!(r.status(), 200);
        let held: Vec<Value> = r.json().await.unwrap();
        assert_eq!(held.len(), 2);
    }
    let ((taken, _), shifts) = places(&app, &mission).await;
    assert_eq!((taken, shifts[0].1, shifts[1].1), (2, 1, 1));
    // Someone else finds it full, and waits for it.
    let p = problem(apply_to(&app, other, &mission, &[&second]).await, 409).await;
    assert_eq!(p["code"], "shift_full");
    let r = app
        .send(
            Method::POST,
            &format!("/v1/missions/{mission}/waiting-list"),
            waiting,
            Some(json!({"shift_ids": [second]})),
        )
        .await;
    assert_eq!(r.status(), 201);

    // She lets it go: the one in line gets it, at once.
    let r = app
        .send(Method::DELETE, &format!("{path}/{second}"), lea, None)
        .await;
    assert_eq!(r.status(), 200);
    let held: Vec<Value> = r.json().await.unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0]["id"], first.as_str());
    let mine: Value = app
        .send(Method::GET, "/v1/me/participations", waiting, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["items"][0]["shifts"][0]["id"], second.as_str());
    let ((taken, _), shifts) = places(&app, &mission).await;
    assert_eq!((taken, shifts[0].1, shifts[1].1), (2, 1, 1));

    // Once cancelled, a participation's shifts do not change.
    assert_eq!(transition(&app, lea, &id, "cancelled").await.status(), 200);
    let p = problem(
        app.send(
            Method::POST,
            &path,
            lea,
            Some(json!({"shift_ids": [first]})),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "participation_closed");
}
