//! The outbox table: enqueue inside the caller's transaction, claim with a
//! lease, finish, retry or bury.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::types::Json;
use uuid::Uuid;

use super::{Db, StoreError, Tx};
use crate::{on_conn, on_tx};

/// A job to write in the same transaction as the change that needs it.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: &'static str,
    pub payload: Value,
    pub priority: i32,
    /// When it may run; none for as soon as it commits, by the clock of
    /// the transaction that writes it.
    pub run_after: Option<DateTime<Utc>>,
}

/// One kind of job, as one type: its name in the table, its payload (the
/// type itself, serialized), how urgent it is and which waiting job it
/// merges with. The worker decodes the payload back into the type before
/// running it, so a payload is never read by key; one that does not decode
/// is parked `dead` with the reason, never retried.
pub trait Job: serde::Serialize + serde::de::DeserializeOwned {
    /// The `kind` column.
    const KIND: &'static str;

    /// Higher runs first; 0 unless the kind says otherwise.
    fn priority(&self) -> i32 {
        0
    }

    /// While a job with this key waits, another with the same key is not
    /// written: the waiting one will see the latest state when it runs.
    fn coalesce_key(&self) -> Option<String> {
        None
    }

    /// The row to write.
    fn new_job(&self, run_after: Option<DateTime<Utc>>) -> NewJob {
        NewJob {
            kind: Self::KIND,
            payload: serde_json::to_value(self).expect("a job's payload serializes"),
            priority: self.priority(),
            run_after,
        }
    }
}

/// Writes `job` in the caller's transaction, merged with a waiting one of
/// the same key if it has one; whether a row was written.
pub async fn push<J: Job>(
    tx: &mut Tx,
    job: &J,
    run_after: Option<DateTime<Utc>>,
) -> Result<bool, StoreError> {
    let row = job.new_job(run_after);
    match job.coalesce_key() {
        Some(key) => enqueue_coalesced(tx, &key, row).await,
        None => enqueue(tx, row).await.map(|_| true),
    }
}

/// The payload of a claimed job, as its type; a payload that does not
/// decode is a permanent failure, with the reason.
pub fn decode<J: Job>(payload: &Value) -> Result<J, JobError> {
    serde_json::from_value(payload.clone()).map_err(|e| {
        JobError::Permanent(format!(
            "a `{}` job whose payload does not decode: {e}",
            J::KIND
        ))
    })
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClaimedJob {
    pub id: Uuid,
    pub kind: String,
    pub payload: Json<Value>,
    pub attempts: i32,
}

/// Where an outbox job stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[schema(as = EmailJobState)]
pub enum JobState {
    /// Waiting for its time, or for a worker.
    Pending,
    /// Held by a worker, under its lease.
    Running,
    Done,
    /// Failed for good, or out of attempts: an operator may requeue it.
    Dead,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Pending => "pending",
            JobState::Running => "running",
            JobState::Done => "done",
            JobState::Dead => "dead",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "pending" => JobState::Pending,
            "running" => JobState::Running,
            "done" => JobState::Done,
            "dead" => JobState::Dead,
            _ => return None,
        })
    }
}

/// An unknown stored state fails the read, naming it.
impl TryFrom<String> for JobState {
    type Error = String;

    fn try_from(value: String) -> Result<Self, String> {
        JobState::parse(&value).ok_or_else(|| format!("`{value}` is not a job state"))
    }
}

/// Reads as it is written in the table (`job.state == "done"`).
impl PartialEq<&str> for JobState {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JobCount {
    pub kind: String,
    #[sqlx(try_from = "String")]
    pub state: JobState,
    pub count: i64,
}

/// One job as operators see it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JobRow {
    pub id: Uuid,
    pub kind: String,
    pub payload: Json<Value>,
    pub priority: i32,
    #[sqlx(try_from = "String")]
    pub state: JobState,
    pub run_after: DateTime<Utc>,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
}

/// Writes a job in the caller's transaction; it runs only if that commits.
pub async fn enqueue(tx: &mut Tx, job: NewJob) -> Result<Uuid, StoreError> {
    let ids = enqueue_many(tx, std::slice::from_ref(&job)).await?;
    Ok(ids[0])
}

/// Writes these jobs in one statement, in the caller's transaction; their
/// ids, in order.
pub async fn enqueue_many(tx: &mut Tx, jobs: &[NewJob]) -> Result<Vec<Uuid>, StoreError> {
    if jobs.is_empty() {
        return Ok(Vec::new());
    }
    let now = tx.now();
    let ids: Vec<Uuid> = jobs.iter().map(|_| Uuid::now_v7()).collect();
    on_tx!(tx, c => {
        let mut q = sqlx::QueryBuilder::new(
            "INSERT INTO outbox_jobs (id, kind, payload, priority, state, run_after, attempts, created_at, updated_at) ",
        );
        q.push_values(jobs.iter().zip(&ids), |mut row, (job, id)| {
            row.push_bind(*id)
                .push_bind(job.kind)
                .push_bind(Json(&job.payload))
                .push_bind(job.priority)
                .push("'pending'")
                .push_bind(job.run_after.unwrap_or(now))
                .push("0")
                .push_bind(now)
                .push_bind(now);
        });
        q.build().execute(c).await.map(|r| r.rows_affected())
    })?;
    Ok(ids)
}

/// Writes a job unless one with the same `key` is still waiting (it will
/// see the latest state when it runs); returns whether a job was written.
///
/// The waiting one is looked for first with a plain read: an insert that
/// meets the key of another transaction's uncommitted insert waits for it
/// to end, so a hundred applications to one mission (its search update)
/// or to one organisation (its members' notices) would queue behind each
/// other's commits for a row that is already there.
pub async fn enqueue_coalesced(tx: &mut Tx, key: &str, job: NewJob) -> Result<bool, StoreError> {
    let now = tx.now();
    let waiting = on_tx!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM outbox_jobs WHERE coalesce_key = $1 AND state = 'pending'",
    )
    .bind(key)
    .fetch_one(c)
    .await)?;
    if waiting > 0 {
        return Ok(false);
    }
    let n = on_tx!(tx, c => sqlx::query(
        "INSERT INTO outbox_jobs (id, kind, payload, priority, state, run_after, attempts, created_at, updated_at, coalesce_key)
         VALUES ($1, $2, $3, $4, 'pending', $5, 0, $6, $6, $7)
         ON CONFLICT (coalesce_key) WHERE state = 'pending' DO NOTHING",
    )
    .bind(Uuid::now_v7())
    .bind(job.kind)
    .bind(Json(&job.payload))
    .bind(job.priority)
    .bind(job.run_after.unwrap_or(now))
    .bind(now)
    .bind(key)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Which of these coalescing keys have a job waiting (one statement, on
/// the pending jobs' unique index).
pub async fn pending_keys(
    h: super::Handle<'_>,
    keys: &[String],
) -> Result<std::collections::HashSet<String>, StoreError> {
    if keys.is_empty() {
        return Ok(Default::default());
    }
    let sql = format!(
        "SELECT coalesce_key FROM outbox_jobs WHERE state = 'pending' AND coalesce_key IN ({})",
        h.json_strings("$1")
    );
    let found = crate::on_handle!(h, c => sqlx::query_scalar::<_, String>(&sql)
        .bind(Json(keys))
        .fetch_all(c)
        .await)?;
    Ok(found.into_iter().collect())
}

/// Takes back the leases of workers that vanished mid-job, so that their
/// jobs run again. A job may therefore run twice; handlers are idempotent
/// (the email provider gets the job id as idempotency key).
pub async fn reclaim_expired(db: &Db, now: DateTime<Utc>) -> Result<u64, StoreError> {
    let mut conn = db.acquire().await?;
    let affected = on_conn!(&mut conn, c => sqlx::query(
        "UPDATE outbox_jobs SET state = 'pending', locked_by = NULL, locked_until = NULL, updated_at = $1
         WHERE state = 'running' AND locked_until < $1",
    )
    .bind(now)
    .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(affected)
}

/// Job kinds the general claim leaves to others.
#[derive(Debug, Clone, Copy)]
pub struct Elsewhere<'a> {
    /// Claimed in batches (search updates, with Algolia).
    pub batched: Option<&'a str>,
    /// Run in a lane of their own (webhook deliveries).
    pub lane: &'a str,
}

/// Claims up to `limit` due jobs, highest priority then oldest first;
/// emails only from `email_min_priority` up (degraded mode holds the
/// non-urgent ones; `i32::MAX` holds them all while the provider asks us
/// to wait); never what is claimed `elsewhere`.
/// PostgreSQL skips rows another worker holds; SQLite has a single writer,
/// so its plain UPDATE is already exclusive.
pub async fn claim(
    db: &Db,
    worker: &str,
    limit: i64,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    email_min_priority: i32,
    elsewhere: Elsewhere<'_>,
) -> Result<Vec<ClaimedJob>, StoreError> {
    const PG: &str = "UPDATE outbox_jobs SET state = 'running', attempts = attempts + 1,
            locked_by = $1, locked_until = $2, updated_at = $3
         WHERE id IN (SELECT id FROM outbox_jobs
                      WHERE state = 'pending' AND run_after <= $3 AND (kind <> 'email' OR priority >= $5)
                        AND ($6 IS NULL OR kind <> $6) AND kind <> $7
                      ORDER BY priority DESC, run_after
                      LIMIT $4 FOR UPDATE SKIP LOCKED)
         RETURNING id, kind, payload, attempts";
    const SQLITE: &str = "UPDATE outbox_jobs SET state = 'running', attempts = attempts + 1,
            locked_by = $1, locked_until = $2, updated_at = $3
         WHERE id IN (SELECT id FROM outbox_jobs
                      WHERE state = 'pending' AND run_after <= $3 AND (kind <> 'email' OR priority >= $5)
                        AND ($6 IS NULL OR kind <> $6) AND kind <> $7
                      ORDER BY priority DESC, run_after
                      LIMIT $4)
         RETURNING id, kind, payload, attempts";
    let mut conn = db.acquire().await?;
    let sql = match conn {
        super::Conn::Postgres(_) => PG,
        super::Conn::Sqlite(_) => SQLITE,
    };
    let jobs = on_conn!(&mut conn, c => sqlx::query_as::<_, ClaimedJob>(sql)
        .bind(worker)
        .bind(lease_until)
        .bind(now)
        .bind(limit)
        .bind(email_min_priority)
        .bind(elsewhere.batched)
        .bind(elsewhere.lane)
        .fetch_all(c)
        .await)?;
    Ok(jobs)
}

/// Claims up to `limit` due jobs of one kind, oldest first (batched work
/// such as search updates).
pub async fn claim_kind(
    db: &Db,
    worker: &str,
    kind: &str,
    limit: i64,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
) -> Result<Vec<ClaimedJob>, StoreError> {
    const PG: &str = "UPDATE outbox_jobs SET state = 'running', attempts = attempts + 1,
            locked_by = $1, locked_until = $2, updated_at = $3
         WHERE id IN (SELECT id FROM outbox_jobs
                      WHERE state = 'pending' AND run_after <= $3 AND kind = $5
                      ORDER BY run_after LIMIT $4 FOR UPDATE SKIP LOCKED)
         RETURNING id, kind, payload, attempts";
    const SQLITE: &str = "UPDATE outbox_jobs SET state = 'running', attempts = attempts + 1,
            locked_by = $1, locked_until = $2, updated_at = $3
         WHERE id IN (SELECT id FROM outbox_jobs
                      WHERE state = 'pending' AND run_after <= $3 AND kind = $5
                      ORDER BY run_after LIMIT $4)
         RETURNING id, kind, payload, attempts";
    let mut conn = db.acquire().await?;
    let sql = match conn {
        super::Conn::Postgres(_) => PG,
        super::Conn::Sqlite(_) => SQLITE,
    };
    let jobs = on_conn!(&mut conn, c => sqlx::query_as::<_, ClaimedJob>(sql)
        .bind(worker)
        .bind(lease_until)
        .bind(now)
        .bind(limit)
        .bind(kind)
        .fetch_all(c)
        .await)?;
    Ok(jobs)
}

/// The secret parameters of an email (the token of a link) removed from
/// its payload once it is sent or given up: a copy of the outbox, a backup
/// or an operator's screen then holds no usable link. Each dialect's JSON
/// function; `$5` says whether to.
const SCRUB_PG: &str =
    "CASE WHEN $5 AND kind = 'email' THEN payload #- '{params,token}' ELSE payload END";
const SCRUB_SQLITE: &str =
    "CASE WHEN $5 AND kind = 'email' THEN json_remove(payload, '$.params.token') ELSE payload END";

/// Marks a job done, if this worker still holds it, with what happened
/// when it did not do its work (`skipped: …`); `scrub` removes its secret
/// parameters.
pub async fn complete(
    db: &Db,
    id: Uuid,
    worker: &str,
    outcome: Option<&str>,
    scrub: bool,
) -> Result<(), StoreError> {
    finish(db, id, worker, "done", outcome, scrub).await
}

async fn finish(
    db: &Db,
    id: Uuid,
    worker: &str,
    state: &str,
    note: Option<&str>,
    scrub: bool,
) -> Result<(), StoreError> {
    let now = db.now();
    let mut conn = db.acquire().await?;
    let scrubbed = match conn {
        super::Conn::Postgres(_) => SCRUB_PG,
        super::Conn::Sqlite(_) => SCRUB_SQLITE,
    };
    // Done: `note` is the outcome, `done_at` is set. Dead: it is the error.
    let sql = format!(
        "UPDATE outbox_jobs SET state = $6, updated_at = $3, locked_by = NULL, locked_until = NULL,
                done_at = CASE WHEN $6 = 'done' THEN $3 ELSE done_at END,
                outcome = CASE WHEN $6 = 'done' THEN $4 ELSE outcome END,
                last_error = CASE WHEN $6 = 'done' THEN NULL ELSE $4 END,
                payload = {scrubbed}
         WHERE id = $1 AND locked_by = $2 AND state = 'running'"
    );
    on_conn!(&mut conn, c => sqlx::query(&sql)
        .bind(id)
        .bind(worker)
        .bind(now)
        .bind(note)
        .bind(scrub)
        .bind(state)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Puts a failed job back in the queue to run again at `run_after`.
pub async fn retry(
    db: &Db,
    id: Uuid,
    worker: &str,
    error: &str,
    run_after: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut conn = db.acquire().await?;
    on_conn!(&mut conn, c => sqlx::query(
        "UPDATE outbox_jobs SET state = 'pending', run_after = $4, last_error = $3, updated_at = $5,
                locked_by = NULL, locked_until = NULL
         WHERE id = $1 AND locked_by = $2 AND state = 'running'",
    )
    .bind(id)
    .bind(worker)
    .bind(error)
    .bind(run_after)
    .bind(db.now())
    .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Parks a job that will not succeed by retrying; an operator may requeue
/// it (one whose secrets were scrubbed then fails: its person asks for a
/// new link).
pub async fn bury(
    db: &Db,
    id: Uuid,
    worker: &str,
    error: &str,
    scrub: bool,
) -> Result<(), StoreError> {
    finish(db, id, worker, "dead", Some(error), scrub).await
}

/// Deletes up to `limit` jobs done before `before`; returns how many.
pub async fn purge_done(db: &Db, before: DateTime<Utc>, limit: i64) -> Result<u64, StoreError> {
    let mut conn = db.acquire().await?;
    let n = on_conn!(&mut conn, c => sqlx::query(
        "DELETE FROM outbox_jobs WHERE id IN
            (SELECT id FROM outbox_jobs WHERE state = 'done' AND done_at < $1 LIMIT $2)",
    )
    .bind(before)
    .bind(limit)
    .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n)
}

/// Puts a job back for later without counting the attempt: the provider
/// asked us to wait, the job did nothing wrong.
pub async fn defer(
    db: &Db,
    id: Uuid,
    worker: &str,
    run_after: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut conn = db.acquire().await?;
    on_conn!(&mut conn, c => sqlx::query(
        "UPDATE outbox_jobs SET state = 'pending', attempts = attempts - 1, run_after = $3, updated_at = $4,
                locked_by = NULL, locked_until = NULL
         WHERE id = $1 AND locked_by = $2 AND state = 'running'",
    )
    .bind(id)
    .bind(worker)
    .bind(run_after)
    .bind(db.now())
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Gives a job back untouched (shutdown before it finished): the attempt
/// it was claimed with does not count.
pub async fn release(db: &Db, id: Uuid, worker: &str) -> Result<(), StoreError> {
    let mut conn = db.acquire().await?;
    on_conn!(&mut conn, c => sqlx::query(
        "UPDATE outbox_jobs SET state = 'pending', attempts = attempts - 1, updated_at = $3,
                locked_by = NULL, locked_until = NULL
         WHERE id = $1 AND locked_by = $2 AND state = 'running'",
    )
    .bind(id)
    .bind(worker)
    .bind(db.now())
    .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Jobs not yet done, by kind and state, for `/metrics`. Done jobs are
/// left out: they are history, and their count only grows.
pub async fn backlog(db: &Db) -> Result<Vec<JobCount>, StoreError> {
    let mut conn = db.acquire().await?;
    let rows = on_conn!(&mut conn, c => sqlx::query_as::<_, JobCount>(
        "SELECT kind, state, COUNT(*) AS count FROM outbox_jobs
         WHERE state <> 'done' GROUP BY kind, state ORDER BY kind, state",
    )
    .fetch_all(c)
    .await)?;
    Ok(rows)
}

pub async fn get(db: &Db, id: Uuid) -> Result<Option<JobRow>, StoreError> {
    let mut conn = db.acquire().await?;
    let row = on_conn!(&mut conn, c => sqlx::query_as::<_, JobRow>(
        "SELECT id, kind, payload, priority, state, run_after, attempts, last_error, created_at, done_at, outcome
         FROM outbox_jobs WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(c)
    .await)?;
    Ok(row)
}

/// The newest email jobs to an address (lower-cased), for the
/// development mailbox. UUIDv7 ids sort by creation time.
pub async fn latest_emails_to(
    db: &Db,
    to_lowercase: &str,
    limit: i64,
) -> Result<Vec<JobRow>, StoreError> {
    let mut conn = db.acquire().await?;
    let rows = on_conn!(&mut conn, c => sqlx::query_as::<_, JobRow>(
        "SELECT id, kind, payload, priority, state, run_after, attempts, last_error, created_at, done_at, outcome
         FROM outbox_jobs WHERE kind = 'email' AND lower(payload->>'to') = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(to_lowercase)
    .bind(limit)
    .fetch_all(c)
    .await)?;
    Ok(rows)
}

/// Email jobs for operators, newest first, by state and template.
pub async fn emails(
    db: &Db,
    state: Option<&str>,
    template: Option<&str>,
    before: Option<Uuid>,
    limit: i64,
) -> Result<Vec<JobRow>, StoreError> {
    let mut conn = db.acquire().await?;
    let rows = on_conn!(&mut conn, c => sqlx::query_as::<_, JobRow>(
        "SELECT id, kind, payload, priority, state, run_after, attempts, last_error, created_at, done_at, outcome
         FROM outbox_jobs
         WHERE kind = 'email' AND ($1 IS NULL OR state = $1) AND ($2 IS NULL OR payload->>'template' = $2)
           AND ($3 IS NULL OR id < $3)
         ORDER BY id DESC LIMIT $4",
    )
    .bind(state)
    .bind(template)
    .bind(before)
    .bind(limit)
    .fetch_all(c)
    .await)?;
    Ok(rows)
}

/// Puts dead email jobs back in the queue with fresh attempts: one by id,
/// or every one of a template. Returns how many.
pub async fn requeue_dead_emails(
    db: &Db,
    id: Option<Uuid>,
    template: Option<&str>,
) -> Result<u64, StoreError> {
    let mut conn = db.acquire().await?;
    let n = on_conn!(&mut conn, c => sqlx::query(
        "UPDATE outbox_jobs SET state = 'pending', attempts = 0, run_after = $3, updated_at = $3, last_error = NULL
         WHERE kind = 'email' AND state = 'dead' AND ($1 IS NULL OR id = $1) AND ($2 IS NULL OR payload->>'template' = $2)",
    )
    .bind(id)
    .bind(template)
    .bind(db.now())
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n)
}

/// How a job failed.
#[derive(Debug)]
pub enum JobError {
    /// May succeed later.
    Transient(String),
    /// Will not succeed by retrying: park it as dead at once.
    Permanent(String),
    /// Not now, through no fault of the job: run it again after this
    /// long, without counting the attempt.
    Deferred(std::time::Duration),
}

/// How long the job the worker would take next has been due: how far
/// behind the outbox is. Zero when nothing is due.
pub async fn due_age(db: &Db, now: DateTime<Utc>) -> Result<chrono::Duration, StoreError> {
    let mut conn = db.acquire().await?;
    let oldest = on_conn!(&mut conn, c => sqlx::query_scalar::<_, DateTime<Utc>>(
        "SELECT run_after FROM outbox_jobs WHERE state = 'pending' AND run_after <= $1
         ORDER BY priority DESC, run_after LIMIT 1",
    )
    .bind(now)
    .fetch_optional(c)
    .await)?;
    Ok(oldest.map_or(chrono::Duration::zero(), |t| now - t))
}
