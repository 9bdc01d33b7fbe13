//! Migrations while the service runs (PostgreSQL): a migration that
//! cannot take its lock soon gives way and is tried again, instead of
//! queuing the traffic behind it; an index build it stopped half-way is
//! not taken for done.

use std::time::Duration;

use serde_json::json;
use sqlx::{Connection, Executor};

use crate::common::{merge, pooler_url, postgres_url, spawn_app};

const VERSION: i64 = 20261207000030;
const INDEX: &str = "accounts_inactivity_warned";

#[tokio::test]
async fn a_migration_gives_way_to_a_long_transaction_then_completes() {
    if postgres_url().is_none() || pooler_url().is_some() {
        eprintln!("locks are PostgreSQL's, taken directly: set RENFORT_TEST_DATABASE_URL");
        return;
    }
    let app = spawn_app().await;
    let url = app.settings["database"]["url"].as_str().unwrap().to_owned();
    let mut admin = sqlx::PgConnection::connect(&url).await.unwrap();
    // The release before: this migration not yet applied.
    admin
        .execute(format!("DROP INDEX {INDEX}").as_str())
        .await
        .unwrap();
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = $1")
        .bind(VERSION)
        .execute(&mut admin)
        .await
        .unwrap();

    // A long transaction writing accounts (a slow import, say): a
    // concurrent index build waits for it to end.
    let mut long = sqlx::PgConnection::connect(&url).await.unwrap();
    long.execute("BEGIN").await.unwrap();
    long.execute("UPDATE accounts SET updated_at = updated_at")
        .await
        .unwrap();

    let mut settings = app.settings.clone();
    merge(
        &mut settings,
        json!({"database": {"migration_lock_timeout_ms": 150}}),
    );
    let settings = renfort::config::Settings::with_overrides(settings).unwrap();
    let db = renfort::store::Db::connect(&settings.database)
        .await
        .unwrap();
    let finished = std::sync::atomic::AtomicBool::new(false);
    let migration = async {
        let applied = db.migrate().await;
        finished.store(true, std::sync::atomic::Ordering::SeqCst);
        applied
    };
    let meanwhile = async {
        // It gave way: the build it started is left invalid meanwhile,
        // and other statements on the table go on.
        tokio::time::sleep(Duration::from_millis(700)).await;
        assert!(
            !finished.load(std::sync::atomic::Ordering::SeqCst),
            "the migration did not wait, or failed"
        );
        let count: i64 = tokio::time::timeout(
            Duration::from_secs(2),
            sqlx::query_scalar("SELECT COUNT(*) FROM accounts").fetch_one(&mut admin),
        )
        .await
        .expect("reads go on while the migration waits")
        .unwrap();
        assert!(count >= 0);
        long.execute("COMMIT").await.unwrap();
    };
    let (applied, ()) = tokio::time::timeout(Duration::from_secs(30), async {
        tokio::join!(migration, meanwhile)
    })
    .await
    .expect("tried again once the transaction ended");
    applied.expect("the migration applies");

    let indexes: Vec<bool> = sqlx::query_scalar(
        "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1",
    )
    .bind(INDEX)
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert_eq!(indexes, vec![true], "one valid index, none left half-built");
    let applied: bool =
        sqlx::query_scalar("SELECT success FROM _sqlx_migrations WHERE version = $1")
            .bind(VERSION)
            .fetch_one(&mut admin)
            .await
            .unwrap();
    assert!(applied);
}

/// The organisation a participation belongs to is copied onto it (the
/// feeds read it through an index): rows written before that migration
/// are filled in batches by `renfort migrate`, without moving the
/// `updated_at` the partner feeds page by, and the new release's pods
/// wait until they are.
#[tokio::test]
async fn participations_written_before_their_organisation_was_kept_are_backfilled() {
    let app = spawn_app().await;
    let (owner, _, _, org, mission) = app.published_mission(10).await;
    for n in 0..3 {
        let volunteer = app.volunteer(&format!("backfill-{n}")).await;
        assert_eq!(app.apply(&volunteer, &mission, None).await.status(), 201);
    }
    let organisations = |app: &crate::common::TestApp| {
        let db = app.db.clone();
        let mission = mission.clone();
        async move {
            let mut conn = db.acquire().await.unwrap();
            let rows: Vec<(Option<uuid::Uuid>, chrono::DateTime<chrono::Utc>)> = renfort::on_conn!(&mut conn, c =>
                sqlx::query_as("SELECT organization_id, updated_at FROM participations WHERE mission_id = $1 ORDER BY id")
                    .bind(uuid::Uuid::parse_str(&mission).unwrap())
                    .fetch_all(c)
                    .await)
            .unwrap();
            rows
        }
    };
    let org_id = uuid::Uuid::parse_str(&org).unwrap();
    let written = organisations(&app).await;
    assert_eq!(written.len(), 3);
    assert!(
        written.iter().all(|(o, _)| *o == Some(org_id)),
        "an application is written with its organisation"
    );

    // The release before: the column empty, the backfill not run.
    let mut conn = app.db.acquire().await.unwrap();
    for statement in [
        "UPDATE participations SET organization_id = NULL",
        "DELETE FROM data_backfills",
    ] {
        renfort::on_conn!(&mut conn, c => sqlx::query(statement).execute(c).await.map(|_| ()))
            .unwrap();
    }
    drop(conn);
    assert_eq!(
        app.db.pending_migrations().await.unwrap(),
        1,
        "pods wait for the backfill as for a migration"
    );

    app.db.migrate().await.unwrap();
    let filled = organisations(&app).await;
    assert!(filled.iter().all(|(o, _)| *o == Some(org_id)));
    assert_eq!(
        filled.iter().map(|(_, at)| *at).collect::<Vec<_>>(),
        written.iter().map(|(_, at)| *at).collect::<Vec<_>>(),
        "the feeds' positions do not move"
    );
    assert_eq!(app.db.pending_migrations().await.unwrap(), 0);

    // The organisation's partner feed finds them by it, once settled.
    app.travel(chrono::Duration::minutes(1));
    let (key, _) = crate::partners::key_of(&app, &owner, &org, &["participations:read"]).await;
    let page: serde_json::Value = crate::partners::partner(
        &app,
        &key,
        reqwest::Method::GET,
        "/v1/partner/feed/participations",
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 3, "{page}");
}

/// During the rollout the previous release's pods insert participations
/// without the column: PostgreSQL's trigger fills it for them.
#[tokio::test]
async fn an_application_written_by_the_previous_release_gets_its_organisation() {
    if postgres_url().is_none() {
        eprintln!("the rollout's trigger is PostgreSQL's: set RENFORT_TEST_DATABASE_URL");
        return;
    }
    let app = spawn_app().await;
    let (_, _, _, org, mission) = app.published_mission(10).await;
    let volunteer = app.volunteer("rollout-volunteer").await;
    let mut conn = app.db.acquire().await.unwrap();
    let renfort::store::Conn::Postgres(c) = &mut conn else {
        unreachable!()
    };
    // The previous release's statement, as it was.
    sqlx::query(
        "INSERT INTO participations (id, mission_id, volunteer_id, motivation, parental_consent_at, state, created_at, updated_at, age_band)
         VALUES ($1, $2, $3, NULL, NULL, 'pending', now(), now(), '18_or_over')",
    )
    .bind(uuid::Uuid::now_v7())
    .bind(uuid::Uuid::parse_str(&mission).unwrap())
    .bind(uuid::Uuid::parse_str(&volunteer.account_id).unwrap())
    .execute(&mut **c)
    .await
    .unwrap();
    let organisation: Option<uuid::Uuid> =
        sqlx::query_scalar("SELECT organization_id FROM participations WHERE volunteer_id = $1")
            .bind(uuid::Uuid::parse_str(&volunteer.account_id).unwrap())
            .fetch_one(&mut **c)
            .await
            .unwrap();
    assert_eq!(organisation, Some(uuid::Uuid::parse_str(&org).unwrap()));
}
