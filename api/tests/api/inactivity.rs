//! Data retention: inactive accounts are warned, then erased unless they
//! sign in; signups never activated are purged; the sweep runs as an
//! outbox job that schedules its next run.

use chrono::{Duration, Utc};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::common::{eventually, spawn_with, unique_email, Session, TestApp, PASSWORD};

fn settings(app: &TestApp) -> renfort::config::RetentionSettings {
    renfort::config::Settings::with_overrides(app.settings.clone())
        .unwrap()
        .retention
}

async fn sweep(app: &TestApp) -> renfort::services::retention::Swept {
    renfort::services::retention::sweep(&app.db, None, &settings(app), Utc::now())
        .await
        .unwrap()
}

async fn exec(app: &TestApp, sql: &str, id: &str, at: chrono::DateTime<Utc>) {
    let id: Uuid = id.parse().unwrap();
    let mut conn = app.db.acquire().await.unwrap();
    renfort::on_conn!(&mut conn, c => sqlx::query(sql).bind(id).bind(at).execute(c).await.map(|_| ()))
        .unwrap();
}

/// Last seen `days` ago.
async fn last_seen(app: &TestApp, who: &Session, days: i64) {
    exec(
        app,
        "UPDATE accounts SET last_active_at = $2 WHERE id = $1",
        &who.account_id,
        Utc::now() - Duration::days(days),
    )
    .await;
}

async fn warned_days_ago(app: &TestApp, who: &Session, days: i64) {
    exec(
        app,
        "UPDATE accounts SET inactivity_warned_at = $2 WHERE id = $1",
        &who.account_id,
        Utc::now() - Duration::days(days),
    )
    .await;
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
    let recent = app.volunteer("recent").await;
    let admin = app.admin().await;
    for who in [&gone, &back, &admin] {
        last_seen(&app, who, 4 * 365).await;
    }
    last_seen(&app, &recent, 2 * 365).await;
    // The one to be erased has an open application: erasure cancels it.
    let (_owner, _referent, _admin, _org, mission) = app.published_mission(5).await;
    assert_eq!(
        app.apply(&gone, &mission, Some("Motivé")).await.status(),
        201
    );

    let first = sweep(&app).await;
    assert_eq!(
        first.warned, 2,
        "three years without signing in; admins are never erased"
    );
    let warning = warnings(&app, &gone.email).await;
    assert_eq!(warning.len(), 1);
    let erase_on = (Utc::now() + Duration::days(30))
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
    warned_days_ago(&app, &gone, 31).await;
    warned_days_ago(&app, &back, 31).await;
    assert_eq!(app.login(&back.email, PASSWORD).await.status(), 200);
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
    last_seen(&app, &owner, 4 * 365).await;
    assert_eq!(sweep(&app).await.warned, 1);
    warned_days_ago(&app, &owner, 31).await;
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
    warned_days_ago(&app, &owner, 31).await;
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
    for email in [&old, &fresh] {
        assert_eq!(app.signup(email).await.status(), 202);
    }
    let mut conn = app.db.acquire().await.unwrap();
    renfort::on_conn!(&mut conn, c => sqlx::query(
        "UPDATE accounts SET created_at = $2 WHERE email = $1",
    )
    .bind(&old)
    .bind(Utc::now() - Duration::days(31))
    .execute(c)
    .await
    .map(|_| ()))
    .unwrap();
    drop(conn);
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
        next.len() == 1 && next[0] > Utc::now() + Duration::minutes(50)
    };
    eventually("the first sweep, and the next one scheduled", an_hour_on).await;
    let quiet = app.volunteer("quiet").await;
    last_seen(&app, &quiet, 4 * 365).await;
    // An hour passes: the scheduled run is due.
    let mut conn = app.db.acquire().await.unwrap();
    renfort::on_conn!(&mut conn, c => sqlx::query(
        "UPDATE outbox_jobs SET run_after = $1 WHERE kind = 'retention_sweep' AND state = 'pending'",
    )
    .bind(Utc::now())
    .execute(c)
    .await
    .map(|_| ()))
    .unwrap();
    drop(conn);
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
    last_seen(&app, &quiet, 4 * 365).await;
    let outcome = renfort::services::retention::run(&app.db, None, &settings(&app))
        .await
        .unwrap();
    assert!(outcome.is_some(), "the job says it did nothing");
    assert!(warnings(&app, &quiet.email).await.is_empty());
}
