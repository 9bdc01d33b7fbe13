//! The rate limiter port: GCRA (generic cell rate algorithm), one atomic Lua
//! script per check in Redis so every replica shares the same budget, and an
//! in-process twin when Redis is absent or down.
//!
//! GCRA keeps one number per key, the theoretical arrival time (TAT) of the
//! next request; a request is allowed when it does not arrive more than the
//! burst tolerance ahead of its TAT. It spreads a quota evenly instead of
//! resetting a window, so no client gets twice its burst at a window edge.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use deadpool_redis::redis::Script;

use super::redis::RedisLink;

/// `limit` requests per `period`, all of which may come at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub limit: u32,
    pub period: Duration,
}

impl Quota {
    pub const fn per_minute(limit: u32) -> Self {
        Quota {
            limit,
            period: Duration::from_secs(60),
        }
    }

    pub const fn per_hour(limit: u32) -> Self {
        Quota {
            limit,
            period: Duration::from_secs(3600),
        }
    }

    fn emission_ms(&self) -> f64 {
        self.period.as_secs_f64() * 1000.0 / f64::from(self.limit.max(1))
    }

    fn tolerance_ms(&self) -> f64 {
        self.period.as_secs_f64() * 1000.0
    }
}

/// The answer to one check; enough for `RateLimit-*` and `Retry-After`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
    /// How long until a request would be allowed (zero when allowed).
    pub retry_after: Duration,
    /// How long until the whole quota is available again.
    pub reset_after: Duration,
}

/// Redis side, for one or several keys in one atomic call: `TIME` is read
/// inside the script so that replicas with skewed clocks still agree, and
/// nothing is counted unless every key allows the request (a request
/// refused by its IP's quota does not use up its address's).
/// A check may cost several units (a batch of items): its arrival moves
/// the key's TAT by `cost` emission intervals.
/// Returns {allowed, deciding key (1-based), remaining, retry ms, reset ms}.
const GCRA_LUA: &str = r#"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local new = {}
local refusal = nil
local best = nil
for i = 1, #KEYS do
  local emission = tonumber(ARGV[3 * i - 2])
  local tolerance = tonumber(ARGV[3 * i - 1])
  local cost = tonumber(ARGV[3 * i])
  local tat = tonumber(redis.call('GET', KEYS[i]))
  if not tat or tat < now then tat = now end
  local new_tat = tat + emission * cost
  local allow_at = new_tat - tolerance
  if now < allow_at then
    local retry = math.ceil(allow_at - now)
    if refusal == nil or retry > refusal[4] then refusal = {0, i, 0, retry, math.ceil(tat - now)} end
  else
    new[i] = new_tat
    local remaining = math.floor((tolerance - (new_tat - now)) / emission)
    if best == nil or remaining < best[3] then best = {1, i, remaining, 0, math.ceil(new_tat - now)} end
  end
end
if refusal then return refusal end
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], string.format('%.3f', new[i]), 'PX', math.max(1, math.ceil(new[i] - now)))
end
return best
"#;

pub struct RateLimiter {
    redis: Option<Arc<RedisLink>>,
    script: Script,
    memory: MemoryLimiter,
}

impl RateLimiter {
    pub fn new(redis: Option<Arc<RedisLink>>) -> Self {
        RateLimiter {
            redis,
            script: Script::new(GCRA_LUA),
            memory: MemoryLimiter::default(),
        }
    }

    /// Counts one request against `key` (e.g. `signup:ip:203.0.113.7`).
    pub async fn check(&self, key: &str, quota: Quota) -> Decision {
        self.check_all(&[(key, quota)]).await
    }

    /// Counts `units` at once against `key`: all of them, or none.
    pub async fn check_weighted(&self, key: &str, quota: Quota, units: u32) -> Decision {
        self.check_costs(&[(key, quota, units.max(1))]).await
    }

    /// Counts one request against several keys at once (one round trip):
    /// allowed only if every key allows it, and then counted on all; the
    /// answer is the most constraining key's.
    pub async fn check_all(&self, checks: &[(&str, Quota)]) -> Decision {
        let checks: Vec<(&str, Quota, u32)> = checks.iter().map(|(k, q)| (*k, *q, 1)).collect();
        self.check_costs(&checks).await
    }

    async fn check_costs(&self, checks: &[(&str, Quota, u32)]) -> Decision {
        if let Some(redis) = self.redis.as_deref().filter(|r| r.is_up()) {
            let reply = redis
                .run(async |c| {
                    let mut invocation = self.script.prepare_invoke();
                    for (key, quota, cost) in checks {
                        invocation
                            .key(redis.key(&format!("rl:{key}")))
                            .arg(quota.emission_ms())
                            .arg(quota.tolerance_ms())
                            .arg(*cost);
                    }
                    invocation.invoke_async::<Vec<i64>>(c).await
                })
                .await;
            if let Some([allowed, index, remaining, retry_ms, reset_ms]) = reply.as_deref() {
                let quota = checks[((*index).max(1) as usize - 1).min(checks.len() - 1)].1;
                return Decision {
                    allowed: *allowed == 1,
                    limit: quota.limit,
                    remaining: (*remaining).max(0) as u32,
                    retry_after: Duration::from_millis((*retry_ms).max(0) as u64),
                    reset_after: Duration::from_millis((*reset_ms).max(0) as u64),
                };
            }
        }
        self.memory.check_costs(checks, now_ms())
    }
}

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs_f64()
        * 1000.0
}

/// The same algorithm over a map in this process.
#[derive(Default)]
pub struct MemoryLimiter {
    tats: Mutex<HashMap<String, f64>>,
}

/// Past this many keys, expired ones are swept on the next check.
const SWEEP_AT: usize = 100_000;

impl MemoryLimiter {
    /// Several keys at once, with the Redis script's semantics.
    pub fn check_all(&self, checks: &[(&str, Quota)], now: f64) -> Decision {
        let checks: Vec<(&str, Quota, u32)> = checks.iter().map(|(k, q)| (*k, *q, 1)).collect();
        self.check_costs(&checks, now)
    }

    /// Several keys at once, each check costing its units.
    pub fn check_costs(&self, checks: &[(&str, Quota, u32)], now: f64) -> Decision {
        let mut tats = self.tats.lock().expect("limiter lock");
        if tats.len() >= SWEEP_AT {
            tats.retain(|_, tat| *tat > now);
        }
        let mut refusal: Option<Decision> = None;
        let mut best: Option<Decision> = None;
        let mut updates = Vec::with_capacity(checks.len());
        for (key, quota, cost) in checks {
            let (emission, tolerance) = (quota.emission_ms(), quota.tolerance_ms());
            let tat = tats.get(*key).copied().filter(|t| *t >= now).unwrap_or(now);
            let new_tat = tat + emission * f64::from(*cost);
            let allow_at = new_tat - tolerance;
            if now < allow_at {
                let d = Decision {
                    allowed: false,
                    limit: quota.limit,
                    remaining: 0,
                    retry_after: Duration::from_millis((allow_at - now).ceil() as u64),
                    reset_after: Duration::from_millis((tat - now).ceil() as u64),
                };
                if refusal.is_none_or(|r| d.retry_after > r.retry_after) {
                    refusal = Some(d);
                }
            } else {
                updates.push(((*key).to_owned(), new_tat));
                let d = Decision {
                    allowed: true,
                    limit: quota.limit,
                    remaining: ((tolerance - (new_tat - now)) / emission).floor().max(0.0) as u32,
                    retry_after: Duration::ZERO,
                    reset_after: Duration::from_millis((new_tat - now).ceil() as u64),
                };
                if best.is_none_or(|b| d.remaining < b.remaining) {
                    best = Some(d);
                }
            }
        }
        if let Some(refused) = refusal {
            return refused;
        }
        tats.extend(updates);
        best.expect("at least one key")
    }

    pub fn check(&self, key: &str, quota: Quota, now: f64) -> Decision {
        self.check_all(&[(key, quota)], now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_the_burst_then_refuses_with_a_retry_delay() {
        let limiter = MemoryLimiter::default();
        let quota = Quota::per_minute(3);
        let now = 1_000_000.0;
        let remaining: Vec<u32> = (0..3)
            .map(|_| {
                let d = limiter.check("k", quota, now);
                assert!(d.allowed);
                d.remaining
            })
            .collect();
        assert_eq!(remaining, vec![2, 1, 0]);
        let refused = limiter.check("k", quota, now);
        assert!(!refused.allowed);
        // One emission interval (20 s) must pass before the next request.
        assert_eq!(refused.retry_after, Duration::from_secs(20));
        assert!(limiter.check("k", quota, now + 20_000.0).allowed);
        assert!(
            limiter.check("other", quota, now).allowed,
            "keys are independent"
        );
    }

    #[test]
    fn several_keys_count_only_when_all_allow() {
        let limiter = MemoryLimiter::default();
        let tight = Quota::per_minute(1);
        let loose = Quota::per_minute(100);
        let now = 0.0;
        assert!(
            limiter
                .check_all(&[("ip", loose), ("email", tight)], now)
                .allowed
        );
        let refused = limiter.check_all(&[("ip", loose), ("email", tight)], now);
        assert!(!refused.allowed);
        assert_eq!(refused.limit, 1, "the refusing key answers");
        // The refused request did not use up the IP's quota.
        assert_eq!(limiter.check("ip", loose, now).remaining, 98);
    }

    #[test]
    fn a_weighted_check_spends_all_its_units_or_none() {
        let limiter = MemoryLimiter::default();
        let quota = Quota::per_minute(10);
        let now = 0.0;
        assert!(limiter.check_costs(&[("k", quota, 7)], now).allowed);
        let refused = limiter.check_costs(&[("k", quota, 4)], now);
        assert!(!refused.allowed, "4 more do not fit in the 3 left");
        // Nothing was spent by the refusal: three single requests still fit.
        for _ in 0..3 {
            assert!(limiter.check("k", quota, now).allowed);
        }
        assert!(!limiter.check("k", quota, now).allowed);
    }

    #[test]
    fn the_quota_refills_evenly() {
        let limiter = MemoryLimiter::default();
        let quota = Quota::per_minute(60);
        let now = 0.0;
        for _ in 0..60 {
            assert!(limiter.check("k", quota, now).allowed);
        }
        assert!(!limiter.check("k", quota, now + 500.0).allowed);
        assert!(limiter.check("k", quota, now + 1000.0).allowed);
    }
}
