//! Platform services shared by every replica: cache, rate limiter and
//! service mode. Each has a Redis adapter and an in-process one; with Redis
//! configured but unreachable, the in-process ones serve until it returns.

pub mod admission;
pub mod cache;
pub mod degrade;
pub mod hot;
pub mod key_use;
pub mod mode;
pub mod pictures;
pub mod rate_limit;
pub mod redis;
pub mod sojourn;

use std::sync::Arc;
use std::time::Duration;

use crate::config::RedisSettings;
use crate::store::Db;

pub use cache::Cache;
pub use mode::{Mode, Override, ServiceMode};
pub use rate_limit::{Decision, Quota, RateLimiter};
pub use redis::RedisLink;

/// Entries the in-process cache holds at most.
const MEMORY_CACHE_ENTRIES: usize = 10_000;

pub struct Platform {
    pub redis: Option<Arc<RedisLink>>,
    pub cache: Cache,
    pub limiter: RateLimiter,
    pub mode: Arc<ServiceMode>,
}

impl Platform {
    /// Builds the adapters and checks Redis once; must run inside a tokio
    /// runtime (it starts the Redis probe and the mode refresher).
    pub async fn start(settings: &RedisSettings, db: Db) -> anyhow::Result<Arc<Self>> {
        let redis = match &settings.url {
            Some(url) => {
                let link = RedisLink::new(
                    url,
                    settings.ca_file.as_deref(),
                    settings.pool_size,
                    Duration::from_millis(settings.timeout_ms),
                    &settings.key_prefix,
                )?;
                if let Err(e) = link.ping().await {
                    // Down is survivable (the in-process adapters stand
                    // in); a certificate refused is a configuration to fix.
                    if crate::tls::is_refusal(&e) {
                        anyhow::bail!(
                            "redis.url / redis.ca_file: TLS with Redis failed: {}",
                            e.replace('\n', " ")
                        );
                    }
                    link.mark_down(&e);
                }
                link.spawn_probe();
                Some(link)
            }
            None => None,
        };
        let mode = ServiceMode::new(db, redis.clone());
        if let Err(e) = mode.refresh().await {
            tracing::warn!(error = ?e, "could not read the service mode; starting in normal mode");
        }
        mode.spawn_refresh();
        Ok(Arc::new(Platform {
            cache: Cache::new(redis.clone(), MEMORY_CACHE_ENTRIES),
            limiter: RateLimiter::new(redis.clone()),
            redis,
            mode,
        }))
    }
}
