//! Prometheus metrics: HTTP traffic, the database pool, the outbox backlog.

use prometheus::{
    HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder,
};

use crate::store::{self, Db};

pub struct Metrics {
    registry: Registry,
    pub http_requests: IntCounterVec,
    pub http_duration: HistogramVec,
    db_pool: IntGaugeVec,
    outbox: IntGaugeVec,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new_custom(Some("renfort".into()), None).expect("registry");
        let http_requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "HTTP requests by route pattern, method and status",
            ),
            &["route", "method", "status"],
        )
        .expect("metric");
        let http_duration = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "HTTP request latency by route pattern",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1.0, 2.5, 5.0,
            ]),
            &["route", "method"],
        )
        .expect("metric");
        let db_pool = IntGaugeVec::new(
            Opts::new(
                "db_pool_connections",
                "Database pool: open, in use, idle, waiting for a connection, max",
            ),
            &["state"],
        )
        .expect("metric");
        let outbox = IntGaugeVec::new(
            Opts::new("outbox_jobs", "Outbox jobs not yet done, by kind and state"),
            &["kind", "state"],
        )
        .expect("metric");
        for m in [
            Box::new(http_requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(http_duration.clone()),
            Box::new(db_pool.clone()),
            Box::new(outbox.clone()),
        ] {
            registry.register(m).expect("register metric");
        }
        Metrics {
            registry,
            http_requests,
            http_duration,
            db_pool,
            outbox,
        }
    }

    /// Reads the gauges fresh and renders the text exposition format.
    pub async fn render(&self, db: &Db) -> String {
        let pool = db.stats();
        let in_use = i64::from(pool.size) - pool.idle as i64;
        for (state, value) in [
            ("open", i64::from(pool.size)),
            ("in_use", in_use),
            ("idle", pool.idle as i64),
            ("waiting", pool.waiting),
            ("max", i64::from(pool.max)),
        ] {
            self.db_pool.with_label_values(&[state]).set(value);
        }
        match store::outbox::backlog(db).await {
            Ok(counts) => {
                self.outbox.reset();
                for c in counts {
                    self.outbox
                        .with_label_values(&[&c.kind, &c.state])
                        .set(c.count);
                }
            }
            Err(e) => tracing::warn!(error = ?e, "outbox backlog unavailable for metrics"),
        }
        TextEncoder::new()
            .encode_to_string(&self.registry.gather())
            .unwrap_or_default()
    }
}
