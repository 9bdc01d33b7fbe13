//! Prometheus metrics: HTTP traffic, the database pool, the outbox backlog,
//! admission control, stale reads and the service mode for the API; the
//! pool, the outbox and the jobs run for the worker, on its own listener.
//!
//! Conventions: base units (`_seconds`), counters end in `_total` and only
//! count, gauges measure; every label takes a bounded set of values (a
//! route template, never a path; `other` for a method we do not serve).

use prometheus::{
    Gauge, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts,
    Registry, TextEncoder,
};

use crate::platform::admission::Priority;
use crate::state::AppState;
use crate::store;

pub struct Metrics {
    registry: Registry,
    pub http_requests: IntCounterVec,
    pub http_duration: HistogramVec,
    store: StoreMetrics,
    /// Jobs run by the embedded worker (none when it runs apart).
    pub jobs: IntCounterVec,
    admission: IntGaugeVec,
    shed: IntCounterVec,
    hot_missions: IntCounterVec,
    cpu_shed_level: prometheus::Gauge,
    worker_lateness: prometheus::Gauge,
    intake_batches: IntCounter,
    intake_signups: IntCounter,
    stale_served: IntCounter,
    mode: IntGaugeVec,
    mode_changes: IntCounterVec,
    region_refused: IntCounterVec,
    challenges: IntCounterVec,
    redis_up: IntGauge,
}

/// The methods the API serves; any other is counted as `other`, so that
/// invented methods (`curl -X FOO1`) cannot grow a series each.
pub fn method_label(method: &actix_web::http::Method) -> &'static str {
    match method.as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    }
}

/// What both processes say of the database and the outbox.
struct StoreMetrics {
    db_pool: IntGaugeVec,
    db_acquire_failures: IntCounter,
    db_checkouts: IntCounter,
    outbox: IntGaugeVec,
    outbox_due_age: Gauge,
}

impl StoreMetrics {
    fn new(registry: &Registry) -> Self {
        let db_pool = IntGaugeVec::new(
            Opts::new(
                "db_pool_connections",
                "Database pool: open, in use, idle, waiting for a connection, max",
            ),
            &["state"],
        )
        .expect("metric");
        let db_acquire_failures = IntCounter::new(
            "db_acquire_failures_total",
            "Connections the pool could not hand out: timeouts, refused or failed connections (TLS included)",
        )
        .expect("metric");
        let db_checkouts = IntCounter::new(
            "db_checkouts_total",
            "Connections and transactions the pool handed out",
        )
        .expect("metric");
        let outbox = IntGaugeVec::new(
            Opts::new("outbox_jobs", "Outbox jobs not yet done, by kind and state"),
            &["kind", "state"],
        )
        .expect("metric");
        let outbox_due_age = Gauge::new(
            "outbox_oldest_due_age_seconds",
            "How long the oldest due outbox job has waited for a worker",
        )
        .expect("metric");
        for m in [
            Box::new(db_pool.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(db_acquire_failures.clone()),
            Box::new(db_checkouts.clone()),
            Box::new(outbox.clone()),
            Box::new(outbox_due_age.clone()),
        ] {
            registry.register(m).expect("register metric");
        }
        StoreMetrics {
            db_pool,
            db_acquire_failures,
            db_checkouts,
            outbox,
            outbox_due_age,
        }
    }

    async fn refresh(&self, db: &store::Db) {
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
        catch_up(&self.db_acquire_failures, pool.acquire_failures);
        catch_up(&self.db_checkouts, pool.checkouts);
        match store::outbox::backlog(db).await {
            Ok(counts) => {
                self.outbox.reset();
                for kind in crate::jobs::KINDS {
                    for state in ["pending", "running", "dead"] {
                        self.outbox.with_label_values(&[kind, state]).set(0);
                    }
                }
                for c in counts {
                    self.outbox
                        .with_label_values(&[&c.kind, c.state.as_str()])
                        .set(c.count);
                }
            }
            Err(e) => tracing::warn!(error = ?e, "outbox backlog unavailable for metrics"),
        }
        match store::outbox::due_age(db, db.now()).await {
            Ok(age) => self
                .outbox_due_age
                .set(age.num_milliseconds().max(0) as f64 / 1000.0),
            Err(e) => tracing::warn!(error = ?e, "outbox age unavailable for metrics"),
        }
    }
}

/// The worker process's metrics, served on its own listener.
pub struct WorkerMetrics {
    registry: Registry,
    store: StoreMetrics,
    pub jobs: IntCounterVec,
}

impl Default for WorkerMetrics {
    fn default() -> Self {
        Self::new()
    }
}

impl WorkerMetrics {
    pub fn new() -> Self {
        let registry = Registry::new_custom(Some("renfort".into()), None).expect("registry");
        let store = StoreMetrics::new(&registry);
        let jobs = crate::jobs::jobs_counter();
        registry
            .register(Box::new(jobs.clone()))
            .expect("register metric");
        WorkerMetrics {
            registry,
            store,
            jobs,
        }
    }

    pub async fn render(&self, db: &store::Db) -> String {
        self.store.refresh(db).await;
        TextEncoder::new()
            .encode_to_string(&self.registry.gather())
            .unwrap_or_default()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new_custom(Some("renfort".into()), None).expect("registry");
        let jobs = crate::jobs::jobs_counter();
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
                "Requests refused at once with 503 overloaded, by priority class (`signup`: the intake's queue was full; `cpu`: refused for lack of CPU, whatever their class)",
            ),
            &["class"],
        )
        .expect("metric");
        let hot_missions = IntCounterVec::new(
            Opts::new(
                "hot_mission_requests_total",
                "Requests on one mission's places that waited for its turn (waited), were refused when it did not come in time (busy), or were answered full from memory (answered_full); never counted as platform overload",
            ),
            &["outcome"],
        )
        .expect("metric");
        let cpu_shed_level = prometheus::Gauge::new(
            "cpu_shed_level",
            "Share of the least important requests refused for lack of CPU (0 to 1)",
        )
        .expect("metric");
        let worker_lateness = prometheus::Gauge::new(
            "http_worker_lateness_seconds",
            "The least lateness of the HTTP workers' wake-ups over the last 100 ms: how long a ready request waits for a worker",
        )
        .expect("metric");
        let intake_batches = IntCounter::new(
            "intake_batches_total",
            "Batches of signups the intake's writers committed",
        )
        .expect("metric");
        let intake_signups = IntCounter::new(
            "intake_signups_total",
            "Signups committed by the intake's writers",
        )
        .expect("metric");
        let redis_up = IntGauge::new(
            "redis_up",
            "1 while Redis answers, 0 while the in-process adapters stand in (absent without Redis)",
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
            Box::new(admission.clone()),
            Box::new(intake_batches.clone()),
            Box::new(intake_signups.clone()),
            Box::new(jobs.clone()),
            Box::new(redis_up.clone()),
            Box::new(shed.clone()),
            Box::new(hot_missions.clone()),
            Box::new(cpu_shed_level.clone()),
            Box::new(worker_lateness.clone()),
            Box::new(stale_served.clone()),
            Box::new(mode.clone()),
            Box::new(mode_changes.clone()),
        ] {
            registry.register(m).expect("register metric");
        }
        Metrics {
            store: StoreMetrics::new(&registry),
            redis_up,
            registry,
            http_requests,
            http_duration,
            jobs,
            intake_batches,
            intake_signups,
            admission,
            shed,
            hot_missions,
            cpu_shed_level,
            worker_lateness,
            stale_served,
            mode,
            mode_changes,
            region_refused,
            challenges,
        }
    }

    /// Reads the gauges fresh and renders the text exposition format.
    pub async fn render(&self, state: &AppState) -> String {
        self.render_admission(state);
        self.store.refresh(&state.db).await;
        if let Some(link) = &state.platform.redis {
            self.redis_up.set(i64::from(link.is_up()));
        }
        let mut families = self.registry.gather();
        if state.platform.redis.is_none() {
            families.retain(|f| f.name() != "renfort_redis_up");
        }
        TextEncoder::new()
            .encode_to_string(&families)
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
        catch_up(&self.shed.with_label_values(&["cpu"]), state.sojourn.shed());
        let (level, lateness) = state.sojourn.state();
        self.cpu_shed_level.set(level);
        self.worker_lateness.set(lateness.as_secs_f64());
        let hot = state.hot.stats();
        for (outcome, n) in [
            ("waited", hot.waited),
            ("busy", hot.busy),
            ("answered_full", hot.answered_full),
        ] {
            catch_up(&self.hot_missions.with_label_values(&[outcome]), n);
        }
        let (batches, signups) = state.intake.counts();
        catch_up(&self.intake_batches, batches);
        catch_up(&self.intake_signups, signups);
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
