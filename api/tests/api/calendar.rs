//! Calendar files, read back with an independent iCalendar parser: an
//! accepted participation's, and the personal feed behind a secret URL
//! that can be replaced and revoked. Strangers get nothing.

use reqwest::Method;
use serde_json::{json, Value};

use chrono::Datelike;

use crate::common::{days_from_today, problem, spawn_with, Session, TestApp, PASSWORD};

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
    // Until the end of its last day in Paris, in UTC.
    let last = chrono::TimeZone::from_local_datetime(
        &chrono_tz::Europe::Paris,
        &days_from_today(150).and_hms_opt(23, 59, 59).unwrap(),
    )
    .unwrap()
    .with_timezone(&chrono::Utc);
    assert_eq!(
        property(e, "RRULE").1,
        format!("FREQ=WEEKLY;UNTIL={}", last.format("%Y%m%dT%H%M%SZ"))
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

/// An observance of a `VTIMEZONE`: (kind, DTSTART, TZOFFSETTO).
type Observance = (String, String, String);

/// The `VTIMEZONE`s of a calendar file, read by the independent parser:
/// TZID → its observances.
fn time_zones(text: &str) -> Vec<(String, Vec<Observance>)> {
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let calendar = parser.next().expect("one calendar").expect("valid");
    let value = |props: &[ical::property::Property], name: &str| {
        props
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_else(|| panic!("no {name}"))
    };
    calendar
        .timezones
        .iter()
        .map(|z| {
            let observances = z
                .transitions
                .iter()
                .map(|t| {
                    (
                        format!("{:?}", t.transition),
                        value(&t.properties, "DTSTART"),
                        value(&t.properties, "TZOFFSETTO"),
                    )
                })
                .collect();
            (value(&z.properties, "TZID"), observances)
        })
        .collect()
}

/// The calendar file of participation `id`, kept for CI's second reader.
async fn kept_calendar(app: &TestApp, volunteer: &Session, id: &str, name: &str) -> String {
    let r = app
        .send(
            Method::GET,
            &format!("/v1/participations/{id}/calendar"),
            volunteer,
            None,
        )
        .await;
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    keep_for_ci(name, &text);
    text
}

/// Keeps a calendar file where CI's second reader (Python's icalendar,
/// scripts/check-calendars.py) finds it.
fn keep_for_ci(name: &str, text: &str) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("calendar-samples");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.ics")), text).unwrap();
}

#[tokio::test]
async fn a_shift_in_la_reunion_is_at_its_local_hour_and_every_zone_named_is_defined() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    // Saint-Denis, La Réunion (UTC+4 all year).
    let (owner, _referent, _admin, _org, mission) = app.published_mission_at(5, "97400").await;
    let public: Value = app
        .get(&format!("/v1/missions/{mission}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public["time_zone"], "Indian/Reunion");
    let day = days_from_today(10);
    let r = app
        .send(
            Method::POST,
            &format!("/v1/missions/{mission}/shifts"),
            &owner,
            Some(json!({"day": day, "start_time": "09:00", "end_time": "12:00", "capacity": 3})),
        )
        .await;
    assert_eq!(r.status(), 201);
    let shift = r.json::<Vec<Value>>().await.unwrap()[0]["id"].clone();
    let volunteer = app.volunteer("lea").await;
    let r = app
        .send(
            Method::POST,
            &format!("/v1/missions/{mission}/participations"),
            &volunteer,
            Some(json!({"motivation": "Disponible", "shift_ids": [shift]})),
        )
        .await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app
        .send(
            Method::POST,
            &format!("/v1/participations/{id}/transitions"),
            &owner,
            Some(json!({"to": "accepted"})),
        )
        .await;
    assert_eq!(r.status(), 200);

    let text = kept_calendar(&app, &volunteer, &id, "reunion-shift").await;
    let events = events(&text);
    assert_eq!(events.len(), 1, "{text}");
    let (params, start) = property(&events[0], "DTSTART");
    assert_eq!(params, "TZID=Indian/Reunion");
    assert_eq!(start, format!("{}T090000", day.format("%Y%m%d")));

    // The zone is defined in the file: +04:00 all year, so 09:00 there is
    // 05:00 UTC.
    let zones = time_zones(&text);
    assert_eq!(zones.len(), 1, "{text}");
    let (tzid, observances) = &zones[0];
    assert_eq!(tzid, "Indian/Reunion");
    assert_eq!(observances.len(), 1);
    let (kind, _, offset) = &observances[0];
    assert_eq!((kind.as_str(), offset.as_str()), ("STANDARD", "+0400"));
    let local = chrono::NaiveDateTime::parse_from_str(start, "%Y%m%dT%H%M%S").unwrap();
    let hours: i64 = offset[1..3].parse().unwrap();
    let utc = local - chrono::Duration::hours(hours);
    assert_eq!(utc.format("%H:%M").to_string(), "05:00");

    // The reminder the day before goes out at the reminders' hour there
    // (08:00, so 04:00 UTC), not Paris's.
    let at: Vec<chrono::DateTime<chrono::Utc>> = crate::reminders::waiting(&app)
        .await
        .into_iter()
        .filter(|(key, _, _)| key.starts_with("reminder:day_before:"))
        .map(|(_, _, at)| at)
        .collect();
    assert_eq!(at.len(), 1);
    assert_eq!(at[0].date_naive(), day - chrono::Duration::days(1));
    assert_eq!(at[0].format("%H:%M").to_string(), "04:00");
}

#[tokio::test]
async fn a_weekly_slot_across_the_summer_time_change_names_paris_rules() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (owner, _referent, _admin, _org, mission) = app.published_mission(5).await;
    // Wednesday evenings from day 30 to day 260: whatever today is, the
    // span holds a change of summer time (they are at most 217 days
    // apart).
    let r = app
        .send(
            Method::PATCH,
            &format!("/v1/missions/{mission}"),
            &owner,
            Some(json!({
                "slots": [{"weekday": "wednesday", "start": "18:00", "end": "21:00"}],
                "end_date": days_from_today(260),
            })),
        )
        .await;
    assert_eq!(r.status(), 200);
    let volunteer = app.volunteer("lea").await;
    let id = app.accepted(&owner, &volunteer, &mission).await;
    let text = kept_calendar(&app, &volunteer, &id, "paris-weekly").await;
    let zones = time_zones(&text);
    assert_eq!(zones.len(), 1, "{text}");
    let (tzid, observances) = &zones[0];
    assert_eq!(tzid, "Europe/Paris");
    let mut kinds: Vec<(&str, &str)> = observances
        .iter()
        .map(|(k, _, to)| (k.as_str(), to.as_str()))
        .collect();
    kinds.sort();
    assert_eq!(kinds, [("DAYLIGHT", "+0200"), ("STANDARD", "+0100")]);
    assert!(text.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"));
    assert!(text.contains("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"));
}
