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
