//! The shared Redis connection, and what happens when it goes away: every
//! adapter falls back to its in-process twin, the outage is logged once, and
//! a probe brings Redis back into use as soon as it answers again.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use deadpool_redis::{redis, Connection, Manager, Pool, Runtime, Timeouts};
use secrecy::{ExposeSecret, SecretString};

pub struct RedisLink {
    pool: Pool,
    up: AtomicBool,
    timeout: Duration,
    prefix: String,
}

impl RedisLink {
    /// Builds the pool without connecting: a Redis that is down at start-up
    /// must not stop the service. A `rediss://` URL is verified against
    /// `ca_file` (PEM), or the system's trust store without one.
    pub fn new(
        url: &SecretString,
        ca_file: Option<&str>,
        pool_size: usize,
        timeout: Duration,
        prefix: &str,
    ) -> anyhow::Result<Arc<Self>> {
        let url = url.expose_secret();
        let manager = match ca_file {
            Some(path) => {
                let root_cert = std::fs::read(path)
                    .map_err(|e| anyhow::anyhow!("redis.ca_file: cannot read {path}: {e}"))?;
                let client = redis::Client::build_with_tls(
                    url,
                    redis::TlsCertificates {
                        client_tls: None,
                        root_cert: Some(root_cert),
                    },
                )
                .map_err(|e| anyhow::anyhow!("redis.ca_file: {e}"))?;
                Manager::new(client.get_connection_info().clone())?
            }
            None => Manager::new(url)?,
        };
        if url.starts_with("rediss://") && url.contains("#insecure") {
            tracing::warn!("REDIS_URL asks not to verify Redis's certificate (#insecure): traffic is encrypted but anyone in the path can read it");
        }
        let pool = Pool::builder(manager)
            .max_size(pool_size)
            .timeouts(Timeouts {
                wait: Some(timeout),
                create: Some(timeout),
                recycle: Some(timeout),
            })
            .runtime(Runtime::Tokio1)
            .build()?;
        Ok(Arc::new(RedisLink {
            pool,
            up: AtomicBool::new(true),
            timeout,
            prefix: prefix.to_owned(),
        }))
    }

    pub fn is_up(&self) -> bool {
        self.up.load(Ordering::Relaxed)
    }

    /// The full key of `name`, under this deployment's prefix.
    pub fn key(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// A connection, or `None` while Redis is known to be down: callers then
    /// use their in-process adapter at no latency cost.
    pub async fn conn(&self) -> Option<Connection> {
        if !self.is_up() {
            return None;
        }
        match self.pool.get().await {
            Ok(conn) => Some(conn),
            Err(e) => {
                self.mark_down(&e);
                None
            }
        }
    }

    /// Records a failed command. Logged once per outage, not once per request.
    pub fn mark_down(&self, error: &dyn std::fmt::Display) {
        if self.up.swap(false, Ordering::Relaxed) {
            tracing::warn!(%error, "Redis unreachable: serving on in-process cache, rate limiter and service mode until it returns");
        }
    }

    /// Runs a command within the per-command budget; failures and timeouts
    /// mark Redis down and give `None`.
    pub async fn run<T, F>(&self, command: F) -> Option<T>
    where
        F: AsyncFnOnce(&mut Connection) -> Result<T, deadpool_redis::redis::RedisError>,
    {
        let mut conn = self.conn().await?;
        match tokio::time::timeout(self.timeout, command(&mut conn)).await {
            Ok(Ok(value)) => Some(value),
            Ok(Err(e)) => {
                self.mark_down(&e);
                None
            }
            Err(_) => {
                self.mark_down(&"command timed out");
                None
            }
        }
    }

    /// Pings Redis directly, whatever the current state; for readiness and
    /// for the probe.
    pub async fn ping(&self) -> Result<(), String> {
        let attempt = async {
            let mut conn = self.pool.get().await.map_err(|e| e.to_string())?;
            deadpool_redis::redis::cmd("PING")
                .query_async::<String>(&mut conn)
                .await
                .map_err(|e| e.to_string())
        };
        match tokio::time::timeout(self.timeout, attempt).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(e),
            Err(_) => Err("timed out".into()),
        }
    }

    /// Checks once a second while Redis is down and switches back when it
    /// answers. Stops when the last other handle to the link is dropped.
    pub fn spawn_probe(self: &Arc<Self>) {
        let weak = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                let Some(link) = weak.upgrade() else { return };
                if link.is_up() {
                    continue;
                }
                if link.ping().await.is_ok() && !link.up.swap(true, Ordering::Relaxed) {
                    tracing::info!(
                        "Redis is back: shared cache, rate limiter and service mode in use again"
                    );
                }
            }
        });
    }
}
