//! Reminders on the outbox: scheduled once per (kind, object, occurrence),
//! moved when scheduled again, cancelled, run once even by two workers at
//! once, each checking that what it reminds of still holds.

use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{days_from_today, eventually, spawn_with, TestApp};
use renfort::services::reminders::{self, Reminder};
use renfort::services::reminding;

fn settings(app: &TestApp) -> renfort::config::Settings {
    renfort::config::Settings::with_overrides(app.settings.clone()).unwrap()
}

/// The waiting reminder jobs: key → (payload, run_after).
pub async fn waiting(app: &TestApp) -> Vec<(String, Value, chrono::DateTime<Utc>)> {
    let mut conn = app.db.acquire().await.unwrap();
    let rows: Vec<(String, sqlx::types::Json<Value>, chrono::DateTime<Utc>)> = renfort::on_conn!(&mut conn, c => sqlx::query_as(
        "SELECT coalesce_key, payload, run_after FROM outbox_jobs WHERE kind = 'reminder' AND state = 'pending' ORDER BY coalesce_key",
    )
    .fetch_all(c)
    .await)
    .unwrap();
    rows.into_iter().map(|(k, p, at)| (k, p.0, at)).collect()
}

async fn emails(app: &TestApp, template: &str, to: &str) -> usize {
    crate::common::emails_to(app, template, to).await.len()
}

async fn run(app: &TestApp, reminder: &Reminder) -> Option<String> {
    reminding::run(&app.db, &settings(app), reminder)
        .await
        .unwrap()
}

async fn exec(app: &TestApp, sql: &str, id: &str, date: chrono::NaiveDate) {
    let mut conn = app.db.acquire().await.unwrap();
    renfort::on_conn!(&mut conn, c => sqlx::query(sql).bind(id.parse::<uuid::Uuid>().unwrap()).bind(date).execute(c).await.map(|_| ()))
        .unwrap();
}

#[tokio::test]
async fn an_unanswered_application_reminds_the_organisation_at_three_and_seven_days_once() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (owner, _referent, _admin, _org, mission) = app.published_mission(5).await;
    let volunteer = app.volunteer("lea").await;
    let r = app.apply(&volunteer, &mission, Some("Motivée")).await;
    let participation = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let jobs = waiting(&app).await;
    let mine: Vec<_> = jobs
        .iter()
        .filter(|(k, _, _)| k.contains(&participation))
        .collect();
    assert_eq!(mine.len(), 2);
    assert!(mine[0].0.ends_with(":3") && mine[1].0.ends_with(":7"));
    let in_days = |at: chrono::DateTime<Utc>| (at - app.now()).num_hours();
    assert!((71..=72).contains(&in_days(mine[0].2)), "in three days");
    assert!((167..=168).contains(&in_days(mine[1].2)), "in seven days");

    let three = Reminder::ApplicationWaiting {
        participation: participation.parse().unwrap(),
        days: 3,
    };
    assert_eq!(run(&app, &three).await, None);
    assert_eq!(
        emails(&app, "reminder_application_waiting", &owner.email).await,
        1
    );
    // Run again (a job that ran twice): nothing more.
    assert_eq!(run(&app, &three).await.as_deref(), Some("already sent"));
    // Two workers at once: still once.
    let seven = Reminder::ApplicationWaiting {
        participation: participation.parse().unwrap(),
        days: 7,
    };
    let (a, b) = tokio::join!(run(&app, &seven), run(&app, &seven));
    assert_eq!(
        [a.is_none(), b.is_none()]
            .iter()
            .filter(|sent| **sent)
            .count(),
        1
    );
    assert_eq!(
        emails(&app, "reminder_application_waiting", &owner.email).await,
        2
    );

    // Answered, a later reminder says nothing.
    let other = app.volunteer("bob").await;
    let answered = app.accepted(&owner, &other, &mission).await;
    let late = Reminder::ApplicationWaiting {
        participation: answered.parse().unwrap(),
        days: 3,
    };
    assert_eq!(run(&app, &late).await.as_deref(), Some("answered"));
}

#[tokio::test]
async fn the_volunteer_is_reminded_the_day_before_and_a_cancellation_cancels_it() {
    let app =
        spawn_with(json!({"worker": {"embedded": false}, "reminders": {"local_hour": 8}})).await;
    let (owner, referent, _admin, _org, mission) = app.published_mission(5).await;
    let start = app.today() + Duration::days(10);
    let r = app
        .send(
            Method::PATCH,
            &format!("/v1/missions/{mission}"),
            &owner,
            Some(json!({"start_date": start, "end_date": start + Duration::days(30)})),
        )
        .await;
    assert_eq!(r.status(), 200);
    app.transition(
        &referent,
        &format!("/v1/missions/{mission}/transitions"),
        "published",
        None,
    )
    .await;
    let volunteer = app.volunteer("lea").await;
    let participation = app.accepted(&owner, &volunteer, &mission).await;
    let key = format!("reminder:day_before:{participation}:{start}");
    let day_before = |jobs: &[(String, Value, chrono::DateTime<Utc>)]| {
        jobs.iter()
            .filter(|(k, _, _)| *k == key)
            .map(|(_, _, at)| *at)
            .collect::<Vec<_>>()
    };
    // 08:00 in Lyon, where the mission happens.
    let expected = chrono::TimeZone::from_local_datetime(
        &chrono_tz::Europe::Paris,
        &(start - Duration::days(1)).and_hms_opt(8, 0, 0).unwrap(),
    )
    .unwrap()
    .with_timezone(&Utc);
    assert_eq!(day_before(&waiting(&app).await), [expected]);

    // Scheduled again: moved, not doubled.
    let reminder = Reminder::DayBefore {
        participation: participation.parse().unwrap(),
        start,
    };
    let mut tx = app.db.begin().await.unwrap();
    reminders::schedule(
        &mut tx,
        &settings(&app).reminders,
        &reminder,
        expected + Duration::hours(2),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        day_before(&waiting(&app).await),
        [expected + Duration::hours(2)]
    );

    // It sends while accepted, with the start date it names.
    assert_eq!(run(&app, &reminder).await, None);
    assert_eq!(
        emails(&app, "reminder_day_before", &volunteer.email).await,
        1
    );

    // Another volunteer cancels: their reminder goes with it.
    let other = app.volunteer("bob").await;
    let theirs = app.accepted(&owner, &other, &mission).await;
    let their_key = format!("reminder:day_before:{theirs}:{start}");
    assert!(waiting(&app).await.iter().any(|(k, _, _)| *k == their_key));
    let r = app
        .send(
            Method::POST,
            &format!("/v1/participations/{theirs}/transitions"),
            &other,
            Some(json!({"to": "cancelled", "reason": "Un empêchement"})),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert!(!waiting(&app).await.iter().any(|(k, _, _)| *k == their_key));
}

#[tokio::test]
async fn a_mission_past_its_end_and_still_open_asks_to_be_closed_or_extended() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let (owner, _referent, _admin, _org, mission) = app.published_mission(5).await;
    let end = days_from_today(150);
    let key = format!("reminder:close_or_extend:{mission}:{end}");
    assert!(
        waiting(&app).await.iter().any(|(k, _, _)| *k == key),
        "scheduled at publication"
    );
    let reminder = Reminder::CloseOrExtend {
        mission: mission.parse().unwrap(),
        end,
    };
    assert_eq!(run(&app, &reminder).await.as_deref(), Some("not over yet"));

    // Extended since: it reschedules itself after the new end.
    let later = end + Duration::days(60);
    exec(
        &app,
        "UPDATE missions SET end_date = $2 WHERE id = $1",
        &mission,
        later,
    )
    .await;
    assert_eq!(
        run(&app, &reminder).await.as_deref(),
        Some("the end date moved")
    );
    assert!(waiting(&app)
        .await
        .iter()
        .any(|(k, _, _)| *k == format!("reminder:close_or_extend:{mission}:{later}")));

    // The day after its new end, over and still open: the organisation
    // is told, once.
    app.travel(Duration::days(150 + 60 + 1));
    let due = Reminder::CloseOrExtend {
        mission: mission.parse().unwrap(),
        end: later,
    };
    assert_eq!(run(&app, &due).await, None);
    assert_eq!(run(&app, &due).await.as_deref(), Some("already sent"));
    assert_eq!(
        emails(&app, "reminder_close_or_extend", &owner.email).await,
        1
    );
}

#[tokio::test]
async fn referents_get_a_daily_digest_only_when_their_queue_is_not_empty() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let admin = app.admin().await;
    let busy = app.referent(&admin, &["69"]).await;
    let idle = app.referent(&admin, &["13"]).await;
    let owner = app.volunteer("owner").await;
    let org = app.organization(&owner, "69003").await;
    app.transition(
        &owner,
        &format!("/v1/organizations/{org}/transitions"),
        "pending_review",
        None,
    )
    .await;
    let today = app.today();
    assert_eq!(
        run(
            &app,
            &Reminder::ModerationDigest {
                day: today,
                zone: chrono_tz::Europe::Paris
            }
        )
        .await,
        None
    );
    assert_eq!(
        emails(&app, "reminder_moderation_digest", &busy.email).await,
        1
    );
    assert_eq!(
        emails(&app, "reminder_moderation_digest", &idle.email).await,
        0
    );
    // The next day's is waiting.
    let tomorrow = format!("reminder:moderation_digest:{}", today + Duration::days(1));
    assert!(waiting(&app).await.iter().any(|(k, _, _)| *k == tomorrow));
}

#[tokio::test]
async fn the_worker_runs_a_due_reminder_and_a_kind_turned_off_is_not_scheduled() {
    let app = spawn_with(json!({})).await;
    let (owner, _referent, _admin, _org, mission) = app.published_mission(5).await;
    let volunteer = app.volunteer("lea").await;
    assert_eq!(app.apply(&volunteer, &mission, None).await.status(), 201);
    // Three days pass.
    app.travel(Duration::days(3) + Duration::minutes(1));
    eventually("the worker sends the reminder", || async {
        emails(&app, "reminder_application_waiting", &owner.email).await == 1
    })
    .await;

    let off = spawn_with(
        json!({"worker": {"embedded": false}, "reminders": {"application_waiting": false}}),
    )
    .await;
    let (_owner, _referent, _admin, _org, mission) = off.published_mission(5).await;
    let volunteer = off.volunteer("lea").await;
    off.apply(&volunteer, &mission, None).await;
    assert!(!waiting(&off)
        .await
        .iter()
        .any(|(k, _, _)| k.contains("application_waiting")));
}
