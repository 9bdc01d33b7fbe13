//! The cache port: shared in Redis across replicas, in-process otherwise or
//! while Redis is down. Values are bytes; `get_or_compute` adds JSON.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use deadpool_redis::redis::AsyncCommands;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::redis::RedisLink;

pub struct Cache {
    redis: Option<Arc<RedisLink>>,
    memory: MemoryCache,
    /// With Redis, a copy of hot public reads kept in this process for
    /// `NEAR_TTL`, saving the round trip on the hottest keys; another
    /// replica's invalidation reaches it within that time.
    near: MemoryCache,
    /// One turn per key being computed: single flight of misses.
    flights: moka::sync::Cache<String, Arc<tokio::sync::Mutex<()>>>,
    stale_served: AtomicU64,
    /// Single-use claims made while Redis is absent or down.
    claims: Claims,
}

/// Single-use claims kept in this process (spent challenges): never
/// evicted before they expire, unlike cached values, since an eviction
/// under memory pressure would let a spent token be spent again. Expired
/// claims are swept as new ones arrive; the rate limits in front bound how
/// many can be alive at once.
#[derive(Default)]
struct Claims(std::sync::Mutex<ClaimsInner>);

#[derive(Default)]
struct ClaimsInner {
    until: std::collections::HashMap<String, std::time::Instant>,
    since_sweep: usize,
}

impl Claims {
    /// Sweep the expired claims every this many new claims.
    const SWEEP_EVERY: usize = 1024;

    fn claim(&self, key: &str, ttl: Duration) -> bool {
        let now = std::time::Instant::now();
        let mut inner = self.0.lock().unwrap_or_else(|e| e.into_inner());
        inner.since_sweep += 1;
        if inner.since_sweep >= Self::SWEEP_EVERY {
            inner.until.retain(|_, until| *until > now);
            inner.since_sweep = 0;
        }
        match inner.until.get(key) {
            Some(until) if *until > now => false,
            _ => {
                inner.until.insert(key.to_owned(), now + ttl);
                true
            }
        }
    }
}

/// `SET key value NX PX ttl` in Redis: `Some(true)` when this call stored
/// it, `Some(false)` when a value was there, `None` when Redis did not
/// answer.
async fn set_nx(redis: &RedisLink, key: &str, value: &[u8], ttl: Duration) -> Option<bool> {
    let full = redis.key(&format!("cache:{key}"));
    let ms = ttl.as_millis().max(1) as u64;
    redis
        .run(async |c| {
            deadpool_redis::redis::cmd("SET")
                .arg(&full)
                .arg(value)
                .arg("NX")
                .arg("PX")
                .arg(ms)
                .query_async::<Option<String>>(c)
                .await
        })
        .await
        .map(|stored| stored.is_some())
}

/// What `Cache::lookup` found.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    Hit(Vec<u8>),
    Miss,
    /// The shared cache cannot be read now.
    Unknown,
}

/// How long a replica serves its own copy of a shared cached read.
pub const NEAR_TTL: Duration = Duration::from_secs(2);

impl Cache {
    pub fn new(redis: Option<Arc<RedisLink>>, memory_capacity: usize) -> Self {
        Cache {
            redis,
            memory: MemoryCache::new(memory_capacity),
            near: MemoryCache::new(memory_capacity),
            flights: moka::sync::Cache::builder()
                .max_capacity(memory_capacity.max(1) as u64)
                .time_to_idle(Duration::from_secs(60))
                .build(),
            stale_served: AtomicU64::new(0),
            claims: Claims::default(),
        }
    }

    fn shared(&self) -> Option<&RedisLink> {
        self.redis.as_deref().filter(|r| r.is_up())
    }

    pub async fn get(&self, key: &str) -> Option<Vec<u8>> {
        if let Some(redis) = self.shared() {
            let key = redis.key(&format!("cache:{key}"));
            if let Some(value) = redis
                .run(async |c| c.get::<_, Option<Vec<u8>>>(&key).await)
                .await
            {
                return value;
            }
        }
        self.memory.get(key)
    }

    pub async fn set(&self, key: &str, value: &[u8], ttl: Duration) {
        if let Some(redis) = self.shared() {
            let full = redis.key(&format!("cache:{key}"));
            let ms = ttl.as_millis().max(1) as u64;
            if redis
                .run(async |c| c.pset_ex::<_, _, ()>(&full, value, ms).await)
                .await
                .is_some()
            {
                return;
            }
        }
        self.memory.set(key, value, ttl);
    }

    /// Reads a copy of something the database holds for sure. Unlike `get`,
    /// it never answers from this process's memory while Redis is
    /// configured but down (a value written by another replica would be
    /// missing there): `Unknown` sends the caller to the database.
    pub async fn lookup(&self, key: &str) -> Lookup {
        let Some(redis) = self.redis.as_deref() else {
            return self.memory.get(key).map_or(Lookup::Miss, Lookup::Hit);
        };
        if !redis.is_up() {
            return Lookup::Unknown;
        }
        let full = redis.key(&format!("cache:{key}"));
        match redis
            .run(async |c| c.get::<_, Option<Vec<u8>>>(&full).await)
            .await
        {
            Some(Some(value)) => Lookup::Hit(value),
            Some(None) => Lookup::Miss,
            None => Lookup::Unknown,
        }
    }

    /// Stores a copy read from the database unless one is already there: a
    /// writer that changed the database after this reader looked has
    /// stored a fresher value, which must win.
    pub async fn set_if_absent(&self, key: &str, value: &[u8], ttl: Duration) {
        let Some(redis) = self.redis.as_deref() else {
            self.memory.set_if_absent(key, value, ttl);
            return;
        };
        if !redis.is_up() {
            return;
        }
        set_nx(redis, key, value, ttl).await;
    }

    /// Claims `key` for `ttl`: true for the first caller only (a
    /// single-use token being spent). Shared through Redis; in this
    /// process's memory while Redis is absent or down.
    pub async fn claim_once(&self, key: &str, ttl: Duration) -> bool {
        if let Some(redis) = self.shared() {
            if let Some(set) = set_nx(redis, key, b"1", ttl).await {
                return set;
            }
        }
        self.claims.claim(key, ttl)
    }

    /// Deletes everywhere, so that a value cached in-process during an
    /// outage cannot outlive an invalidation made after Redis returned.
    pub async fn delete(&self, key: &str) {
        self.memory.delete(key);
        self.near.delete(key);
        if let Some(redis) = self.shared() {
            let full = redis.key(&format!("cache:{key}"));
            redis.run(async |c| c.del::<_, ()>(&full).await).await;
        }
    }

    /// The cached value, or `compute`'s result cached for `ttl`. Errors are
    /// not cached.
    pub async fn get_or_compute<T, E, F, Fut>(
        &self,
        key: &str,
        ttl: Duration,
        compute: F,
    ) -> Result<T, E>
    where
        T: Serialize + DeserializeOwned,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        if let Some(bytes) = self.get(key).await {
            if let Ok(value) = serde_json::from_slice(&bytes) {
                return Ok(value);
            }
        }
        let value = compute().await?;
        if let Ok(bytes) = serde_json::to_vec(&value) {
            self.set(key, &bytes, ttl).await;
        }
        Ok(value)
    }

    /// The cached JSON bytes of a public read, or `compute`'s value
    /// serialised and cached for `ttl`. The bytes go out as they are: no
    /// parse and re-serialise per request.
    ///
    /// Concurrent misses of one key in this process compute it once (the
    /// others wait for that result). A copy stays `STALE_BOUND` past its
    /// freshness: when `compute` fails (the database is busy, the request
    /// was shed), the last copy answers instead of an error.
    pub async fn get_or_compute_json<T, E, F, Fut>(
        &self,
        key: &str,
        ttl: Duration,
        compute: F,
    ) -> Result<Vec<u8>, E>
    where
        T: Serialize,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let mut stale = match self.stamped_copy(key).await {
            Copy::Fresh(bytes) => return Ok(bytes),
            Copy::Stale(bytes) => Some(bytes),
            Copy::Missing => None,
        };
        let flight = self
            .flights
            .get_with(key.to_owned(), || Arc::new(tokio::sync::Mutex::new(())));
        let _turn = flight.lock().await;
        // Whoever held the turn before may have just filled it.
        match self.stamped_copy(key).await {
            Copy::Fresh(bytes) => return Ok(bytes),
            Copy::Stale(bytes) => stale = Some(bytes),
            Copy::Missing => {}
        }
        match compute().await {
            Ok(value) => {
                let bytes = serde_json::to_vec(&value).unwrap_or_else(|_| b"null".to_vec());
                let stamped = Stamped::new(&bytes, ttl);
                self.set(key, &stamped.0, ttl + STALE_BOUND).await;
                self.keep_near(key, stamped);
                Ok(bytes)
            }
            Err(e) => match stale {
                Some(bytes) => {
                    tracing::debug!(key, "serving a stale copy");
                    self.stale_served.fetch_add(1, Ordering::Relaxed);
                    Ok(bytes)
                }
                None => Err(e),
            },
        }
    }

    /// How many stale copies were served instead of an error.
    pub fn stale_served(&self) -> u64 {
        self.stale_served.load(Ordering::Relaxed)
    }

    async fn stamped_copy(&self, key: &str) -> Copy {
        let now = SystemTime::now();
        let mut best = Copy::Missing;
        if let Some(value) = self.near_or_memory().get(key) {
            let stamped = Stamped(value);
            match stamped.fresh_at(now) {
                Some(true) => return Copy::Fresh(stamped.body().to_vec()),
                Some(false) => best = Copy::Stale(stamped.body().to_vec()),
                None => {}
            }
        }
        if self.shared().is_some() {
            if let Some(value) = self.get(key).await {
                let stamped = Stamped(value);
                match stamped.fresh_at(now) {
                    Some(true) => {
                        let body = stamped.body().to_vec();
                        self.keep_near(key, stamped);
                        return Copy::Fresh(body);
                    }
                    Some(false) => best = Copy::Stale(stamped.body().to_vec()),
                    None => {}
                }
            }
        }
        best
    }

    /// With Redis, the near copy lives `NEAR_TTL` at most (another
    /// replica's invalidation reaches this one within that time); without,
    /// this process's copy is the cache.
    fn keep_near(&self, key: &str, stamped: Stamped) {
        if self.shared().is_some() {
            let fresh_for = stamped.fresh_for(SystemTime::now()).min(NEAR_TTL);
            let near = Stamped::new(stamped.body(), fresh_for);
            self.near.set(key, &near.0, fresh_for);
        }
        // Without Redis (or while it is down) `set` stored it in memory.
    }

    fn near_or_memory(&self) -> &MemoryCache {
        if self.shared().is_some() {
            &self.near
        } else {
            &self.memory
        }
    }
}

/// How long a copy is kept past its freshness, to answer when computing a
/// new one fails.
pub const STALE_BOUND: Duration = Duration::from_secs(600);

enum Copy {
    Fresh(Vec<u8>),
    Stale(Vec<u8>),
    Missing,
}

/// A cached body stamped with the time it stops being fresh: 8 bytes of
/// Unix milliseconds, big-endian, then the body.
struct Stamped(Vec<u8>);

impl Stamped {
    fn new(body: &[u8], fresh_for: Duration) -> Self {
        let until = SystemTime::now() + fresh_for;
        let ms = until
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis() as u64;
        let mut bytes = Vec::with_capacity(8 + body.len());
        bytes.extend_from_slice(&ms.to_be_bytes());
        bytes.extend_from_slice(body);
        Stamped(bytes)
    }

    fn until(&self) -> Option<SystemTime> {
        let ms = u64::from_be_bytes(self.0.get(..8)?.try_into().ok()?);
        Some(UNIX_EPOCH + Duration::from_millis(ms))
    }

    /// `None` for bytes that are not a stamped copy.
    fn fresh_at(&self, now: SystemTime) -> Option<bool> {
        self.until().map(|until| until > now)
    }

    fn fresh_for(&self, now: SystemTime) -> Duration {
        self.until()
            .and_then(|until| until.duration_since(now).ok())
            .unwrap_or_default()
    }

    fn body(&self) -> &[u8] {
        &self.0[8.min(self.0.len())..]
    }
}

/// A value and when it expires.
#[derive(Clone)]
struct Entry {
    expires_in: Duration,
    value: Arc<[u8]>,
}

struct PerEntryTtl;

impl moka::Expiry<String, Entry> for PerEntryTtl {
    fn expire_after_create(&self, _: &String, entry: &Entry, _: Instant) -> Option<Duration> {
        Some(entry.expires_in)
    }

    fn expire_after_update(
        &self,
        _: &String,
        entry: &Entry,
        _: Instant,
        _: Option<Duration>,
    ) -> Option<Duration> {
        Some(entry.expires_in)
    }
}

/// The in-process adapter: bounded (least recently used entries leave
/// first), with a lifetime per entry.
pub struct MemoryCache {
    entries: moka::sync::Cache<String, Entry>,
}

impl MemoryCache {
    pub fn new(capacity: usize) -> Self {
        MemoryCache {
            entries: moka::sync::Cache::builder()
                .max_capacity(capacity.max(1) as u64)
                .expire_after(PerEntryTtl)
                .build(),
        }
    }

    pub fn get(&self, key: &str) -> Option<Vec<u8>> {
        self.entries.get(key).map(|e| e.value.to_vec())
    }

    pub fn set(&self, key: &str, value: &[u8], ttl: Duration) {
        if ttl.is_zero() {
            self.entries.invalidate(key);
            return;
        }
        self.entries.insert(
            key.to_owned(),
            Entry {
                expires_in: ttl,
                value: value.into(),
            },
        );
    }

    pub fn delete(&self, key: &str) {
        self.entries.invalidate(key);
    }

    pub fn set_if_absent(&self, key: &str, value: &[u8], ttl: Duration) {
        self.entries.entry(key.to_owned()).or_insert_with(|| Entry {
            expires_in: ttl,
            value: value.into(),
        });
    }

    #[cfg(test)]
    fn len(&self) -> u64 {
        self.entries.run_pending_tasks();
        self.entries.entry_count()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    #[test]
    fn memory_entries_expire() {
        let cache = MemoryCache::new(10);
        cache.set("a", b"1", Duration::from_millis(0));
        assert_eq!(cache.get("a"), None);
        cache.set("b", b"2", Duration::from_secs(60));
        assert_eq!(cache.get("b").as_deref(), Some(&b"2"[..]));
        cache.delete("b");
        assert_eq!(cache.get("b"), None);
    }

    #[tokio::test]
    async fn a_stale_copy_answers_when_computing_fails() {
        let cache = Cache::new(None, 100);
        // Fresh for no time at all: stale as soon as it is stored.
        let first: Result<Vec<u8>, &str> = cache
            .get_or_compute_json("k", Duration::ZERO, || async { Ok(json!({"n": 1})) })
            .await;
        assert_eq!(first.unwrap(), br#"{"n":1}"#);
        let busy: Result<Vec<u8>, &str> = cache
            .get_or_compute_json("k", Duration::ZERO, || async {
                Err::<Value, _>("database busy")
            })
            .await;
        assert_eq!(busy.unwrap(), br#"{"n":1}"#, "the last copy, not the error");
        assert_eq!(cache.stale_served(), 1);
        // A stale copy is replaced as soon as computing works again.
        let again: Result<Vec<u8>, &str> = cache
            .get_or_compute_json("k", Duration::ZERO, || async { Ok(json!({"n": 2})) })
            .await;
        assert_eq!(again.unwrap(), br#"{"n":2}"#);
        // Without any copy, the error goes through.
        let none: Result<Vec<u8>, &str> = cache
            .get_or_compute_json("other", Duration::ZERO, || async {
                Err::<Value, _>("database busy")
            })
            .await;
        assert_eq!(none, Err("database busy"));
    }

    #[tokio::test]
    async fn concurrent_misses_of_one_key_compute_it_once() {
        let cache = Arc::new(Cache::new(None, 100));
        let computed = Arc::new(AtomicU64::new(0));
        let gate = Arc::new(tokio::sync::Notify::new());
        let mut tasks = Vec::new();
        for _ in 0..20 {
            let (cache, computed, gate) = (cache.clone(), computed.clone(), gate.clone());
            tasks.push(tokio::spawn(async move {
                cache
                    .get_or_compute_json("page", Duration::from_secs(60), || async {
                        computed.fetch_add(1, Ordering::SeqCst);
                        // Held until every other request has arrived.
                        gate.notified().await;
                        Ok::<_, ()>(json!([1, 2, 3]))
                    })
                    .await
            }));
        }
        while computed.load(Ordering::SeqCst) == 0 {
            tokio::task::yield_now().await;
        }
        for _ in 0..50 {
            tokio::task::yield_now().await;
        }
        gate.notify_one();
        for t in tasks {
            assert_eq!(t.await.unwrap().unwrap(), b"[1,2,3]");
        }
        assert_eq!(computed.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn memory_cache_stays_within_capacity() {
        let cache = MemoryCache::new(3);
        for i in 0..10 {
            cache.set(&format!("k{i}"), b"v", Duration::from_secs(60));
        }
        assert!(cache.len() <= 3);
    }

    #[tokio::test]
    async fn a_spent_claim_is_not_evicted_by_a_flood_of_others() {
        // A cache that holds ten values: the claims are not its values.
        let cache = Cache::new(None, 10);
        assert!(
            cache
                .claim_once("pow_spent:first", Duration::from_secs(60))
                .await
        );
        for i in 0..5_000 {
            assert!(
                cache
                    .claim_once(&format!("pow_spent:{i}"), Duration::from_secs(60))
                    .await
            );
        }
        assert!(
            !cache
                .claim_once("pow_spent:first", Duration::from_secs(60))
                .await
        );
        // Expired, it may be claimed again.
        assert!(cache.claim_once("short", Duration::from_millis(1)).await);
        tokio::time::sleep(Duration::from_millis(5)).await;
        assert!(cache.claim_once("short", Duration::from_millis(1)).await);
    }
}
