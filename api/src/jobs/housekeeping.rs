//! The periodic purge: what has outlived its retention leaves the
//! database. Done outbox jobs (their payloads name people), stored
//! idempotent responses, refresh tokens long expired, spent or expired
//! account tokens. Every worker runs it; the deletes are idempotent, so
//! two running at once only share the work.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::Settings;
use crate::store::{self, Db, StoreError};

/// How long each kind of record is kept, and how often the purge runs.
#[derive(Debug, Clone)]
pub struct Retention {
    pub every: Duration,
    pub done_jobs: chrono::Duration,
    pub idempotency_keys: chrono::Duration,
}

impl Retention {
    pub fn from_settings(settings: &Settings) -> Self {
        Retention {
            every: Duration::from_secs(settings.worker.housekeeping_interval_secs.max(1)),
            done_jobs: chrono::Duration::days(settings.worker.done_retention_days),
            idempotency_keys: chrono::Duration::hours(settings.idempotency.retention_hours),
        }
    }
}

/// How many rows one purge deleted, by kind.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Purged {
    pub done_jobs: u64,
    pub idempotency_keys: u64,
    pub refresh_tokens: u64,
    pub account_tokens: u64,
    pub exports: u64,
}

impl Purged {
    pub fn is_empty(&self) -> bool {
        *self == Purged::default()
    }
}

/// Rows deleted per statement, so that a large backlog is purged in short
/// transactions that never hold the tables for long.
const BATCH: i64 = 1000;

pub async fn purge(
    db: &Db,
    retention: &Retention,
    now: DateTime<Utc>,
) -> Result<Purged, StoreError> {
    let mut purged = Purged::default();
    loop {
        let n = store::outbox::purge_done(db, now - retention.done_jobs, BATCH).await?;
        purged.done_jobs += n;
        if n < BATCH as u64 {
            break;
        }
    }
    let mut conn = db.acquire().await?;
    purged.idempotency_keys =
        store::idempotency::purge(conn.h(), now - retention.idempotency_keys).await?;
    // A day past expiry: a late replay of a refresh token still meets its
    // row (and is refused) during the day a client might retry it.
    purged.refresh_tokens =
        store::sessions::purge_expired(conn.h(), now - chrono::Duration::days(1)).await?;
    purged.account_tokens = store::accounts::purge_expired_tokens(conn.h(), now).await?;
    // An export's file holds personal data: gone once its link expires.
    purged.exports = store::exports::purge_expired(conn.h(), now).await?;
    Ok(purged)
}
