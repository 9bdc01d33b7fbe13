//! Persistence: one PostgreSQL or SQLite pool, chosen by the URL scheme.
//!
//! SQL is written once and run on either backend: the `on_conn!` and
//! `on_tx!` macros expand a body once per backend, so the values bound and
//! the rows decoded are checked by the compiler against each driver's
//! types. The SQL text itself is not checked at compile time (these are
//! `query`, not `query!`): the suites run every statement on both
//! databases, and that is what catches a wrong one. sqlx numbers its
//! parameters `$1, $2…` on both, and our schema uses types both drivers map
//! (uuid, timestamps, json, text), so only the few statements where the
//! dialects really differ (job claiming, full-text search, upserts) are
//! written twice, side by side.

pub mod accounts;
pub mod api_keys;
pub mod audit;
pub mod backfill;
pub mod calendar;
pub mod exports;
pub mod favourites;
pub mod history;
pub mod idempotency;
pub mod inactivity;
pub mod messages;
pub mod migrate;
pub mod missions;
pub mod networks;
pub mod notifications;
pub mod organizations;
pub mod outbox;
pub mod participations;
pub mod personal;
pub mod pictures;
pub mod reminders;
pub mod saved_searches;
pub mod service_mode;
pub mod sessions;
pub mod shifts;
pub mod statistics;
pub mod suppressions;
pub mod waiting_list;
pub mod webhooks;
pub mod widgets;

use std::str::FromStr;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use secrecy::ExposeSecret;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool};

use crate::clock::Clock;
use crate::config::{DatabaseKind, DatabaseSettings};

static PG_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");
static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot prepare the SQLite directory {0}")]
    Directory(String, #[source] std::io::Error),
}

impl StoreError {
    /// The name of the violated unique constraint, for turning a race into a
    /// 409 instead of checking first (the check would race anyway).
    pub fn unique_violation(&self) -> Option<String> {
        match self {
            StoreError::Sqlx(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                Some(e.constraint().map(str::to_owned).unwrap_or_else(|| {
                    // SQLite reports columns, not constraint names:
                    // "UNIQUE constraint failed: accounts.email_normalized".
                    e.message()
                        .rsplit(": ")
                        .next()
                        .unwrap_or_default()
                        .to_owned()
                }))
            }
            _ => None,
        }
    }

    /// Pool exhaustion, or a statement stopped by `statement_timeout`
    /// (PostgreSQL's `query_canceled`): the database is saturated, not
    /// broken.
    /// The database could not be reached or dropped the connection (a
    /// restart, a failover, a network cut): the request may succeed when
    /// retried in a moment, and nothing of it was committed.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Sqlx(
                sqlx::Error::Io(_)
                | sqlx::Error::PoolClosed
                | sqlx::Error::WorkerCrashed
                | sqlx::Error::Tls(_),
            ) => true,
            // Class 08 (connection exception), 57P01-57P03 (shutting down,
            // crashed, not accepting connections yet), 53300 (too many
            // connections).
            StoreError::Sqlx(sqlx::Error::Database(e)) => e.code().is_some_and(|c| {
                c.starts_with("08") || matches!(c.as_ref(), "57P01" | "57P02" | "57P03" | "53300")
            }),
            _ => false,
        }
    }

    pub fn is_busy(&self) -> bool {
        match self {
            StoreError::Sqlx(sqlx::Error::PoolTimedOut) => true,
            StoreError::Sqlx(sqlx::Error::Database(e)) => e.code().as_deref() == Some("57014"),
            _ => false,
        }
    }
}

/// The connection pool, and the clock the store goes by. Cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    waiting: Arc<AtomicI64>,
    /// Check-outs that failed (timeout, refused or failed connection).
    acquire_failures: Arc<std::sync::atomic::AtomicU64>,
    /// Check-outs handed out (a connection or a transaction): what a use
    /// case costs the pool, counted for `/metrics`.
    checkouts: Arc<std::sync::atomic::AtomicU64>,
    clock: Clock,
    /// How `migrate` waits for the locks its migrations take.
    migration: migrate::MigrationPolicy,
}

#[derive(Clone)]
pub enum Pool {
    Postgres(PgPool),
    Sqlite(SqlitePool),
}

/// A connection checked out of either pool.
pub enum Conn {
    Postgres(PoolConnection<Postgres>),
    Sqlite(PoolConnection<Sqlite>),
}

/// A transaction on either backend, with the clock of its pool so that
/// what it schedules is timed as the rest of the application sees time.
/// Dropping it without `commit` rolls back.
pub struct Tx {
    pub inner: TxInner,
    clock: Clock,
}

pub enum TxInner {
    Postgres(sqlx::Transaction<'static, Postgres>),
    Sqlite(sqlx::Transaction<'static, Sqlite>),
}

/// Runs `$body` with `$c` bound to `&mut PgConnection` or `&mut SqliteConnection`.
#[macro_export]
macro_rules! on_conn {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::store::Conn::Postgres(inner) => {
                let $c = &mut **inner;
                $body
            }
            $crate::store::Conn::Sqlite(inner) => {
                let $c = &mut **inner;
                $body
            }
        }
    };
}

/// Runs `$body` with `$c` bound to the transaction's connection.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, $c:ident => $body:expr) => {
        match &mut $tx.inner {
            $crate::store::TxInner::Postgres(inner) => {
                let $c = &mut **inner;
                $body
            }
            $crate::store::TxInner::Sqlite(inner) => {
                let $c = &mut **inner;
                $body
            }
        }
    };
}

/// A borrowed connection of either backend, from a pooled connection or
/// a transaction: store functions that may run in or out of a transaction
/// take one of these (`conn.h()` or `tx.h()`).
pub enum Handle<'a> {
    Postgres(&'a mut sqlx::PgConnection),
    Sqlite(&'a mut sqlx::SqliteConnection),
}

/// Runs `$body` with `$c` bound to the handle's connection.
#[macro_export]
macro_rules! on_handle {
    ($h:expr, $c:ident => $body:expr) => {
        match $h {
            $crate::store::Handle::Postgres($c) => $body,
            $crate::store::Handle::Sqlite($c) => $body,
        }
    };
}

impl Handle<'_> {
    /// A shorter-lived handle on the same connection, for several
    /// statements in a row.
    pub fn reborrow(&mut self) -> Handle<'_> {
        match self {
            Handle::Postgres(c) => Handle::Postgres(c),
            Handle::Sqlite(c) => Handle::Sqlite(c),
        }
    }

    /// The clause that locks the rows a `SELECT` reads until the
    /// transaction ends: ` FOR UPDATE` on PostgreSQL, nothing on SQLite,
    /// whose write transaction already excludes every other writer.
    pub fn for_update(&self) -> &'static str {
        match self {
            Handle::Postgres(_) => " FOR UPDATE",
            Handle::Sqlite(_) => "",
        }
    }

    /// A subquery listing the strings of the JSON array bound at `param`:
    /// the one spelling that differs between the two dialects.
    pub fn json_strings(&self, param: &str) -> String {
        match self {
            Handle::Postgres(_) => format!("SELECT jsonb_array_elements_text({param}::jsonb)"),
            Handle::Sqlite(_) => format!("SELECT value FROM json_each({param})"),
        }
    }
}

impl Conn {
    pub fn h(&mut self) -> Handle<'_> {
        match self {
            Conn::Postgres(c) => Handle::Postgres(c),
            Conn::Sqlite(c) => Handle::Sqlite(c),
        }
    }
}

/// Pool figures for `/metrics`.
pub struct PoolStats {
    pub size: u32,
    pub idle: usize,
    pub waiting: i64,
    pub max: u32,
    pub acquire_failures: u64,
    pub checkouts: u64,
}

impl Db {
    pub async fn connect(settings: &DatabaseSettings) -> Result<Self, StoreError> {
        let url = settings.url.expose_secret();
        let acquire_timeout = Duration::from_millis(settings.acquire_timeout_ms);
        let pool = match settings
            .kind()
            .map_err(|e| StoreError::Sqlx(sqlx::Error::Configuration(e.to_string().into())))?
        {
            DatabaseKind::Postgres => {
                // A statement that runs away (a pathological search) is
                // stopped by the server itself and answered 503, instead
                // of holding its connection while others queue.
                let mut options = PgConnectOptions::from_str(url)?.application_name("renfort");
                // 0: none sent, which PgBouncer requires (it refuses the
                // startup option; the role's own timeout applies there).
                if settings.statement_timeout_ms > 0 {
                    options = options.options([(
                        "statement_timeout",
                        format!("{}ms", settings.statement_timeout_ms),
                    )]);
                }
                Pool::Postgres(
                    PgPoolOptions::new()
                        .max_connections(settings.max_connections)
                        .min_connections(settings.min_connections)
                        .acquire_timeout(acquire_timeout)
                        .connect_with(options)
                        .await?,
                )
            }
            DatabaseKind::Sqlite => {
                let options = SqliteConnectOptions::from_str(url)?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_millis(settings.sqlite_busy_timeout_ms));
                if let Some(dir) = options.get_filename().parent() {
                    if !dir.as_os_str().is_empty() {
                        std::fs::create_dir_all(dir)
                            .map_err(|e| StoreError::Directory(dir.display().to_string(), e))?;
                    }
                }
                Pool::Sqlite(
                    SqlitePoolOptions::new()
                        .max_connections(settings.max_connections)
                        .min_connections(settings.min_connections)
                        .acquire_timeout(acquire_timeout)
                        .connect_with(options)
                        .await?,
                )
            }
        };
        Ok(Db {
            pool,
            waiting: Arc::new(AtomicI64::new(0)),
            acquire_failures: Arc::default(),
            checkouts: Arc::default(),
            clock: Clock::system(),
            migration: migrate::MigrationPolicy {
                lock_timeout: Duration::from_millis(settings.migration_lock_timeout_ms),
                ..migrate::MigrationPolicy::default()
            },
        })
    }

    /// The same pool going by `clock` (tests run on an adjustable one).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The clock every decision that depends on time reads.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// What time it is, by that clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    pub fn kind(&self) -> DatabaseKind {
        match self.pool {
            Pool::Postgres(_) => DatabaseKind::Postgres,
            Pool::Sqlite(_) => DatabaseKind::Sqlite,
        }
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// How many of the migrations this binary carries are not applied
    /// yet (all of them on an empty database), backfills included. A
    /// schema ahead of the binary (the next release migrated first)
    /// counts as ready.
    pub async fn pending_migrations(&self) -> Result<usize, StoreError> {
        let migrator = match self.pool {
            Pool::Postgres(_) => &PG_MIGRATIONS,
            Pool::Sqlite(_) => &SQLITE_MIGRATIONS,
        };
        let mut conn = self.acquire().await?;
        let applied: Result<Vec<i64>, sqlx::Error> = on_conn!(&mut conn, c => sqlx::query_scalar(
            "SELECT version FROM _sqlx_migrations WHERE success",
        )
        .fetch_all(c)
        .await);
        let applied = match applied {
            Ok(versions) => versions,
            // No table yet: nothing was ever applied.
            Err(sqlx::Error::Database(_)) => Vec::new(),
            Err(e) => return Err(e.into()),
        };
        drop(conn);
        let migrations = migrator
            .iter()
            .filter(|m| !m.migration_type.is_down_migration() && !applied.contains(&m.version))
            .count();
        // A batched backfill is part of its migration: the code that
        // reads the column waits for it as well.
        Ok(migrations + self.pending_backfills().await?.len())
    }

    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.pool {
            Pool::Postgres(p) => migrate::run(p, &PG_MIGRATIONS, self.migration).await?,
            Pool::Sqlite(p) => SQLITE_MIGRATIONS.run(p).await?,
        }
        self.backfill().await
    }

    /// Checks a connection out, counting the requests that wait for one.
    pub async fn acquire(&self) -> Result<Conn, StoreError> {
        self.waiting.fetch_add(1, Ordering::Relaxed);
        let conn = match &self.pool {
            Pool::Postgres(p) => p.acquire().await.map(Conn::Postgres),
            Pool::Sqlite(p) => p.acquire().await.map(Conn::Sqlite),
        };
        self.waiting.fetch_sub(1, Ordering::Relaxed);
        Ok(self.counted(conn)?)
    }

    /// Counts a check-out, and a failed one, for `/metrics`.
    fn counted<T>(&self, outcome: Result<T, sqlx::Error>) -> Result<T, sqlx::Error> {
        if outcome.is_err() {
            self.acquire_failures.fetch_add(1, Ordering::Relaxed);
        } else {
            self.checkouts.fetch_add(1, Ordering::Relaxed);
        }
        outcome
    }

    /// A read-only transaction: several reads from one snapshot, on one
    /// server connection. Behind PgBouncer in transaction mode, a
    /// statement prepared unnamed (not kept) is only found again inside
    /// a transaction; outside one, its execution may reach another server.
    pub async fn begin_read(&self) -> Result<Tx, StoreError> {
        self.waiting.fetch_add(1, Ordering::Relaxed);
        let inner = match &self.pool {
            Pool::Postgres(p) => p.begin_with("BEGIN READ ONLY").await.map(TxInner::Postgres),
            // Deferred: readers take no write lock.
            Pool::Sqlite(p) => p.begin().await.map(TxInner::Sqlite),
        };
        self.waiting.fetch_sub(1, Ordering::Relaxed);
        Ok(Tx {
            inner: self.counted(inner)?,
            clock: self.clock.clone(),
        })
    }

    /// A read-only transaction for a batch of the worker's whose
    /// statements may take the seconds a national database needs, past
    /// the requests' `database.statement_timeout_ms`, up to `budget`.
    pub async fn begin_batch_read(&self, budget: std::time::Duration) -> Result<Tx, StoreError> {
        let mut tx = self.begin_read().await?;
        if let Handle::Postgres(c) = tx.h() {
            sqlx::query(&format!(
                "SET LOCAL statement_timeout = '{}ms'",
                budget.as_millis()
            ))
            .execute(&mut *c)
            .await?;
        }
        Ok(tx)
    }

    pub async fn begin(&self) -> Result<Tx, StoreError> {
        self.waiting.fetch_add(1, Ordering::Relaxed);
        let inner = match &self.pool {
            Pool::Postgres(p) => p.begin().await.map(TxInner::Postgres),
            // IMMEDIATE takes SQLite's write lock up front, so that two
            // writers queue on the busy timeout instead of one failing with
            // SQLITE_BUSY when it upgrades a read lock mid-transaction.
            Pool::Sqlite(p) => p.begin_with("BEGIN IMMEDIATE").await.map(TxInner::Sqlite),
        };
        self.waiting.fetch_sub(1, Ordering::Relaxed);
        Ok(Tx {
            inner: self.counted(inner)?,
            clock: self.clock.clone(),
        })
    }

    /// Really touches the database, for readiness.
    pub async fn ping(&self) -> Result<(), StoreError> {
        let mut conn = self.acquire().await?;
        on_conn!(&mut conn, c => sqlx::query("SELECT 1").execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub fn stats(&self) -> PoolStats {
        let (size, idle, max) = match &self.pool {
            Pool::Postgres(p) => (p.size(), p.num_idle(), p.options().get_max_connections()),
            Pool::Sqlite(p) => (p.size(), p.num_idle(), p.options().get_max_connections()),
        };
        PoolStats {
            size,
            idle,
            waiting: self.waiting.load(Ordering::Relaxed),
            max,
            acquire_failures: self.acquire_failures.load(Ordering::Relaxed),
            checkouts: self.checkouts.load(Ordering::Relaxed),
        }
    }

    pub async fn close(&self) {
        match &self.pool {
            Pool::Postgres(p) => p.close().await,
            Pool::Sqlite(p) => p.close().await,
        }
    }
}

impl Tx {
    pub fn h(&mut self) -> Handle<'_> {
        match &mut self.inner {
            TxInner::Postgres(t) => Handle::Postgres(t),
            TxInner::Sqlite(t) => Handle::Sqlite(t),
        }
    }

    /// What time it is, by the clock of the pool this transaction came from.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// Runs one statement with no result (savepoints and the like).
    async fn exec(&mut self, sql: &str) -> Result<(), StoreError> {
        on_handle!(self.h(), c => sqlx::query(sql).execute(c).await.map(|_| ()))?;
        Ok(())
    }

    /// Marks a point this transaction can return to: one row of a batch
    /// can fail and be undone without failing the others.
    pub async fn savepoint(&mut self) -> Result<(), StoreError> {
        self.exec("SAVEPOINT row").await
    }

    pub async fn release_savepoint(&mut self) -> Result<(), StoreError> {
        self.exec("RELEASE SAVEPOINT row").await
    }

    pub async fn rollback_to_savepoint(&mut self) -> Result<(), StoreError> {
        self.exec("ROLLBACK TO SAVEPOINT row").await?;
        self.release_savepoint().await
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        match self.inner {
            TxInner::Postgres(t) => t.commit().await?,
            TxInner::Sqlite(t) => t.commit().await?,
        }
        Ok(())
    }
}
