//! The outbox worker: claims due jobs in batches, runs them with a handler
//! per kind, retries failures with exponential backoff and jitter, parks
//! hopeless jobs as `dead`, and on shutdown finishes or gives back what it
//! holds. Any number of workers may run, in `serve` or as `renfort worker`.

use std::sync::Arc;
use std::time::Duration;

pub mod housekeeping;

pub use crate::store::outbox::JobError;

use rand::Rng;
use tokio::sync::watch;
use uuid::Uuid;

use crate::config::WorkerSettings;
use crate::email::{self, mailer::Mailer, EmailJob, Template};
use crate::search::IndexMission;
use crate::services::accounts::AccountEmailJob;
use crate::services::api_engagement::push::{Hub, PublishMission, ReportActivity};
use crate::services::deliveries::DeliveryAttempt;
use crate::services::exports::ProduceExport;
use crate::services::notifications::Notice;
use crate::services::reminders::Reminder;
use crate::services::retention::Sweep;
use crate::store::outbox::{self, ClaimedJob, Job};
use crate::store::Db;

/// What the worker needs to run each kind of job.
pub struct Handlers {
    pub db: Db,
    pub mailer: Mailer,
    /// The platform (cache, service mode); absent in some tests.
    pub platform: Option<std::sync::Arc<crate::platform::Platform>>,
    /// The external search index, when configured.
    pub algolia: Option<std::sync::Arc<crate::search::algolia::Algolia>>,
    /// API Engagement, when the platform has a publisher key.
    pub hub: Option<Arc<Hub>>,
    /// The degraded-mode policy: whether non-urgent emails wait.
    pub hold_non_urgent_email: bool,
    /// Remove the tokens of sent or abandoned emails from the outbox (off
    /// only for the development mailbox, which shows their links).
    pub scrub_secrets: bool,
    /// What the periodic purge deletes, and how often it runs.
    pub housekeeping: housekeeping::Retention,
    /// How often the search counts kept ahead are refreshed.
    pub search_counts_every: Duration,
    /// Sends webhook deliveries.
    pub webhooks: Arc<crate::webhooks::sender::Sender>,
    pub partner: crate::config::PartnerSettings,
    /// How often the statistics rollup runs.
    pub statistics_every: Duration,
    /// The whole configuration, for what a change sets off
    /// (`services::effects`) and which reminders are sent, and when.
    pub settings: crate::config::Settings,
}

impl Handlers {
    /// The lowest email priority to claim now: urgent ones only in degraded
    /// mode, none while the provider asks us to wait.
    fn email_min_priority(&self) -> i32 {
        if self.mailer.pause_remaining().is_some() {
            return i32::MAX;
        }
        match self.platform.as_ref().map(|p| p.mode.current()) {
            Some(crate::platform::Mode::Degraded) if self.hold_non_urgent_email => {
                email::Urgency::Security as i32
            }
            _ => i32::MIN,
        }
    }

    /// Runs one job; `Ok(Some(note))` when it deliberately did nothing.
    /// Each kind is one type: its payload is decoded into it first, and an
    /// unknown kind or a payload that does not decode is parked `dead`
    /// with the reason (`JobError::Permanent`), never retried.
    async fn run(&self, job: &ClaimedJob) -> Result<Option<String>, JobError> {
        match job.kind.as_str() {
            EmailJob::KIND => self.typed::<EmailJob>(job).await,
            AccountEmailJob::KIND => self.typed::<AccountEmailJob>(job).await,
            IndexMission::KIND => self.typed::<IndexMission>(job).await,
            PublishMission::KIND => self.typed::<PublishMission>(job).await,
            ReportActivity::KIND => self.typed::<ReportActivity>(job).await,
            DeliveryAttempt::KIND => self.typed::<DeliveryAttempt>(job).await,
            ProduceExport::KIND => self.typed::<ProduceExport>(job).await,
            Reminder::KIND => self.typed::<Reminder>(job).await,
            Sweep::KIND => self.typed::<Sweep>(job).await,
            Notice::KIND => self.typed::<Notice>(job).await,
            other => Err(JobError::Permanent(format!(
                "no handler for job kind `{other}`"
            ))),
        }
    }

    async fn typed<J: Run>(&self, job: &ClaimedJob) -> Result<Option<String>, JobError> {
        outbox::decode::<J>(&job.payload.0)?.run(self, job.id).await
    }
}

/// What the worker does with one kind of job, given the job's id.
trait Run: Job {
    async fn run(self, h: &Handlers, id: Uuid) -> Result<Option<String>, JobError>;
}

impl Run for EmailJob {
    async fn run(self, h: &Handlers, id: Uuid) -> Result<Option<String>, JobError> {
        match scrubbed_link(&self) {
            // Requeued after its token was scrubbed: a fresh link instead,
            // as if the person had asked again.
            Some(request) => {
                request.run(h, id).await?;
                Ok(Some(
                    "re-issued: a fresh link went out in a new email".into(),
                ))
            }
            None => h.mailer.deliver(id, &self).await,
        }
    }
}

impl Run for AccountEmailJob {
    async fn run(self, h: &Handlers, _: Uuid) -> Result<Option<String>, JobError> {
        crate::services::accounts::send_account_email(&h.db, &h.settings, &self)
            .await
            .map(|skipped| skipped.map(str::to_owned))
            .map_err(|e| JobError::Transient(e.to_string()))
    }
}

impl Run for IndexMission {
    async fn run(self, h: &Handlers, _: Uuid) -> Result<Option<String>, JobError> {
        // The built-in engine reads the tables; what is left to do is to
        // drop the cached public view so that it is rebuilt, and to update
        // the external index when there is one.
        if let Some(platform) = &h.platform {
            platform
                .cache
                .delete(&crate::services::keys::cache_key(self.mission_id))
                .await;
        }
        if let Some(algolia) = &h.algolia {
            crate::search::push(&h.db, algolia, &[self.mission_id])
                .await
                .map_err(|e| JobError::Transient(e.to_string()))?;
        }
        // The hub hears of it in a job of its own: its pace and its
        // failures are not search's.
        if h.hub.is_some() {
            let transient = |e: crate::store::StoreError| JobError::Transient(e.to_string());
            let mut tx = h.db.begin().await.map_err(transient)?;
            crate::services::api_engagement::push::mission_changed(&mut tx, self.mission_id)
                .await
                .map_err(transient)?;
            tx.commit().await.map_err(transient)?;
        }
        Ok(None)
    }
}

impl Run for ReportActivity {
    async fn run(self, h: &Handlers, _: Uuid) -> Result<Option<String>, JobError> {
        match &h.hub {
            Some(hub) => hub.report(&h.db, self.participation_id).await,
            None => Ok(Some("no API Engagement key: nothing sent".into())),
        }
    }
}

impl Run for PublishMission {
    async fn run(self, h: &Handlers, _: Uuid) -> Result<Option<String>, JobError> {
        match &h.hub {
            Some(hub) => hub.publish(&h.db, self.mission_id).await,
            // Written while a key was set, run after it was removed.
            None => Ok(Some("no API Engagement key: nothing sent".into())),
        }
    }
}

impl Run for DeliveryAttempt {
    async fn run(self, h: &Handlers, _: Uuid) -> Result<Option<String>, JobError> {
        crate::services::webhooks::deliver(&h.db, &h.webhooks, &h.settings, self.delivery_id).await
    }
}

impl Run for ProduceExport {
    async fn run(self, h: &Handlers, _: Uuid) -> Result<Option<String>, JobError> {
        crate::services::exports::produce(&h.db, &h.settings, &self).await
    }
}

impl Run for Reminder {
    async fn run(self, h: &Handlers, _: Uuid) -> Result<Option<String>, JobError> {
        crate::services::reminding::run(&h.db, &h.settings, &self).await
    }
}

impl Run for Sweep {
    async fn run(self, h: &Handlers, _: Uuid) -> Result<Option<String>, JobError> {
        crate::services::retention::run(&h.db, h.platform.as_ref().map(|p| &p.cache), &h.settings)
            .await
    }
}

impl Run for Notice {
    async fn run(self, h: &Handlers, _: Uuid) -> Result<Option<String>, JobError> {
        crate::services::notices::run(&h.db, &h.settings, &self).await
    }
}

/// Every kind of job a worker runs: `/metrics` shows each, at zero
/// when there is none, so that dashboards and alerts never read a gap.
pub const KINDS: [&str; 10] = [
    EmailJob::KIND,
    AccountEmailJob::KIND,
    IndexMission::KIND,
    PublishMission::KIND,
    ReportActivity::KIND,
    DeliveryAttempt::KIND,
    ProduceExport::KIND,
    Reminder::KIND,
    Sweep::KIND,
    Notice::KIND,
];

/// Outbox jobs run, by kind and outcome: `done`, `deferred`, `retried`,
/// `dead`.
pub fn jobs_counter() -> prometheus::IntCounterVec {
    prometheus::IntCounterVec::new(
        prometheus::Opts::new(
            "worker_jobs_total",
            "Outbox jobs run, by kind and outcome (done, deferred, retried, dead)",
        ),
        &["kind", "outcome"],
    )
    .expect("metric")
}

pub struct Worker {
    db: Db,
    settings: WorkerSettings,
    handlers: Arc<Handlers>,
    id: String,
    /// How long in-flight jobs may run on after a stop signal.
    grace: Duration,
    /// Jobs run, by kind and outcome, for `/metrics`.
    counted: prometheus::IntCounterVec,
}

/// The account-email request that replaces an activation or reset email
/// whose token was scrubbed (it died, and an operator requeued it).
fn scrubbed_link(email: &EmailJob) -> Option<AccountEmailJob> {
    use crate::services::accounts::AccountEmail;
    if email.params.contains_key("token") {
        return None;
    }
    let what = match email.template {
        Template::Activation => AccountEmail::Activation,
        Template::PasswordReset => AccountEmail::PasswordReset,
        _ => return None,
    };
    let to = crate::domain::account::EmailAddress::parse(&email.to).ok()?;
    Some(crate::services::accounts::account_email_job(&to, what))
}

/// Search updates go to Algolia this many at a time (its batch limit).
const INDEX_BATCH: i64 = 1000;

/// Leases of vanished workers are looked for this often.
const RECLAIM_EVERY: Duration = Duration::from_secs(5);

impl Worker {
    pub fn new(db: Db, settings: WorkerSettings, handlers: Handlers, grace: Duration) -> Self {
        Worker {
            db,
            settings,
            handlers: Arc::new(handlers),
            id: format!("{}-{}", hostname(), Uuid::now_v7()),
            grace,
            counted: jobs_counter(),
        }
    }

    /// Counts the jobs run in `counted` (from [`jobs_counter`]), which a
    /// metrics registry exposes.
    pub fn counting_in(mut self, counted: prometheus::IntCounterVec) -> Self {
        self.counted = counted;
        self
    }

    /// Runs until `shutdown` turns true: the jobs, and beside them the
    /// lane of webhook deliveries.
    pub async fn run(self, shutdown: watch::Receiver<bool>) {
        tracing::info!(worker = %self.id, concurrency = self.settings.concurrency, webhook_lane = self.settings.webhook_lane, "outbox worker started");
        let this = Arc::new(self);
        tokio::join!(
            this.clone().jobs(shutdown.clone()),
            Self::webhook_lane(this.clone(), shutdown)
        );
        tracing::info!(worker = %this.id, "outbox worker stopped");
    }

    /// Every job but webhook deliveries: up to `concurrency` in flight,
    /// each a task of its own, another claimed as soon as one finishes (a
    /// slow job never holds the next ones back).
    async fn jobs(self: Arc<Self>, mut shutdown: watch::Receiver<bool>) {
        let poll = Duration::from_millis(self.settings.poll_interval_ms);
        let mut in_flight = InFlight::new(self.settings.concurrency);
        let mut last_reclaim = tokio::time::Instant::now() - RECLAIM_EVERY;
        let housekeeping_every = self.handlers.housekeeping.every;
        let mut last_housekeeping = tokio::time::Instant::now() - housekeeping_every;
        let counts_every = self.handlers.search_counts_every;
        let mut last_counts = tokio::time::Instant::now() - counts_every;
        let statistics_every = self.handlers.statistics_every;
        let mut last_statistics = tokio::time::Instant::now() - statistics_every;
        while !*shutdown.borrow() {
            if last_housekeeping.elapsed() >= housekeeping_every {
                last_housekeeping = tokio::time::Instant::now();
                // The retention sweep schedules its own next run; this
                // restarts the chain should it ever break (a dead job).
                if let Err(e) = crate::services::reminders::schedule_digests(
                    &self.db,
                    &self.handlers.settings.reminders,
                    self.db.now(),
                )
                .await
                {
                    tracing::warn!(error = ?e, "could not schedule the daily digests");
                }
                if self.handlers.settings.retention.enabled {
                    if let Err(e) =
                        crate::services::retention::schedule(&self.db, self.db.now()).await
                    {
                        tracing::warn!(error = ?e, "could not schedule the retention sweep");
                    }
                }
                match housekeeping::purge(&self.db, &self.handlers.housekeeping, self.db.now())
                    .await
                {
                    Ok(purged) if purged.is_empty() => {}
                    Ok(purged) => tracing::info!(?purged, "purged what outlived its retention"),
                    Err(e) => tracing::warn!(error = ?e, "housekeeping failed; will try again"),
                }
            }
            if last_counts.elapsed() >= counts_every {
                last_counts = tokio::time::Instant::now();
                if let Err(e) = crate::search::counts::refresh(&self.db, self.db.now()).await {
                    tracing::warn!(error = ?e, "could not refresh the search counts; will try again");
                }
            }
            if last_statistics.elapsed() >= statistics_every {
                last_statistics = tokio::time::Instant::now();
                match crate::services::statistics::refresh(&self.db, self.db.now()).await {
                    Ok(done) => tracing::debug!(
                        snapshots = done.snapshots,
                        day_counts_recorded = done.day_counts_recorded,
                        "statistics rolled up"
                    ),
                    Err(e) => {
                        tracing::warn!(error = ?e, "could not roll up the statistics; will try again")
                    }
                }
            }
            if last_reclaim.elapsed() >= RECLAIM_EVERY {
                last_reclaim = tokio::time::Instant::now();
                match outbox::reclaim_expired(&self.db, self.db.now()).await {
                    Ok(0) => {}
                    Ok(n) => tracing::warn!(jobs = n, "took back jobs whose worker vanished"),
                    Err(e) => tracing::warn!(error = ?e, "could not reclaim expired leases"),
                }
            }
            if let Some(algolia) = self.handlers.algolia.clone() {
                self.index_batch(&algolia).await;
            }
            if in_flight.room() > 0 {
                match self.claim(in_flight.room()).await {
                    Ok(jobs) => {
                        for job in jobs {
                            in_flight.start(&self, job);
                        }
                    }
                    Err(e) => tracing::warn!(error = ?e, "could not claim outbox jobs"),
                }
            }
            in_flight.settle(poll, &mut shutdown).await;
        }
        in_flight.finish(&self).await;
    }

    /// Webhook deliveries, in a lane of their own: up to `webhook_lane` in
    /// flight, one at a time per endpoint (`Sender::turn`). Receivers may
    /// take seconds to answer; here they hold no email back.
    async fn webhook_lane(self: Arc<Self>, mut shutdown: watch::Receiver<bool>) {
        let poll = Duration::from_millis(self.settings.poll_interval_ms);
        let mut in_flight = InFlight::new(self.settings.webhook_lane);
        while !*shutdown.borrow() {
            if in_flight.room() > 0 {
                let now = self.db.now();
                let lease = now + chrono::Duration::seconds(self.settings.claim_ttl_secs as i64);
                match outbox::claim_kind(
                    &self.db,
                    &self.id,
                    crate::webhooks::JOB_KIND,
                    in_flight.room() as i64,
                    now,
                    lease,
                )
                .await
                {
                    Ok(jobs) => {
                        for job in jobs {
                            in_flight.start(&self, job);
                        }
                    }
                    Err(e) => tracing::warn!(error = ?e, "could not claim webhook deliveries"),
                }
            }
            in_flight.settle(poll, &mut shutdown).await;
        }
        in_flight.finish(&self).await;
    }

    async fn claim(&self, room: usize) -> Result<Vec<ClaimedJob>, crate::store::StoreError> {
        let now = self.db.now();
        let lease = now + chrono::Duration::seconds(self.settings.claim_ttl_secs as i64);
        let email_min_priority = self.handlers.email_min_priority();
        outbox::claim(
            &self.db,
            &self.id,
            room as i64,
            now,
            lease,
            email_min_priority,
            outbox::Elsewhere {
                // With Algolia, search updates go in batches (`index_batch`).
                batched: self
                    .handlers
                    .algolia
                    .as_ref()
                    .map(|_| crate::search::JOB_KIND),
                // Deliveries run in their lane (`webhook_lane`).
                lane: crate::webhooks::JOB_KIND,
            },
        )
        .await
    }

    /// Claims up to 1,000 search updates and sends them to Algolia in one
    /// batch call; on failure they all retry with backoff.
    async fn index_batch(&self, algolia: &crate::search::algolia::Algolia) {
        let now = self.db.now();
        let lease = now + chrono::Duration::seconds(self.settings.claim_ttl_secs as i64);
        let jobs = match outbox::claim_kind(
            &self.db,
            &self.id,
            crate::search::JOB_KIND,
            INDEX_BATCH,
            now,
            lease,
        )
        .await
        {
            Ok(jobs) if !jobs.is_empty() => jobs,
            Ok(_) => return,
            Err(e) => {
                tracing::warn!(error = ?e, "could not claim search updates");
                return;
            }
        };
        let mut ids: Vec<Uuid> = jobs
            .iter()
            .filter_map(|j| outbox::decode::<IndexMission>(&j.payload.0).ok())
            .map(|j| j.mission_id)
            .collect();
        ids.sort();
        ids.dedup();
        let outcome = crate::search::push(&self.db, algolia, &ids).await;
        for job in &jobs {
            let recorded = match &outcome {
                Ok(()) => outbox::complete(&self.db, job.id, &self.id, None, false).await,
                Err(e) if job.attempts >= self.settings.max_attempts => {
                    outbox::bury(&self.db, job.id, &self.id, &e.to_string(), false).await
                }
                Err(e) => {
                    let at = self.db.now()
                        + chrono::Duration::from_std(backoff(&self.settings, job.attempts))
                            .unwrap_or_default();
                    outbox::retry(&self.db, job.id, &self.id, &e.to_string(), at).await
                }
            };
            if let Err(e) = recorded {
                tracing::error!(error = ?e, "could not record a search update's outcome");
            }
        }
        match outcome {
            Ok(()) => tracing::debug!(missions = ids.len(), "search index updated"),
            Err(e) => {
                tracing::warn!(error = %e, missions = ids.len(), "search index update failed; will retry")
            }
        }
    }

    /// Gives back the jobs of an interrupted batch (only those still held).
    async fn release(&self, ids: &[Uuid]) {
        for id in ids {
            if let Err(e) = outbox::release(&self.db, *id, &self.id).await {
                tracing::warn!(job_id = %id, error = ?e, "could not release job; its lease will expire");
            }
        }
        tracing::info!(jobs = ids.len(), "released unfinished jobs at shutdown");
    }

    fn count(&self, job: &ClaimedJob, outcome: &str) {
        self.counted.with_label_values(&[&job.kind, outcome]).inc();
    }

    #[tracing::instrument(name = "outbox job", skip_all, fields(job_id = %job.id, kind = %job.kind, attempt = job.attempts))]
    async fn execute(&self, job: ClaimedJob) {
        let outcome = self.handlers.run(&job).await;
        let scrub = self.handlers.scrub_secrets;
        let recorded = match outcome {
            Ok(note) => {
                self.count(&job, "done");
                outbox::complete(&self.db, job.id, &self.id, note.as_deref(), scrub).await
            }
            Err(JobError::Deferred(wait)) => {
                self.count(&job, "deferred");
                let at = self.db.now() + chrono::Duration::from_std(wait).unwrap_or_default();
                outbox::defer(&self.db, job.id, &self.id, at).await
            }
            Err(JobError::Permanent(error)) => {
                tracing::error!(%error, "job failed for good; parked as dead");
                self.count(&job, "dead");
                outbox::bury(&self.db, job.id, &self.id, &error, scrub).await
            }
            Err(JobError::Transient(error)) if job.attempts >= self.settings.max_attempts => {
                tracing::error!(%error, "job failed on its last attempt; parked as dead");
                self.count(&job, "dead");
                outbox::bury(&self.db, job.id, &self.id, &error, scrub).await
            }
            Err(JobError::Transient(error)) => {
                self.count(&job, "retried");
                let delay = backoff(&self.settings, job.attempts);
                tracing::warn!(%error, retry_in_ms = delay.as_millis() as u64, "job failed; will retry");
                let at = self.db.now() + chrono::Duration::from_std(delay).unwrap_or_default();
                outbox::retry(&self.db, job.id, &self.id, &error, at).await
            }
        };
        if let Err(e) = recorded {
            // The lease will expire and the job run again: handlers are idempotent.
            tracing::error!(error = ?e, "could not record the job's outcome");
        }
    }
}

/// The jobs one lane of the worker is running, each a task of its own.
struct InFlight {
    tasks: tokio::task::JoinSet<Uuid>,
    held: std::collections::HashSet<Uuid>,
    most: usize,
}

impl InFlight {
    fn new(most: usize) -> Self {
        InFlight {
            tasks: tokio::task::JoinSet::new(),
            held: std::collections::HashSet::new(),
            most: most.max(1),
        }
    }

    /// How many more may start now.
    fn room(&self) -> usize {
        self.most.saturating_sub(self.tasks.len())
    }

    fn start(&mut self, worker: &Arc<Worker>, job: ClaimedJob) {
        let id = job.id;
        self.held.insert(id);
        let worker = worker.clone();
        self.tasks.spawn(async move {
            worker.execute(job).await;
            id
        });
    }

    /// Waits until one job finishes, the poll interval passes or shutdown
    /// is asked: whichever comes first.
    async fn settle(&mut self, poll: Duration, shutdown: &mut watch::Receiver<bool>) {
        tokio::select! {
            Some(done) = self.tasks.join_next(), if !self.tasks.is_empty() => {
                if let Ok(id) = done {
                    self.held.remove(&id);
                }
            }
            _ = tokio::time::sleep(poll) => {}
            _ = shutdown.changed() => {}
        }
    }

    /// At shutdown: lets the running jobs finish within the grace period,
    /// and gives back those that did not.
    async fn finish(mut self, worker: &Worker) {
        let held = &mut self.held;
        let tasks = &mut self.tasks;
        let drain = async {
            while let Some(done) = tasks.join_next().await {
                if let Ok(id) = done {
                    held.remove(&id);
                }
            }
        };
        if tokio::time::timeout(worker.grace, drain).await.is_err() {
            self.tasks.abort_all();
            let ids: Vec<Uuid> = self.held.drain().collect();
            worker.release(&ids).await;
        }
    }
}

/// Exponential backoff with "equal jitter": half fixed, half random, so
/// that jobs failing together do not retry together.
pub fn backoff(settings: &WorkerSettings, attempts: i32) -> Duration {
    let exp = (attempts.max(1) - 1).min(30) as u32;
    let full = settings
        .backoff_base_ms
        .saturating_mul(1u64 << exp)
        .min(settings.backoff_max_secs.saturating_mul(1000));
    let half = full / 2;
    Duration::from_millis(half + rand::rng().random_range(0..=half))
}

fn hostname() -> String {
    std::env::var("HOSTNAME").unwrap_or_else(|_| "worker".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> WorkerSettings {
        WorkerSettings {
            embedded: true,
            concurrency: 1,
            webhook_lane: 1,
            poll_interval_ms: 10,
            claim_ttl_secs: 60,
            max_attempts: 5,
            backoff_base_ms: 1000,
            backoff_max_secs: 10,
            done_retention_days: 7,
            housekeeping_interval_secs: 600,
        }
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let s = settings();
        for _ in 0..50 {
            let first = backoff(&s, 1).as_millis();
            assert!((500..=1000).contains(&first), "{first}");
            let third = backoff(&s, 3).as_millis();
            assert!((2000..=4000).contains(&third), "{third}");
            let late = backoff(&s, 20).as_millis();
            assert!((5000..=10_000).contains(&late), "{late}");
        }
    }
}
