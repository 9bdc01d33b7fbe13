//! Data retention: inactive accounts are warned, then erased unless they
//! sign in; signups never activated are purged; the sweep runs as an
//! outbox job that schedules its next run.

use chrono::{Duration, Utc};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::common::{eventually, spawn_with, unique_email, TestApp, PASSWORD};

fn settings(app: &TestApp) -> renfort::config::Settings {
    renfort::config::Settings::with_overrides(app.settings.clone()).unwrap()
}

async fn sweep(app: &TestApp) -> renfort::services::retention::Swept {
    let all = settings(app);
    renfort::services::retention::sweep(&app.db, None, &all, app.now())
        .await
        .unwrap()
}

/// Past the three years without signing in that retention allows.
fn four_years() -> Duration {
    Duration::days(4 * 365)
}

/// Past the thirty days a warning gives.
fn a_month() -> Duration {
    Duration::days(31)
}

async fn account_state(app: &TestApp, id: &str) -> Option<(String, String)> {
    let id: Uuid = id.parse().unwrap();
    let mut conn = app.db.acquire().await.unwrap();
    renfort::on_conn!(&mut conn, c => sqlx::query_as::<_, (String, String)>(
        "SELECT state, email FROM accounts WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(c)
    .await)
    .unwrap()
}

/// The inactivity warnings written for `email`.
async fn warnings(app: &TestApp, email: &str) -> Vec<Value> {
    crate::common::emails_to(app, "inactivity_warning", email).await
}

#[tokio::test]
async fn an_inactive_account_is_warned_once_then_erased_unless_it_signs_in() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let gone = app.volunteer("gone").await;
    let back = app.volunteer("back").await;
    let admin = app.admin().await;
    // The one to be erased has an open application: erasure cancels it.
    let (owner, referent, _admin, _org, mission) = app.published_mission(5).await;
    assert_eq!(
        app.apply(&gone, &mission, Some("Motivé")).await.status(),
        201
    );
    // Two years on, another signs up; two more years pass, at the end of
    // which the mission's owner and referent sign in.
    app.travel(Duration::days(2 * 365));
    let recent = app.volunteer("recent").await;
    app.travel(Duration::days(2 * 365));
    for who in [&owner, &referent] {
        assert_eq!(app.login(&who.email, PASSWORD).await.status(), 200);
    }

    let first = sweep(&app).await;
    assert_eq!(
        first.warned, 2,
        "three years without signing in; admins are never erased"
    );
    let warning = warnings(&app, &gone.email).await;
    assert_eq!(warning.len(), 1);
    let erase_on = (app.now() + Duration::days(30))
        .format("%d/%m/%Y")
        .to_string();
    assert_eq!(warning[0]["params"]["erase_on"], erase_on);
    assert!(warnings(&app, &recent.email).await.is_empty());
    assert!(warnings(&app, &admin.email).await.is_empty());
    // Swept again: nobody is warned twice.
    assert_eq!(sweep(&app).await.warned, 0);
    assert_eq!(warnings(&app, &gone.email).await.len(), 1);

    // Thirty days on, one of them has signed in: its warning is void; the
    // other is erased by the path of `DELETE /v1/me`.
    app.travel(a_month());
    assert_eq!(app.login(&back.email, PASSWORD).await.status(), 200);
    // A token of its session, as a client refreshing it would hold.
    let gone = app.renewed(&gone);
    let later = sweep(&app).await;
    assert_eq!(later.erased, 1);
    let (state, email) = account_state(&app, &gone.account_id).await.unwrap();
    assert_eq!(state, "erased");
    assert_ne!(email, gone.email);
    assert_eq!(app.login(&gone.email, PASSWORD).await.status(), 401);
    let mine = app.send(reqwest::Method::GET, "/v1/me", &gone, None).await;
    assert_eq!(mine.status(), 401, "its sessions ended");
    let mut conn = app.db.acquire().await.unwrap();
    let open: i64 = renfort::on_conn!(&mut conn, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM participations WHERE volunteer_id = $1 AND state IN ('pending', 'accepted')",
    )
    .bind(gone.account_id.parse::<Uuid>().unwrap())
    .fetch_one(c)
    .await)
    .unwrap();
    assert_eq!(open, 0, "its application was cancelled");
    drop(conn);
    assert_eq!(
        account_state(&app, &back.account_id).await.unwrap().0,
        "active"
    );
}

#[tokio::test]
async fn the_last_owner_of_an_organisation_is_kept_and_looked_at_again() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let owner = app.volunteer("owner").await;
    app.organization(&owner, "69003").await;
    app.travel(four_years());
    assert_eq!(sweep(&app).await.warned, 1);
    app.travel(a_month());
    let swept = sweep(&app).await;
    assert_eq!((swept.erased, swept.postponed), (0, 1));
    assert_eq!(
        account_state(&app, &owner.account_id).await.unwrap().0,
        "active"
    );
    // Postponed: left alone for another period, then looked at again.
    assert_eq!(
        sweep(&app).await,
        renfort::services::retention::Swept::default()
    );
    app.travel(a_month());
    assert_eq!(sweep(&app).await.postponed, 1);
    assert_eq!(
        account_state(&app, &owner.account_id).await.unwrap().0,
        "active"
    );
}

#[tokio::test]
async fn signups_never_activated_are_purged_after_thirty_days() {
    let app = spawn_with(json!({"worker": {"embedded": false}})).await;
    let old = unique_email("old");
    let fresh = unique_email("fresh");
    assert_eq!(app.signup(&old).await.status(), 202);
    app.travel(a_month());
    assert_eq!(app.signup(&fresh).await.status(), 202);
    assert_eq!(sweep(&app).await.never_activated, 1);
    let mut conn = app.db.acquire().await.unwrap();
    let left: Vec<String> = renfort::on_conn!(&mut conn, c => sqlx::query_scalar(
        "SELECT email FROM accounts WHERE email IN ($1, $2)",
    )
    .bind(&old)
    .bind(&fresh)
    .fetch_all(c)
    .await)
    .unwrap();
    assert_eq!(left, std::slice::from_ref(&fresh));
    drop(conn);
    // The purged address can sign up afresh.
    assert_eq!(app.signup(&old).await.status(), 202);
}

#[tokio::test]
async fn the_worker_runs_the_sweep_as_a_job_that_schedules_its_next_run() {
    let app = spawn_with(json!({"retention": {"sweep_every_secs": 3600}})).await;
    let next_run = || async {
        let mut conn = app.db.acquire().await.unwrap();
        let next: Vec<chrono::DateTime<Utc>> = renfort::on_conn!(&mut conn, c => sqlx::query_scalar(
            "SELECT run_after FROM outbox_jobs WHERE kind = 'retention_sweep' AND state = 'pending'",
        )
        .fetch_all(c)
        .await)
        .unwrap();
        next
    };
    // The worker sweeps once at start, then schedules the next run.
    let an_hour_on = || async {
        let next = next_run().await;
        next.len() == 1 && next[0] > app.now() + Duration::minutes(50)
    };
    eventually("the first sweep, and the next one scheduled", an_hour_on).await;
    let quiet = app.volunteer("quiet").await;
    // Four years pass: the scheduled run is long due.
    app.travel(four_years());
    eventually("the warning written by the sweep job", || async {
        !warnings(&app, &quiet.email).await.is_empty()
    })
    .await;
    eventually("the run after it scheduled, once", an_hour_on).await;
}

#[tokio::test]
async fn turned_off_nobody_is_warned() {
    let app =
        spawn_with(json!({"retention": {"enabled": false}, "worker": {"embedded": false}})).await;
    let quiet = app.volunteer("quiet").await;
    app.travel(four_years());
    let all = settings(&app);
    let outcome = renfort::services::retention::run(&app.db, None, &all)
        .await
        .unwrap();
    assert!(outcome.is_some(), "the job says it did nothing");
    assert!(warnings(&app, &quiet.email).await.is_empty());
}
