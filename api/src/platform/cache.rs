//! The cache port: shared in Redis across replicas, in-process otherwise or
//! while Redis is down. Values are bytes; `get_or_compute` adds JSON.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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
}

/// How long a replica serves its own copy of a shared cached read.
pub const NEAR_TTL: Duration = Duration::from_secs(2);

impl Cache {
    pub fn new(redis: Option<Arc<RedisLink>>, memory_capacity: usize) -> Self {
        Cache {
            redis,
            memory: MemoryCache::new(memory_capacity),
            near: MemoryCache::new(memory_capacity),
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
    /// parse and re-serialise per request. Errors are not cached.
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
        if self.redis.is_some() {
            if let Some(bytes) = self.near.get(key) {
                return Ok(bytes);
            }
        }
        if let Some(bytes) = self.get(key).await {
            if self.redis.is_some() {
                self.near.set(key, &bytes, ttl.min(NEAR_TTL));
            }
            return Ok(bytes);
        }
        let value = compute().await?;
        let bytes = serde_json::to_vec(&value).unwrap_or_else(|_| b"null".to_vec());
        self.set(key, &bytes, ttl).await;
        if self.redis.is_some() {
            self.near.set(key, &bytes, ttl.min(NEAR_TTL));
        }
        Ok(bytes)
    }
}

struct Entry {
    expires: Instant,
    value: Vec<u8>,
}

/// A bounded map with expiry; the in-process adapter.
pub struct MemoryCache {
    entries: Mutex<HashMap<String, Entry>>,
    capacity: usize,
}

impl MemoryCache {
    pub fn new(capacity: usize) -> Self {
        MemoryCache {
            entries: Mutex::new(HashMap::new()),
            capacity: capacity.max(1),
        }
    }

    pub fn get(&self, key: &str) -> Option<Vec<u8>> {
        let mut entries = self.entries.lock().expect("cache lock");
        match entries.get(key) {
            Some(entry) if entry.expires > Instant::now() => Some(entry.value.clone()),
            Some(_) => {
                entries.remove(key);
                None
            }
            None => None,
        }
    }

    pub fn set(&self, key: &str, value: &[u8], ttl: Duration) {
        let now = Instant::now();
        let mut entries = self.entries.lock().expect("cache lock");
        if entries.len() >= self.capacity && !entries.contains_key(key) {
            entries.retain(|_, entry| entry.expires > now);
            if entries.len() >= self.capacity {
                // Still full of live entries: drop any one. The cache only
                // ever holds short-lived public reads, so any victim is fine.
                if let Some(victim) = entries.keys().next().cloned() {
                    entries.remove(&victim);
                }
            }
        }
        entries.insert(
            key.to_owned(),
            Entry {
                expires: now + ttl,
                value: value.to_vec(),
            },
        );
    }

    pub fn delete(&self, key: &str) {
        self.entries.lock().expect("cache lock").remove(key);
    }
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn memory_cache_stays_within_capacity() {
        let cache = MemoryCache::new(3);
        for i in 0..10 {
            cache.set(&format!("k{i}"), b"v", Duration::from_secs(60));
        }
        assert!(cache.entries.lock().unwrap().len() <= 3);
        assert!(cache.get("k9").is_some(), "the newest entry is kept");
    }
}
