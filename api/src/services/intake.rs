//! Group commit of signups: the TV-night intake.
//!
//! A signup answers 202 only once its account, token and email job are
//! committed. One transaction per signup caps the intake at the database's
//! commit rate (each commit waits for its WAL flush). Here concurrent
//! signups are collected, a few milliseconds at most or up to a batch, and
//! written in one transaction; then each request gets its own answer.
//!
//! A batch costs four statements whatever its size (known addresses,
//! accounts, tokens, email jobs: `accounts::signup_batch`). When one of
//! its signups fails (a constraint) or raced a signup outside the batch,
//! the batch is written again with each signup between a savepoint and
//! its release, so that one bad row is undone alone and its batch
//! commits. Duplicates inside one batch behave as across batches:
//! the second finds the first's pending account and resends its email, and
//! both callers get the same answer. If the commit itself fails, every
//! signup of the batch gets the error: none was accepted.
//!
//! A few writers run at once, each collecting its batch while the others
//! write, so the batch size follows the load by itself: one row when it is
//! quiet, dozens in a surge.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, Mutex};

use super::accounts::signup_batch;
pub use crate::domain::account::NewSignup as Signup;
use crate::error::{overloaded, ServiceError};
use crate::state::SignupIntake;
use crate::store::Db;

struct Pending {
    signup: Signup,
    answer: oneshot::Sender<Result<(), ServiceError>>,
}

/// The signup intake: cheap to share; writers stop when it is dropped.
pub struct Intake {
    queue: mpsc::Sender<Pending>,
    counts: Arc<Counts>,
}

/// Batches written and the signups they held, since start.
#[derive(Default)]
struct Counts {
    batches: AtomicU64,
    signups: AtomicU64,
    refused: AtomicU64,
}

/// How the intake groups signups.
#[derive(Debug, Clone, Copy)]
pub struct IntakeConfig {
    /// Transactions writing at once.
    pub writers: usize,
    /// Signups in one transaction at most.
    pub max_batch: usize,
    /// How long a writer waits for more signups after the first.
    pub window: Duration,
}

impl Intake {
    pub fn start(db: Db, config: IntakeConfig) -> Self {
        // Two batches per writer wait at most.
        let (queue, receiver) = mpsc::channel(config.max_batch.max(1) * config.writers.max(1) * 2);
        let receiver = Arc::new(Mutex::new(receiver));
        let counts = Arc::new(Counts::default());
        for _ in 0..config.writers.max(1) {
            tokio::spawn(write_batches(
                db.clone(),
                receiver.clone(),
                config,
                counts.clone(),
            ));
        }
        Intake { queue, counts }
    }

    /// Signups refused because the queue was full, since start.
    pub fn refused(&self) -> u64 {
        self.counts.refused.load(Ordering::Relaxed)
    }

    /// (batches, signups) written since start.
    pub fn counts(&self) -> (u64, u64) {
        (
            self.counts.batches.load(Ordering::Relaxed),
            self.counts.signups.load(Ordering::Relaxed),
        )
    }

    /// Signs one person up; returns once the batch holding the signup is
    /// committed (or failed). The intake is its own admission control:
    /// its queue holds a few batches, and a signup that finds it full is
    /// refused at once (503 `overloaded`) rather than waiting behind more
    /// than the writers can commit in a few tens of milliseconds.
    pub async fn signup(&self, signup: Signup) -> Result<(), ServiceError> {
        let (answer, answered) = oneshot::channel();
        self.queue
            .try_send(Pending { signup, answer })
            .map_err(|e| match e {
                mpsc::error::TrySendError::Full(_) => {
                    self.counts.refused.fetch_add(1, Ordering::Relaxed);
                    overloaded()
                }
                mpsc::error::TrySendError::Closed(_) => {
                    ServiceError::internal(anyhow::anyhow!("the signup intake stopped"))
                }
            })?;
        answered
            .await
            .map_err(|_| ServiceError::internal(anyhow::anyhow!("a signup batch was lost")))?
    }
}

impl SignupIntake for Intake {
    fn signup(
        &self,
        signup: Signup,
    ) -> futures_util::future::BoxFuture<'_, Result<(), ServiceError>> {
        Box::pin(Intake::signup(self, signup))
    }

    fn refused(&self) -> u64 {
        Intake::refused(self)
    }

    fn counts(&self) -> (u64, u64) {
        Intake::counts(self)
    }
}

async fn write_batches(
    db: Db,
    receiver: Arc<Mutex<mpsc::Receiver<Pending>>>,
    config: IntakeConfig,
    counts: Arc<Counts>,
) {
    loop {
        let batch = {
            let mut receiver = receiver.lock().await;
            let Some(first) = receiver.recv().await else {
                return;
            };
            let mut batch = vec![first];
            let deadline = tokio::time::Instant::now() + config.window;
            while batch.len() < config.max_batch {
                match receiver.try_recv() {
                    Ok(next) => batch.push(next),
                    Err(_) => match tokio::time::timeout_at(deadline, receiver.recv()).await {
                        Ok(Some(next)) => batch.push(next),
                        _ => break,
                    },
                }
            }
            batch
        };
        counts.batches.fetch_add(1, Ordering::Relaxed);
        counts
            .signups
            .fetch_add(batch.len() as u64, Ordering::Relaxed);
        write(&db, batch).await;
    }
}

/// Writes one batch and answers each of its signups.
///
/// First as one transaction of four multi-row statements for the whole
/// batch; in the rare batch where a signup fails or lost a race, again
/// with a savepoint around each, so that only that one is undone.
async fn write(db: &Db, batch: Vec<Pending>) {
    let outcome = match write_plain(db, &batch).await {
        Ok(true) => Ok(batch.iter().map(|_| Ok(())).collect()),
        // One signup must be undone alone: again, a savepoint around each.
        Ok(false) => write_isolated(db, &batch).await,
        // The transaction itself failed (pool, begin, commit): nothing was
        // written, and writing it again at once would double the load
        // that made it fail.
        Err(e) => Err(e),
    };
    answer(batch, outcome);
}

/// The whole batch in one transaction, a statement per table; `false`
/// (rolled back) when a signup needs to be undone alone.
async fn write_plain(db: &Db, batch: &[Pending]) -> Result<bool, ServiceError> {
    let mut tx = db.begin().await?;
    let signups: Vec<&Signup> = batch.iter().map(|p| &p.signup).collect();
    match signup_batch(&mut tx, &signups).await {
        Ok(true) => {}
        // Dropping the transaction rolls it back.
        Ok(false) => return Ok(false),
        // A connection that failed fails the retry as well; a row that
        // failed (a constraint) is found and undone alone by the retry.
        Err(e @ ServiceError::Unavailable { .. }) => return Err(e),
        Err(_) => return Ok(false),
    }
    tx.commit().await?;
    Ok(true)
}

/// The batch with a savepoint around each signup: one answer each.
async fn write_isolated(
    db: &Db,
    batch: &[Pending],
) -> Result<Vec<Result<(), ServiceError>>, ServiceError> {
    let mut results = Vec::with_capacity(batch.len());
    let mut tx = db.begin().await?;
    for pending in batch {
        tx.savepoint().await?;
        match signup_batch(&mut tx, &[&pending.signup]).await {
            Ok(true) => {
                tx.release_savepoint().await?;
                results.push(Ok(()));
            }
            // A concurrent signup took the address: it sends the email,
            // and the answer is the same.
            Ok(false) => {
                tx.rollback_to_savepoint().await?;
                results.push(Ok(()));
            }
            Err(e) => {
                tx.rollback_to_savepoint().await?;
                results.push(Err(e));
            }
        }
    }
    tx.commit().await?;
    Ok(results)
}

fn answer(batch: Vec<Pending>, outcome: Result<Vec<Result<(), ServiceError>>, ServiceError>) {
    match outcome {
        Ok(results) => {
            for (pending, result) in batch.into_iter().zip(results) {
                let _ = pending.answer.send(result);
            }
        }
        Err(e) => {
            // Nothing of the batch was committed: every signup fails alike.
            tracing::warn!(error = %e, signups = batch.len(), "a signup batch failed");
            let busy = matches!(e, ServiceError::Unavailable { .. });
            for pending in batch {
                let _ = pending.answer.send(Err(if busy {
                    ServiceError::database_busy()
                } else {
                    ServiceError::internal(anyhow::anyhow!("the signup batch failed: {e}"))
                }));
            }
        }
    }
}
