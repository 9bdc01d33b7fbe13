//! The shared Redis connections, and what happens when they go away: every
//! adapter falls back to its in-process twin, the outage is logged once, and
//! a probe brings Redis back into use as soon as it answers again.
//!
//! Requests share a few multiplexed connections: each carries any number
//! of commands at once, pipelined, and a command costs one round trip. The
//! pool (deadpool) only makes them, and serves the probe. Taking a pooled
//! connection per command, as before, cost a second round trip (the pool
//! pings a connection before lending it) and made a burst wait in line for
//! one of 32 connections: 480 applicants at once to the mission on
//! television waited past the command budget, and the process took that
//! wait for an outage and left Redis for a second.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use deadpool_redis::redis::aio::MultiplexedConnection;
use deadpool_redis::{redis, Connection, Manager, Pool, Runtime, Timeouts};
use secrecy::{ExposeSecret, SecretString};

pub struct RedisLink {
    /// Makes connections, and lends one to each probe.
    pool: Pool,
    /// The connections requests share, made on first use and dropped when
    /// Redis is marked down.
    shared: Vec<tokio::sync::Mutex<Option<MultiplexedConnection>>>,
    next: AtomicUsize,
    up: AtomicBool,
    timeout: Duration,
    prefix: String,
}

impl RedisLink {
    /// Builds the link without connecting: a Redis that is down at start-up
    /// must not stop the service. A `rediss://` URL is verified against
    /// `ca_file` (PEM), or the system's trust store without one. `shared`
    /// is the number of multiplexed connections requests share.
    pub fn new(
        url: &SecretString,
        ca_file: Option<&str>,
        shared: usize,
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
        let shared = shared.max(1);
        let pool = Pool::builder(manager)
            // One more than the shared ones: the probe's.
            .max_size(shared + 1)
            .timeouts(Timeouts {
                wait: Some(timeout),
                create: Some(timeout),
                recycle: Some(timeout),
            })
            .runtime(Runtime::Tokio1)
            .build()?;
        Ok(Arc::new(RedisLink {
            pool,
            shared: (0..shared).map(|_| tokio::sync::Mutex::new(None)).collect(),
            next: AtomicUsize::new(0),
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

    /// A shared connection, or `None` while Redis is known to be down:
    /// callers then use their in-process adapter at no latency cost.
    async fn conn(&self) -> Option<MultiplexedConnection> {
        if !self.is_up() {
            return None;
        }
        let slot = &self.shared[self.next.fetch_add(1, Ordering::Relaxed) % self.shared.len()];
        // Held while a connection is made, so that a burst makes one, not
        // one per request.
        let mut slot = slot.lock().await;
        if let Some(conn) = slot.as_ref() {
            return Some(conn.clone());
        }
        match self.pool.get().await {
            Ok(conn) => {
                let conn = Connection::take(conn);
                *slot = Some(conn.clone());
                Some(conn)
            }
            Err(e) => {
                drop(slot);
                self.mark_down(&e);
                None
            }
        }
    }

    /// Records a failed command. Logged once per outage, not once per
    /// request. The shared connections are dropped, to be made anew once
    /// Redis answers again.
    pub fn mark_down(&self, error: &dyn std::fmt::Display) {
        if self.up.swap(false, Ordering::Relaxed) {
            tracing::warn!(%error, "Redis unreachable: serving on in-process cache, rate limiter and service mode until it returns");
        }
        for slot in &self.shared {
            // A slot being filled is left to its maker.
            if let Ok(mut slot) = slot.try_lock() {
                *slot = None;
            }
        }
    }

    /// Runs a command within the per-command budget; failures and timeouts
    /// mark Redis down and give `None`.
    pub async fn run<T, F>(&self, command: F) -> Option<T>
    where
        F: AsyncFnOnce(&mut MultiplexedConnection) -> Result<T, deadpool_redis::redis::RedisError>,
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
