//! Applying the PostgreSQL migrations while the service runs.
//!
//! A migration that needs a lock a long transaction holds must not queue
//! for it: every request behind it would queue too, and the crowd with
//! them. The runner's session waits at most `lock_timeout` for any lock,
//! then gives way: it rolls back what that migration did, waits, and tries
//! again, a bounded number of times. Migrations that build an index
//! `CONCURRENTLY` run alone outside a transaction (`-- no-transaction`);
//! one stopped half-way leaves an invalid index behind, which is dropped
//! before the next try so that `IF NOT EXISTS` does not take it for done.
//! The rules new migrations follow are in docs/SCALING.md ("Migrations");
//! `scripts/lint-migrations.sh` holds them to it with squawk.

use std::time::Duration;

use sqlx::{Connection, PgConnection, PgPool};

use super::StoreError;

/// How the runner takes its locks.
#[derive(Debug, Clone, Copy)]
pub struct MigrationPolicy {
    /// The longest a migration waits for a lock before giving way.
    pub lock_timeout: Duration,
    /// How many times a migration that gave way is tried again.
    pub retries: u32,
    /// The first wait between tries; it doubles, up to ten seconds.
    pub backoff: Duration,
}

impl Default for MigrationPolicy {
    fn default() -> Self {
        MigrationPolicy {
            lock_timeout: Duration::from_secs(2),
            retries: 10,
            backoff: Duration::from_millis(500),
        }
    }
}

/// Applies what is pending; a migration that found its table locked is
/// tried again after a wait instead of queuing the traffic behind it.
pub async fn run(
    pool: &PgPool,
    migrator: &sqlx::migrate::Migrator,
    policy: MigrationPolicy,
) -> Result<(), StoreError> {
    // A connection of its own, closed afterwards: the session settings
    // below must not go back into the pool.
    let mut conn = pool.acquire().await?.detach();
    // An index built concurrently over millions of rows takes minutes:
    // no statement timeout for the runner (it never blocks others for
    // longer than lock_timeout).
    for setting in [
        format!("SET lock_timeout = {}", policy.lock_timeout.as_millis()),
        "SET statement_timeout = 0".to_owned(),
    ] {
        sqlx::query(&setting).execute(&mut conn).await?;
    }
    let mut wait = policy.backoff;
    let mut tries = 0;
    // Set when a try gave way: its concurrent build may have left an
    // invalid index, dropped before the next try runs.
    let mut leftovers = false;
    let outcome = loop {
        let attempt = async {
            if leftovers {
                drop_invalid_indexes(&mut conn).await?;
            }
            migrator.run(&mut conn).await
        };
        match attempt.await {
            Ok(()) => break Ok(()),
            Err(e) if tries < policy.retries && gave_way(&e) => {
                tries += 1;
                leftovers = true;
                tracing::warn!(
                    error = %one_line(&e),
                    try_again_in_ms = wait.as_millis() as u64,
                    tries,
                    "a migration gave way to a lock held by the service; trying again"
                );
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(10));
            }
            Err(e) => break Err(e.into()),
        }
    };
    conn.close().await.ok();
    outcome
}

/// Whether the migration stopped because it could not get a lock in time
/// (or was chosen to end a deadlock): trying again later may succeed.
fn gave_way(error: &sqlx::migrate::MigrateError) -> bool {
    use sqlx::migrate::MigrateError;
    let database = match error {
        MigrateError::Execute(sqlx::Error::Database(e))
        | MigrateError::ExecuteMigration(sqlx::Error::Database(e), _) => e,
        _ => return false,
    };
    // lock_not_available, deadlock_detected
    matches!(database.code().as_deref(), Some("55P03" | "40P01"))
}

fn one_line(error: &sqlx::migrate::MigrateError) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Drops the indexes a concurrent build left invalid when it stopped.
/// Only the runner builds indexes, and it holds the migration lock while
/// it does: an invalid index seen between its tries is a leftover.
/// Dropping one waits for the transactions using its table, as long as
/// `lock_timeout` too: the error then says the runner gave way again.
async fn drop_invalid_indexes(conn: &mut PgConnection) -> Result<(), sqlx::migrate::MigrateError> {
    let invalid: Vec<String> = sqlx::query_scalar(
        "SELECT format('%I.%I', n.nspname, c.relname)
           FROM pg_index i
           JOIN pg_class c ON c.oid = i.indexrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE NOT i.indisvalid AND n.nspname = current_schema()",
    )
    .fetch_all(&mut *conn)
    .await?;
    for index in invalid {
        tracing::warn!(%index, "dropping an index a stopped concurrent build left invalid");
        sqlx::query(&format!("DROP INDEX CONCURRENTLY IF EXISTS {index}"))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
