//! Prometheus metrics: HTTP traffic, the database pool, the outbox backlog,
//! admission control, stale reads and the service mode.

use prometheus::{
    HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGaugeVec, Opts, Registry,
    TextEncoder,
};

use crate::platform::admission::Priority;
use crate::state::AppState;
use crate::store;

pub struct Metrics {
    registry: Registry,
    pub http_requests: IntCounterVec,
    pub http_duration: HistogramVec,
    db_pool: IntGaugeVec,
    outbox: IntGaugeVec,
    admission: IntGaugeVec,
    shed: IntCounterVec,
    stale_served: IntCounter,
    mode: IntGaugeVec,
    mode_changes: IntCounterVec,
    region_refused: IntCounterVec,
    challenges: IntCounterVec,
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
        let admission = IntGaugeVec::new(
            Opts::new(
                "admission_requests",
                "Admission control: limit, requests working, requests waiting",
            ),
            &["state"],
        )
        .expect("metric");
        let shed = IntCounterVec::new(
            Opts::new(
                "admission_shed_total",
                "Requests refused at once with 503 overloaded, by priority class (`signup`: the intake's queue was full)",
            ),
            &["class"],
        )
        .expect("metric");
        let stale_served = IntCounter::new(
            "cache_stale_served_total",
            "Public reads answered from a stale copy because computing a new one failed",
        )
        .expect("metric");
        let mode = IntGaugeVec::new(
            Opts::new(
                "service_mode",
                "1 for the service mode in force and who decides it",
            ),
            &["mode", "override"],
        )
        .expect("metric");
        let mode_changes = IntCounterVec::new(
            Opts::new(
                "service_mode_changes_total",
                "Service mode changes made by this process, by source",
            ),
            &["source"],
        )
        .expect("metric");
        let region_refused = IntCounterVec::new(
            Opts::new(
                "region_refused_total",
                "Writes refused because of the client's country, by country",
            ),
            &["country"],
        )
        .expect("metric");
        let challenges = IntCounterVec::new(
            Opts::new(
                "signup_challenges_total",
                "Bot challenges of signup, by outcome (vendor_failed_open and vendor_failed_closed: the vendor could not answer; vendor_unreadable: it answered no readable verdict, refused)",
            ),
            &["outcome"],
        )
        .expect("metric");
        for m in [
            Box::new(http_requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(region_refused.clone()),
            Box::new(challenges.clone()),
            Box::new(http_duration.clone()),
            Box::new(db_pool.clone()),
            Box::new(outbox.clone()),
            Box::new(admission.clone()),
            Box::new(shed.clone()),
            Box::new(stale_served.clone()),
            Box::new(mode.clone()),
            Box::new(mode_changes.clone()),
        ] {
            registry.register(m).expect("register metric");
        }
        Metrics {
            registry,
            http_requests,
            http_duration,
            db_pool,
            outbox,
            admission,
            shed,
            stale_served,
            mode,
            mode_changes,
            region_refused,
            challenges,
        }
    }

    /// Reads the gauges fresh and renders the text exposition format.
    pub async fn render(&self, state: &AppState) -> String {
        let db = &state.db;
        self.render_admission(state);
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

    /// Counters kept by the platform as plain atomics, brought up to date.
    fn render_admission(&self, state: &AppState) {
        let stats = state.admission.stats();
        for (name, value) in [
            ("limit", stats.limit),
            ("in_flight", stats.in_flight),
            ("queued", stats.queued),
        ] {
            self.admission.with_label_values(&[name]).set(value as i64);
        }
        for class in Priority::ALL {
            catch_up(
                &self.shed.with_label_values(&[class.as_str()]),
                stats.shed[class as usize],
            );
        }
        catch_up(
            &self.shed.with_label_values(&["signup"]),
            state.intake.refused(),
        );
        let (batches, signups) = state.intake.counts();
        self.admission
            .with_label_values(&["signup_batches"])
            .set(batches as i64);
        self.admission
            .with_label_values(&["signups_batched"])
            .set(signups as i64);
        catch_up(&self.stale_served, state.platform.cache.stale_served());
        let (auto, admin) = state.platform.mode.changes_made();
        catch_up(&self.mode_changes.with_label_values(&["auto"]), auto);
        catch_up(&self.mode_changes.with_label_values(&["admin"]), admin);
        for (country, n) in state.region.refused() {
            catch_up(&self.region_refused.with_label_values(&[&country]), n);
        }
        let o = &state.challenge.outcomes;
        for (outcome, n) in [
            ("passed", &o.passed),
            ("failed", &o.failed),
            ("missing", &o.missing),
            ("vendor_failed_open", &o.vendor_failed_open),
            ("vendor_failed_closed", &o.vendor_failed_closed),
            ("vendor_unreadable", &o.vendor_unreadable),
        ] {
            catch_up(
                &self.challenges.with_label_values(&[outcome]),
                n.load(std::sync::atomic::Ordering::Relaxed),
            );
        }
        self.mode.reset();
        self.mode
            .with_label_values(&[
                state.platform.mode.current().as_str(),
                state.platform.mode.override_mode().as_str(),
            ])
            .set(1);
    }
}

/// Raises a Prometheus counter to a total counted elsewhere.
fn catch_up(counter: &IntCounter, total: u64) {
    let seen = counter.get();
    if total > seen {
        counter.inc_by(total - seen);
    }
}
