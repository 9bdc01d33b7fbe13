//! Calendar files, read back with an independent iCalendar parser: an
//! accepted participation's, and the personal feed behind a secret URL
//! that can be replaced and revoked. Strangers get nothing.

use reqwest::Method;
use serde_json::{json, Value};

use chrono::Datelike;

use crate::common::{days_from_today, problem, spawn_with, PASSWORD};

/// The events of a calendar file: each a map of property → (params, value).
pub fn events(text: &str) -> Vec<Vec<(String, String, String)>> {
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let calendar = parser
        .next()
        .expect("one calendar")
        .expect("a valid calendar");
    assert!(parser.next().is_none());
    calendar
        .events
        .into_iter()
        .map(|e| {
            e.properties
                .into_iter()
                .map(|p| {
                    let params = p
                        .params
                        .unwrap_or_default()
                        .into_iter()
                        .map(|(k, v)| format!("{k}={}", v.join(",")))
                        .collect::<Vec<_>>()
                        .join(";");
                    (p.name, params, p.value.unwrap_or_default())
                })
                .collect()
        })
        .collect()
}

pub fn property<'a>(event: &'a [(String, String, String)], name: &str) -> (&'a str, &'a str) {
    event
        .iter()
        .find(|(n, _, _)| n == name)
        .map(|(_, p, v)| (p.as_str(), v.as_str()))
        .unwrap_or_else(|| panic!("no {name} in {event:?}"))
}

#[tokio::test]
async fn an_accepted_participation_has_a_calendar_file_with_its_weekly_slot() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (owner, _referent, _admin, _org, mission) = app.published_mission(5).await;
    let r = app
        .send(
            Method::PATCH,
            &format!("/v1/missions/{mission}"),
            &owner,
            Some(json!({"slots": [{"weekday": "wednesday", "start": "18:00", "end": "21:00"}]})),
        )
        .await;
    assert_eq!(r.status(), 200);
    let volunteer = app.volunteer("lea").await;
    let r = app.apply(&volunteer, &mission, Some("Motivée")).await;
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/v1/participations/{id}/calendar");
    // Pending: not in a calendar yet.
    let p = problem(app.send(Method::GET, &path, &volunteer, None).await, 409).await;
    assert_eq!(p["code"], "participation_not_accepted");
    app.send(
        Method::POST,
        &format!("/v1/participations/{id}/transitions"),
        &owner,
        Some(json!({"to": "accepted"})),
    )
    .await;

    let r = app.send(Method::GET, &path, &volunteer, None).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/calendar; charset=utf-8");
    let text = r.text().await.unwrap();
    let events = events(&text);
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(property(e, "SUMMARY").1, "Distribution de repas");
    // The first Wednesday on or after the mission's start, weekly to its end.
    let start = days_from_today(30);
    let first = start
        + chrono::Duration::days((7 + 2 - i64::from(start.weekday().num_days_from_monday())) % 7);
    let first = first.format("%Y%m%d");
    assert_eq!(
        property(e, "DTSTART"),
        ("TZID=Europe/Paris", format!("{first}T180000").as_str())
    );
    assert_eq!(
        property(e, "DTEND"),
        ("TZID=Europe/Paris", format!("{first}T210000").as_str())
    );
    assert_eq!(
        property(e, "RRULE").1,
        format!(
            "FREQ=WEEKLY;UNTIL={}T235959Z",
            days_from_today(150).format("%Y%m%d")
        )
    );
    assert!(property(e, "LOCATION").1.contains("Lyon"));
    assert!(property(e, "URL")
        .1
        .ends_with(&format!("/missions/{mission}")));
    assert!(property(e, "UID").1.starts_with(&id));

    // Nobody else gets it, not even the organisation.
    let stranger = app.volunteer("stranger").await;
    for who in [&stranger, &owner] {
        problem(app.send(Method::GET, &path, who, None).await, 404).await;
    }
}

#[tokio::test]
async fn the_personal_feed_lists_upcoming_accepted_participations_until_revoked() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (owner, _referent, _admin, _org, first) = app.published_mission(5).await;
    let volunteer = app.volunteer("lea").await;
    app.accepted(&owner, &volunteer, &first).await;

    let created = app
        .send(Method::POST, "/v1/me/calendar-feed", &volunteer, None)
        .await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let feed = created["path"].as_str().unwrap().to_owned();
    // No sign-in: the secret is the key.
    let r = app.get(&feed).await;
    assert_eq!(r.status(), 200);
    let all = events(&r.text().await.unwrap());
    assert_eq!(all.len(), 1);
    let day = |n| days_from_today(n).format("%Y%m%d").to_string();
    assert_eq!(
        property(&all[0], "DTSTART"),
        ("VALUE=DATE", day(30).as_str())
    );
    // DTEND of an all-day event is the day after the last.
    assert_eq!(
        property(&all[0], "DTEND"),
        ("VALUE=DATE", day(151).as_str())
    );

    // A second accepted mission joins it; one that is over does not.
    let (owner2, _r2, _a2, _org2, second) = app.published_mission(5).await;
    app.accepted(&owner2, &volunteer, &second).await;
    let (owner3, _r3, _a3, _org3, past) = app.published_mission(5).await;
    app.accepted(&owner3, &volunteer, &past).await;
    let mut conn = app.db.acquire().await.unwrap();
    renfort::on_conn!(&mut conn, c => sqlx::query("UPDATE missions SET start_date = $2, end_date = $2 WHERE id = $1")
        .bind(past.parse::<uuid::Uuid>().unwrap())
        .bind(days_from_today(-500))
        .execute(c)
        .await
        .map(|_| ()))
    .unwrap();
    drop(conn);
    let all = events(&app.get(&feed).await.text().await.unwrap());
    assert_eq!(all.len(), 2);

    // A new secret replaces the old one; revoking ends it.
    let renewed: Value = app
        .send(Method::POST, "/v1/me/calendar-feed", &volunteer, None)
        .await
        .json()
        .await
        .unwrap();
    let renewed = renewed["path"].as_str().unwrap().to_owned();
    problem(app.get(&feed).await, 404).await;
    assert_eq!(app.get(&renewed).await.status(), 200);
    let r = app
        .send(Method::DELETE, "/v1/me/calendar-feed", &volunteer, None)
        .await;
    assert_eq!(r.status(), 204);
    problem(app.get(&renewed).await, 404).await;
    problem(app.get("/v1/calendar-feeds/not-a-token").await, 404).await;

    // Erasure takes the feed with the account.
    let again: Value = app
        .send(Method::POST, "/v1/me/calendar-feed", &volunteer, None)
        .await
        .json()
        .await
        .unwrap();
    let again = again["path"].as_str().unwrap().to_owned();
    let r = app
        .send(
            Method::DELETE,
            "/v1/me",
            &volunteer,
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(r.status(), 204);
    problem(app.get(&again).await, 404).await;
}
