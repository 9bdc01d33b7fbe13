//! The database: its URL (the scheme picks PostgreSQL or SQLite), the pool,
//! timeouts, migrations.

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::{invalid, ConfigError};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    pub url: SecretString,
    pub max_connections: u32,
    pub min_connections: u32,
    pub acquire_timeout_ms: u64,
    /// SQLite only: how long a writer waits for the lock before failing.
    pub sqlite_busy_timeout_ms: u64,
    /// PostgreSQL only: a statement running longer is stopped (503
    /// `database_busy`); 0 turns the limit off. Sent as a startup option,
    /// which PgBouncer refuses: behind one, set 0 here and the timeout on
    /// the database role instead (docs/OPERATIONS.md).
    pub statement_timeout_ms: u64,
    /// `serve` and `worker` apply pending migrations when they start (the
    /// embedded default). In production, turn it off: `renfort migrate`
    /// runs once per release, and replicas wait until the schema they
    /// were built for is there.
    pub migrate_on_start: bool,
    /// PostgreSQL only: the longest a migration waits for a lock that a
    /// running transaction holds. It then gives way (the requests queued
    /// behind it go on) and is tried again shortly, up to ten times.
    pub migration_lock_timeout_ms: u64,
}

/// Which database a URL points at, decided by its scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseKind {
    Postgres,
    Sqlite,
}

impl DatabaseSettings {
    pub fn kind(&self) -> Result<DatabaseKind, ConfigError> {
        let url = self.url.expose_secret();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseKind::Postgres)
        } else if url.starts_with("sqlite:") {
            Ok(DatabaseKind::Sqlite)
        } else {
            let scheme = url.split(':').next().unwrap_or_default();
            Err(invalid(
                "DATABASE_URL",
                format!("unknown scheme `{scheme}`, expected postgres:// or sqlite://"),
            ))
        }
    }
}

/// The `database` section's defaults.
pub(super) fn defaults() -> serde_json::Value {
    serde_json::json!({
        "url": "sqlite://./data/renfort.db",
        "max_connections": 16,
        "min_connections": 1,
        "acquire_timeout_ms": 3000,
        "sqlite_busy_timeout_ms": 5000,
        "statement_timeout_ms": 5000,
        "migrate_on_start": true,
        "migration_lock_timeout_ms": 2000,
    })
}

impl DatabaseSettings {
    /// Refuses a value of this section that cannot work, naming it.
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        if self.max_connections == 0 {
            return Err(invalid("database.max_connections", "must be at least 1"));
        }
        if self.min_connections > self.max_connections {
            return Err(invalid(
                "database.min_connections",
                "must not exceed database.max_connections",
            ));
        }
        Ok(())
    }
}
