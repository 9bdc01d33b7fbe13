//! The service mode: `normal` or `degraded`, shared by every replica.
//!
//! Reading it is on every hot path, so each process keeps the value in an
//! atomic and refreshes it twice a second from Redis (or from the database
//! when Redis is absent or down). The database row is the durable copy: a
//! restarted Redis, which keeps nothing on disk, is refilled from it.

use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;

use deadpool_redis::redis::AsyncCommands;
use serde::{Deserialize, Serialize};

use super::redis::RedisLink;
use crate::store::{self, Db, StoreError};

const REDIS_KEY: &str = "service_mode";
const SETTING_KEY: &str = "service_mode";
pub const REFRESH_EVERY: Duration = Duration::from_millis(500);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Normal,
    /// Peak load: non-urgent emails wait, listings are served stale,
    /// expensive non-critical endpoints answer 503; signups, activations,
    /// mission submissions and applications keep working.
    Degraded,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Normal => "normal",
            Mode::Degraded => "degraded",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "normal" => Some(Mode::Normal),
            "degraded" => Some(Mode::Degraded),
            _ => None,
        }
    }

    fn from_u8(v: u8) -> Self {
        if v == 1 {
            Mode::Degraded
        } else {
            Mode::Normal
        }
    }
}

/// Who decides the mode: the controllers (`auto`), or an administrator who
/// pinned it to `normal` or `degraded` until they hand it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Override {
    Auto,
    Normal,
    Degraded,
}

impl Override {
    pub fn as_str(self) -> &'static str {
        match self {
            Override::Auto => "auto",
            Override::Normal => "normal",
            Override::Degraded => "degraded",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "auto" => Some(Override::Auto),
            "normal" => Some(Override::Normal),
            "degraded" => Some(Override::Degraded),
            _ => None,
        }
    }

    fn from_u8(v: u8) -> Self {
        match v {
            1 => Override::Normal,
            2 => Override::Degraded,
            _ => Override::Auto,
        }
    }

    fn to_u8(self) -> u8 {
        match self {
            Override::Auto => 0,
            Override::Normal => 1,
            Override::Degraded => 2,
        }
    }
}

const OVERRIDE_KEY: &str = "service_mode_override";

pub struct ServiceMode {
    current: AtomicU8,
    override_mode: AtomicU8,
    /// Changes made by this process, by source (`auto`, `admin`).
    changes_auto: AtomicU64,
    changes_admin: AtomicU64,
    /// Counts this process's own writes of the mode: a refresh that read
    /// the shared value before a write landed must not store it after.
    writes: std::sync::Mutex<u64>,
    redis: Option<Arc<RedisLink>>,
    db: Db,
}

impl ServiceMode {
    pub fn new(db: Db, redis: Option<Arc<RedisLink>>) -> Arc<Self> {
        Arc::new(ServiceMode {
            current: AtomicU8::new(0),
            override_mode: AtomicU8::new(0),
            changes_auto: AtomicU64::new(0),
            changes_admin: AtomicU64::new(0),
            writes: std::sync::Mutex::new(0),
            redis,
            db,
        })
    }

    /// The mode as this process last saw it; at most `REFRESH_EVERY` old.
    pub fn current(&self) -> Mode {
        Mode::from_u8(self.current.load(Ordering::Relaxed))
    }

    fn store_local(&self, mode: Mode) {
        let previous = Mode::from_u8(self.current.swap(mode as u8, Ordering::Relaxed));
        if previous != mode {
            tracing::warn!(
                from = previous.as_str(),
                to = mode.as_str(),
                "service mode changed"
            );
        }
    }

    /// Switches every replica: durable copy first, then the shared one.
    pub async fn set(&self, mode: Mode) -> Result<(), StoreError> {
        store::service_mode::set(&self.db, SETTING_KEY, mode.as_str()).await?;
        if let Some(redis) = self.redis.as_deref().filter(|r| r.is_up()) {
            redis
                .run(async |c| c.set::<_, _, ()>(redis.key(REDIS_KEY), mode.as_str()).await)
                .await;
        }
        let mut writes = self.writes.lock().unwrap_or_else(|e| e.into_inner());
        *writes += 1;
        self.store_local(mode);
        Ok(())
    }

    /// Stores what a refresh read, unless this process wrote the mode since
    /// the refresh began (what it read may be older than that write).
    fn store_read(&self, began_at: u64, mode: Mode) {
        let writes = self.writes.lock().unwrap_or_else(|e| e.into_inner());
        if *writes == began_at {
            self.store_local(mode);
        }
    }

    fn writes_so_far(&self) -> u64 {
        *self.writes.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Who decides now, as this process last read it.
    pub fn override_mode(&self) -> Override {
        Override::from_u8(self.override_mode.load(Ordering::Relaxed))
    }

    /// Mode changes made by this process: (automatic, by an administrator).
    pub fn changes_made(&self) -> (u64, u64) {
        (
            self.changes_auto.load(Ordering::Relaxed),
            self.changes_admin.load(Ordering::Relaxed),
        )
    }

    /// Changes the mode and who decides it, logged with its reason and
    /// kept in the history. `source` is `auto` or `admin`. A controller
    /// asking for the mode already in force changes nothing.
    pub async fn change(
        &self,
        to: Mode,
        override_mode: Override,
        source: &str,
        reason: &str,
        account: Option<uuid::Uuid>,
    ) -> Result<(), StoreError> {
        let from = self.durable().await?;
        let previous_override = self.durable_override().await?;
        if source == "auto" && (previous_override != Override::Auto || from == to) {
            // An administrator pinned it meanwhile, or another replica
            // already switched: nothing to do.
            self.store_local(from);
            return Ok(());
        }
        store::service_mode::set(&self.db, OVERRIDE_KEY, override_mode.as_str()).await?;
        self.override_mode
            .store(override_mode.to_u8(), Ordering::Relaxed);
        self.set(to).await?;
        store::service_mode::record_change(
            &self.db,
            &store::service_mode::ModeChange {
                id: uuid::Uuid::now_v7(),
                at: chrono::Utc::now(),
                from_mode: from.as_str().into(),
                to_mode: to.as_str().into(),
                source: source.into(),
                override_mode: override_mode.as_str().into(),
                reason: reason.into(),
                account_id: account,
            },
        )
        .await?;
        match source {
            "auto" => self.changes_auto.fetch_add(1, Ordering::Relaxed),
            _ => self.changes_admin.fetch_add(1, Ordering::Relaxed),
        };
        tracing::warn!(
            from = from.as_str(),
            to = to.as_str(),
            override_mode = override_mode.as_str(),
            source,
            reason,
            "service mode change"
        );
        Ok(())
    }

    async fn durable_override(&self) -> Result<Override, StoreError> {
        Ok(store::service_mode::get(&self.db, OVERRIDE_KEY)
            .await?
            .and_then(|v| Override::parse(&v))
            .unwrap_or(Override::Auto))
    }

    /// Reads the shared value into this process.
    pub async fn refresh(&self) -> Result<(), StoreError> {
        let began_at = self.writes_so_far();
        if let Ok(o) = self.durable_override().await {
            self.override_mode.store(o.to_u8(), Ordering::Relaxed);
        }
        if let Some(redis) = self.redis.as_deref().filter(|r| r.is_up()) {
            let shared = redis
                .run(async |c| c.get::<_, Option<String>>(redis.key(REDIS_KEY)).await)
                .await;
            match shared {
                Some(Some(value)) => {
                    if let Some(mode) = Mode::parse(&value) {
                        self.store_read(began_at, mode);
                    }
                    return Ok(());
                }
                Some(None) => {
                    // Redis restarted empty: refill it from the durable copy.
                    let mode = self.durable().await?;
                    redis
                        .run(async |c| c.set::<_, _, ()>(redis.key(REDIS_KEY), mode.as_str()).await)
                        .await;
                    self.store_read(began_at, mode);
                    return Ok(());
                }
                None => {} // Redis just failed: fall through to the database.
            }
        }
        let mode = self.durable().await?;
        self.store_read(began_at, mode);
        Ok(())
    }

    async fn durable(&self) -> Result<Mode, StoreError> {
        Ok(store::service_mode::get(&self.db, SETTING_KEY)
            .await?
            .and_then(|v| Mode::parse(&v))
            .unwrap_or(Mode::Normal))
    }

    /// Keeps this process's copy fresh until the last handle is dropped.
    pub fn spawn_refresh(self: &Arc<Self>) {
        let weak = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(REFRESH_EVERY);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                let Some(mode) = weak.upgrade() else { return };
                if let Err(e) = mode.refresh().await {
                    tracing::debug!(error = ?e, "service mode refresh failed; keeping the last known mode");
                }
            }
        });
    }
}
