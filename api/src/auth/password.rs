//! Password hashing on a bounded pool of its own.
//!
//! argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane) costs tens of
//! milliseconds of one core. Run on the async threads it would stall every
//! other request; run on an unbounded pool it would queue without end under
//! a login storm. So: one thread per core, a bounded queue in front, and a
//! full queue answered at once with 503 and `Retry-After`.
//!
//! Each hashing thread keeps argon2's 19 MiB of memory for itself, taken
//! once. Asking the allocator for it at every hash let it keep what was
//! freed, fragmented among its arenas: a login storm left one process at
//! 268 MiB with 2 hashing threads and 3.7 GiB with 32, where the threads
//! account for 38 MiB and 608 MiB (scripts/measure-login-memory.sh).

use std::cell::RefCell;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, LazyLock, Mutex};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::oneshot;

/// OWASP's minimum for argon2id.
pub const MEMORY_KIB: u32 = 19_456;
pub const ITERATIONS: u32 = 2;
pub const LANES: u32 = 1;

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

thread_local! {
    /// This hashing thread's argon2 memory, at the current parameters.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
    /// Set on the pool's threads: any other thread (the dummy hash made at
    /// start) gives its memory back at once.
    static HASHING_THREAD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// argon2 of `params` over `password` and `salt` into `out`, on the
/// calling thread's own memory (a hash at older parameters, about to be
/// upgraded, gets memory of its own once).
fn argon2_into(
    algorithm: Algorithm,
    version: Version,
    params: Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> argon2::Result<()> {
    let blocks = params.block_count();
    let hasher = Argon2::new(algorithm, version, params);
    if blocks != current_params().block_count() || !HASHING_THREAD.get() {
        return hasher.hash_password_into_with_memory(
            password,
            salt,
            out,
            vec![Block::default(); blocks],
        );
    }
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() != blocks {
            *memory = vec![Block::default(); blocks];
        }
        // Every block is written before it is read: no need to clear the
        // previous hash's.
        hasher.hash_password_into_with_memory(password, salt, out, &mut memory[..])
    })
}

fn current_params() -> Params {
    Params::new(MEMORY_KIB, ITERATIONS, LANES, None).expect("valid argon2 parameters")
}

/// A new PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) for
/// `password`, with a fresh salt.
fn new_hash(password: &[u8]) -> String {
    let salt = SaltString::generate(&mut OsRng);
    let mut raw_salt = [0u8; 64];
    let raw_salt = salt
        .as_salt()
        .decode_b64(&mut raw_salt)
        .expect("a generated salt decodes");
    let params = current_params();
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    argon2_into(
        Algorithm::Argon2id,
        Version::V0x13,
        params.clone(),
        password,
        raw_salt,
        &mut out,
    )
    .expect("argon2 hashing with valid parameters");
    PasswordHash {
        algorithm: argon2::ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).expect("parameters as PHC"),
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).expect("a 32-byte output")),
    }
    .to_string()
}

/// Whether `password` gives `stored`'s hash, recomputed at `stored`'s own
/// parameters and compared in constant time.
fn matches(password: &[u8], stored: &PasswordHash<'_>) -> bool {
    let recomputed = || -> Option<bool> {
        let algorithm = Algorithm::try_from(stored.algorithm).ok()?;
        let version = match stored.version {
            Some(v) => Version::try_from(v).ok()?,
            None => Version::default(),
        };
        let params = Params::try_from(stored).ok()?;
        let expected = stored.hash?;
        let mut raw_salt = [0u8; 64];
        let raw_salt = stored.salt?.decode_b64(&mut raw_salt).ok()?;
        let mut out = vec![0u8; expected.len()];
        argon2_into(algorithm, version, params, password, raw_salt, &mut out).ok()?;
        Some(Output::new(&out).ok()? == expected)
    };
    recomputed().unwrap_or(false)
}

/// A hash of a random password: verifying unknown accounts against it
/// costs the same as verifying a real one, so timing reveals nothing.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| new_hash(uuid::Uuid::now_v7().to_string().as_bytes()));

impl HashPool {
    pub fn new(threads: usize, queue: usize) -> Self {
        let (tx, rx) = sync_channel::<Task>(queue);
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..threads.max(1) {
            let rx: Arc<Mutex<Receiver<Task>>> = rx.clone();
            std::thread::Builder::new()
                .name(format!("password-hash-{i}"))
                .spawn(move || {
                    HASHING_THREAD.set(true);
                    loop {
                        let task = match rx.lock() {
                            Ok(guard) => guard.recv(),
                            Err(_) => return,
                        };
                        match task {
                            Ok(task) => task(),
                            Err(_) => return, // every sender dropped
                        }
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
        self.run(move || new_hash(password.as_bytes())).await
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
            if !matches(password.as_bytes(), &parsed) || !known {
                return Verified::No;
            }
            if needs_rehash(&parsed) {
                return Verified::YesRehashed(new_hash(password.as_bytes()));
            }
            Verified::Yes
        })
        .await
    }
}

fn needs_rehash(hash: &PasswordHash<'_>) -> bool {
    let current = current_params();
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
    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    /// What we write, the reference implementation's PHC code reads, and
    /// the other way round.
    #[test]
    fn hashes_are_the_phc_strings_argon2_itself_writes_and_reads() {
        let ours = new_hash(b"correct horse battery");
        let reference = Argon2::new(Algorithm::Argon2id, Version::V0x13, current_params());
        assert!(reference
            .verify_password(b"correct horse battery", &PasswordHash::new(&ours).unwrap())
            .is_ok());
        assert!(reference
            .verify_password(b"wrong horse", &PasswordHash::new(&ours).unwrap())
            .is_err());
        let theirs = reference
            .hash_password(b"correct horse battery", &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string();
        assert!(matches(
            b"correct horse battery",
            &PasswordHash::new(&theirs).unwrap()
        ));
        assert!(!matches(
            b"correct horse batterY",
            &PasswordHash::new(&theirs).unwrap()
        ));
        // Twice on one thread's memory: the second hash does not read the first's.
        assert!(matches(
            b"correct horse battery",
            &PasswordHash::new(&theirs).unwrap()
        ));
    }

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
