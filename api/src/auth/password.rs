//! Password hashing on a bounded pool of its own.
//!
//! argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane) costs tens of
//! milliseconds of one core. Run on the async threads it would stall every
//! other request; run on an unbounded pool it would queue without end under
//! a login storm. So: one thread per core, a bounded queue in front, and a
//! full queue answered at once with 503 and `Retry-After`.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, LazyLock, Mutex};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::oneshot;

/// OWASP's minimum for argon2id.
pub const MEMORY_KIB: u32 = 19_456;
pub const ITERATIONS: u32 = 2;
pub const LANES: u32 = 1;

fn argon2() -> Argon2<'static> {
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(MEMORY_KIB, ITERATIONS, LANES, None).expect("valid argon2 parameters"),
    )
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PoolError {
    /// Every hashing thread is busy and the queue is full.
    #[error("the password hashing queue is full")]
    Saturated,
    #[error("the password hashing pool stopped")]
    Stopped,
}

/// The result of checking a password.
#[derive(Debug, PartialEq, Eq)]
pub enum Verified {
    No,
    Yes,
    /// Correct, and the stored hash uses older parameters: store this one.
    YesRehashed(String),
}

type Task = Box<dyn FnOnce() + Send>;

#[derive(Clone)]
pub struct HashPool {
    queue: SyncSender<Task>,
}

/// A hash of a random password: verifying unknown accounts against it
/// costs the same as verifying a real one, so timing reveals nothing.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(uuid::Uuid::now_v7().to_string().as_bytes(), &salt)
        .expect("hashing")
        .to_string()
});

impl HashPool {
    pub fn new(threads: usize, queue: usize) -> Self {
        let (tx, rx) = sync_channel::<Task>(queue);
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..threads.max(1) {
            let rx: Arc<Mutex<Receiver<Task>>> = rx.clone();
            std::thread::Builder::new()
                .name(format!("password-hash-{i}"))
                .spawn(move || loop {
                    let task = match rx.lock() {
                        Ok(guard) => guard.recv(),
                        Err(_) => return,
                    };
                    match task {
                        Ok(task) => task(),
                        Err(_) => return, // every sender dropped
                    }
                })
                .expect("spawn hashing thread");
        }
        LazyLock::force(&DUMMY_HASH);
        HashPool { queue: tx }
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, PoolError> {
        let (tx, rx) = oneshot::channel();
        let task: Task = Box::new(move || {
            let _ = tx.send(work());
        });
        match self.queue.try_send(task) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => return Err(PoolError::Saturated),
            Err(TrySendError::Disconnected(_)) => return Err(PoolError::Stopped),
        }
        rx.await.map_err(|_| PoolError::Stopped)
    }

    pub async fn hash(&self, password: String) -> Result<String, PoolError> {
        self.run(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon2()
                .hash_password(password.as_bytes(), &salt)
                .expect("argon2 hashing with valid parameters")
                .to_string()
        })
        .await
    }

    /// Checks `password` against `stored`, or against a dummy hash when
    /// there is no account, in the same time either way.
    pub async fn verify(
        &self,
        password: String,
        stored: Option<String>,
    ) -> Result<Verified, PoolError> {
        self.run(move || {
            let known = stored.is_some();
            let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
            let Ok(parsed) = PasswordHash::new(&stored) else {
                return Verified::No;
            };
            let hasher = argon2();
            if hasher
                .verify_password(password.as_bytes(), &parsed)
                .is_err()
                || !known
            {
                return Verified::No;
            }
            if needs_rehash(&parsed) {
                let salt = SaltString::generate(&mut OsRng);
                if let Ok(new) = hasher.hash_password(password.as_bytes(), &salt) {
                    return Verified::YesRehashed(new.to_string());
                }
            }
            Verified::Yes
        })
        .await
    }
}

fn needs_rehash(hash: &PasswordHash<'_>) -> bool {
    let current = Params::new(MEMORY_KIB, ITERATIONS, LANES, None).expect("valid");
    hash.algorithm != argon2::ARGON2ID_IDENT
        || Params::try_from(hash).map_or(true, |p| {
            p.m_cost() != current.m_cost()
                || p.t_cost() != current.t_cost()
                || p.p_cost() != current.p_cost()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_rehash_old_parameters() {
        let pool = HashPool::new(1, 4);
        let hash = pool.hash("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert_eq!(
            pool.verify("correct horse battery".into(), Some(hash.clone()))
                .await,
            Ok(Verified::Yes)
        );
        assert_eq!(
            pool.verify("wrong".into(), Some(hash)).await,
            Ok(Verified::No)
        );
        assert_eq!(pool.verify("anything".into(), None).await, Ok(Verified::No));

        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8192, 1, 1, None).unwrap(),
        )
        .hash_password(b"correct horse battery", &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string();
        match pool
            .verify("correct horse battery".into(), Some(weak))
            .await
            .unwrap()
        {
            Verified::YesRehashed(new) => assert!(new.contains("m=19456,t=2,p=1")),
            other => panic!("expected a rehash, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_full_queue_is_refused_at_once() {
        let pool = HashPool::new(1, 1);
        let mut pending = Vec::new();
        for _ in 0..6 {
            let p = pool.clone();
            pending.push(tokio::spawn(async move { p.hash("x".repeat(12)).await }));
        }
        let results: Vec<_> = futures_util::future::join_all(pending)
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert!(results.contains(&Err(PoolError::Saturated)), "{results:?}");
        assert!(results.iter().any(|r| r.is_ok()));
    }
}
