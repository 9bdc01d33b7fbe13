//! Admission control: how many requests of this process may work on the
//! database at once, and who goes first when they cannot all.
//!
//! Without it, the excess of a surge queues in the connection pool, which
//! is first come, first served, and refuses only after its whole acquire
//! timeout: everyone waits seconds, and a signup waits behind a bot's
//! private read. Here a request that cannot start within its budget
//! (100 ms by default) is refused at once, and a freed slot goes to the
//! most important waiter: signups and logins, then applications, then
//! other writes, then private reads, then cache misses of public reads.
//!
//! The limit is fixed, not adaptive: it is the database pool's size,
//! because the pool is the resource being shared and more concurrent work
//! than connections only moves the queue into the pool. Measured on the
//! benchmark, a gradient limiter found the same value and added noise on a
//! machine whose neighbours change its speed; a fixed limit with a short
//! deadline sheds as fast and is easier to reason about.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::oneshot;

/// Who is asking, most important first. Health and operations never
/// come here: they do not wait for anyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    /// Signup, activation, login, refresh: the TV-night intake.
    Intake = 0,
    /// Applying to a mission.
    Apply = 1,
    /// Any other write.
    Write = 2,
    /// Reads of private data.
    PrivateRead = 3,
    /// A public read whose cached copy is missing or expired.
    PublicMiss = 4,
}

impl Priority {
    pub const ALL: [Priority; 5] = [
        Priority::Intake,
        Priority::Apply,
        Priority::Write,
        Priority::PrivateRead,
        Priority::PublicMiss,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Intake => "intake",
            Priority::Apply => "apply",
            Priority::Write => "write",
            Priority::PrivateRead => "private_read",
            Priority::PublicMiss => "public_miss",
        }
    }
}

/// Refused: the request could not start within its budget, or the queue
/// was full of more important work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shed;

struct Waiter {
    wake: oneshot::Sender<()>,
}

struct Inner {
    limit: usize,
    in_flight: usize,
    queues: [VecDeque<Waiter>; 5],
}

impl Inner {
    fn queued(&self) -> usize {
        self.queues.iter().map(VecDeque::len).sum()
    }

    /// Forgets waiters that gave up (their deadline passed).
    fn prune(&mut self) {
        for q in &mut self.queues {
            q.retain(|w| !w.wake.is_closed());
        }
    }

    fn anyone_ahead_of(&self, priority: Priority) -> bool {
        self.queues[..=priority as usize]
            .iter()
            .any(|q| q.iter().any(|w| !w.wake.is_closed()))
    }
}

pub struct Admission {
    inner: Mutex<Inner>,
    budget: Duration,
    max_queue: usize,
    admitted: [AtomicU64; 5],
    shed: [AtomicU64; 5],
    /// Latency of admitted requests since the controller last looked.
    latency: [AtomicU64; LATENCY_BOUNDS_MS.len() + 1],
    /// How long a slot is held, on average (microseconds, moving average):
    /// with the queue ahead, it says whether a newcomer could start in time.
    hold_us: AtomicU64,
}

/// Upper bounds of the latency buckets, in milliseconds.
const LATENCY_BOUNDS_MS: [u64; 12] = [1, 2, 5, 10, 25, 50, 100, 200, 500, 1000, 2000, 5000];

/// A slot; handing it back wakes the most important waiter.
pub struct Permit {
    admission: Arc<Admission>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.admission.release();
    }
}

/// A snapshot for metrics and the degraded-mode controller.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AdmissionStats {
    pub limit: usize,
    pub in_flight: usize,
    pub queued: usize,
    pub admitted: [u64; 5],
    pub shed: [u64; 5],
}

impl AdmissionStats {
    pub fn shed_total(&self) -> u64 {
        self.shed.iter().sum()
    }

    pub fn admitted_total(&self) -> u64 {
        self.admitted.iter().sum()
    }
}

impl Admission {
    /// `limit` requests at once; a waiter gives up after `budget`; at most
    /// `max_queue` wait.
    pub fn new(limit: usize, budget: Duration, max_queue: usize) -> Arc<Self> {
        Arc::new(Admission {
            inner: Mutex::new(Inner {
                limit: limit.max(1),
                in_flight: 0,
                queues: Default::default(),
            }),
            budget,
            max_queue: max_queue.max(1),
            admitted: Default::default(),
            shed: Default::default(),
            latency: Default::default(),
            hold_us: AtomicU64::new(0),
        })
    }

    /// A slot for `priority`, within the budget, or `Shed` at once.
    pub async fn acquire(self: &Arc<Self>, priority: Priority) -> Result<Permit, Shed> {
        let mut wait = {
            let mut inner = self.inner.lock().expect("admission lock");
            if inner.in_flight < inner.limit && !inner.anyone_ahead_of(priority) {
                inner.in_flight += 1;
                return Ok(self.admit(priority));
            }
            if inner.queued() >= self.max_queue {
                inner.prune();
            }
            if inner.queued() >= self.max_queue && !self.evict_below(&mut inner, priority) {
                drop(inner);
                return Err(self.refuse(priority));
            }
            // When the work already waiting ahead cannot be served within
            // the budget, waiting would only end in a refusal: refuse now,
            // so that a refusal costs the client nothing.
            let ahead = inner.queues[..=priority as usize]
                .iter()
                .map(VecDeque::len)
                .sum::<usize>();
            let hold = Duration::from_micros(self.hold_us.load(Ordering::Relaxed));
            if hold * (ahead as u32 + 1) / inner.limit as u32 > self.budget {
                drop(inner);
                return Err(self.refuse(priority));
            }
            let (wake, wait) = oneshot::channel();
            inner.queues[priority as usize].push_back(Waiter { wake });
            wait
        };
        match tokio::time::timeout(self.budget, &mut wait).await {
            Ok(Ok(())) => Ok(self.admit(priority)),
            // Pushed out of the queue by more important work.
            Ok(Err(_)) => Err(self.refuse(priority)),
            Err(_) => {
                // A slot may have been handed over just as the deadline
                // passed: closing first makes the answer final.
                wait.close();
                if wait.try_recv().is_ok() {
                    Ok(self.admit(priority))
                } else {
                    Err(self.refuse(priority))
                }
            }
        }
    }

    /// With the queue full, the newest waiter of the least important
    /// class below `priority` leaves it (and is refused at once).
    fn evict_below(&self, inner: &mut Inner, priority: Priority) -> bool {
        for class in (priority as usize + 1..inner.queues.len()).rev() {
            if inner.queues[class].pop_back().is_some() {
                return true;
            }
        }
        false
    }

    fn admit(self: &Arc<Self>, priority: Priority) -> Permit {
        self.admitted[priority as usize].fetch_add(1, Ordering::Relaxed);
        Permit {
            admission: Arc::clone(self),
        }
    }

    fn refuse(&self, priority: Priority) -> Shed {
        self.shed[priority as usize].fetch_add(1, Ordering::Relaxed);
        Shed
    }

    fn release(&self) {
        let mut inner = self.inner.lock().expect("admission lock");
        for q in 0..inner.queues.len() {
            while let Some(waiter) = inner.queues[q].pop_front() {
                if waiter.wake.send(()).is_ok() {
                    // The slot passes on: `in_flight` does not change.
                    return;
                }
            }
        }
        inner.in_flight = inner.in_flight.saturating_sub(1);
    }

    /// Counts one admitted request's duration.
    pub fn record_latency(&self, took: Duration) {
        // A moving average over about 32 requests.
        let us = took.as_micros().min(u128::from(u32::MAX)) as u64;
        let _ = self
            .hold_us
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |avg| {
                Some(if avg == 0 {
                    us
                } else {
                    avg - avg / 32 + us / 32
                })
            });
        let ms = took.as_millis() as u64;
        let bucket = LATENCY_BOUNDS_MS
            .iter()
            .position(|bound| ms <= *bound)
            .unwrap_or(LATENCY_BOUNDS_MS.len());
        self.latency[bucket].fetch_add(1, Ordering::Relaxed);
    }

    /// The p99 of the durations counted since the last call (the upper
    /// bound of its bucket), and a fresh start. Zero when nothing ran.
    pub fn take_latency_p99(&self) -> Duration {
        let counts: Vec<u64> = self
            .latency
            .iter()
            .map(|c| c.swap(0, Ordering::Relaxed))
            .collect();
        let total: u64 = counts.iter().sum();
        if total == 0 {
            return Duration::ZERO;
        }
        let rank = total - total / 100;
        let mut seen = 0;
        for (i, n) in counts.iter().enumerate() {
            seen += n;
            if seen >= rank {
                let ms = LATENCY_BOUNDS_MS.get(i).copied().unwrap_or(10_000);
                return Duration::from_millis(ms);
            }
        }
        Duration::ZERO
    }

    pub fn stats(&self) -> AdmissionStats {
        let mut inner = self.inner.lock().expect("admission lock");
        inner.prune();
        AdmissionStats {
            limit: inner.limit,
            in_flight: inner.in_flight,
            queued: inner.queued(),
            admitted: std::array::from_fn(|i| self.admitted[i].load(Ordering::Relaxed)),
            shed: std::array::from_fn(|i| self.shed[i].load(Ordering::Relaxed)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admission(limit: usize, max_queue: usize) -> Arc<Admission> {
        Admission::new(limit, Duration::from_secs(30), max_queue)
    }

    #[tokio::test(start_paused = true)]
    async fn a_request_that_cannot_start_within_its_budget_is_refused() {
        let a = Admission::new(1, Duration::from_millis(100), 10);
        let _held = a.acquire(Priority::Write).await.unwrap();
        let started = tokio::time::Instant::now();
        assert_eq!(a.acquire(Priority::Write).await.err(), Some(Shed));
        assert_eq!(started.elapsed(), Duration::from_millis(100));
        assert_eq!(a.stats().shed[Priority::Write as usize], 1);
        assert_eq!(a.stats().queued, 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_freed_slot_goes_to_the_most_important_waiter() {
        let a = admission(1, 10);
        let held = a.acquire(Priority::PrivateRead).await.unwrap();
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        // Queued from least to most important.
        for p in [
            Priority::PublicMiss,
            Priority::PrivateRead,
            Priority::Write,
            Priority::Apply,
            Priority::Intake,
        ] {
            let (a, order) = (a.clone(), order.clone());
            tasks.push(tokio::spawn(async move {
                let _permit = a.acquire(p).await.unwrap();
                order.lock().unwrap().push(p);
                tokio::time::sleep(Duration::from_millis(1)).await;
            }));
            tokio::task::yield_now().await;
        }
        assert_eq!(a.stats().queued, 5);
        drop(held);
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(*order.lock().unwrap(), Priority::ALL.to_vec());
        assert_eq!(a.stats().in_flight, 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_full_queue_pushes_out_less_important_work_and_refuses_the_rest() {
        let a = admission(1, 2);
        let held = a.acquire(Priority::Write).await.unwrap();
        let read = tokio::spawn({
            let a = a.clone();
            async move { a.acquire(Priority::PrivateRead).await.map(|_| ()) }
        });
        let write = tokio::spawn({
            let a = a.clone();
            async move { a.acquire(Priority::Write).await.map(|_| ()) }
        });
        tokio::task::yield_now().await;
        // The queue is full: a less important request is refused at once,
        // a more important one takes the place of the private read.
        assert_eq!(a.acquire(Priority::PublicMiss).await.err(), Some(Shed));
        let signup = tokio::spawn({
            let a = a.clone();
            async move { a.acquire(Priority::Intake).await.map(|_| ()) }
        });
        tokio::task::yield_now().await;
        assert_eq!(read.await.unwrap(), Err(Shed));
        drop(held);
        assert_eq!(signup.await.unwrap(), Ok(()));
        assert_eq!(write.await.unwrap(), Ok(()));
        let stats = a.stats();
        assert_eq!(stats.shed[Priority::PrivateRead as usize], 1);
        assert_eq!(stats.shed[Priority::PublicMiss as usize], 1);
        assert_eq!(stats.in_flight, 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_wait_that_cannot_fit_in_the_budget_is_refused_at_once() {
        let a = Admission::new(1, Duration::from_millis(100), 100);
        // Each request holds its slot 40 ms.
        for _ in 0..64 {
            a.record_latency(Duration::from_millis(40));
        }
        let held = a.acquire(Priority::Write).await.unwrap();
        let first = tokio::spawn({
            let a = a.clone();
            async move { a.acquire(Priority::Write).await.map(|_| ()) }
        });
        tokio::task::yield_now().await;
        // Behind the held slot, a first waiter starts after 40 ms and a
        // second after 80 ms, both within the budget; a third would wait
        // 120 ms.
        let second = tokio::spawn({
            let a = a.clone();
            async move { a.acquire(Priority::Write).await.map(|_| ()) }
        });
        tokio::task::yield_now().await;
        let started = tokio::time::Instant::now();
        assert_eq!(a.acquire(Priority::Write).await.err(), Some(Shed));
        assert_eq!(started.elapsed(), Duration::ZERO, "refused without waiting");
        // More important work still queues ahead of the others.
        drop(held);
        assert_eq!(first.await.unwrap(), Ok(()));
        assert_eq!(second.await.unwrap(), Ok(()));
    }

    #[test]
    fn the_latency_p99_is_read_from_buckets_and_reset() {
        let a = admission(1, 1);
        for _ in 0..98 {
            a.record_latency(Duration::from_millis(3));
        }
        a.record_latency(Duration::from_millis(150));
        a.record_latency(Duration::from_millis(800));
        assert_eq!(a.take_latency_p99(), Duration::from_millis(200));
        assert_eq!(a.take_latency_p99(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn waiters_that_gave_up_do_not_hold_slots() {
        let a = Admission::new(1, Duration::from_millis(10), 10);
        let held = a.acquire(Priority::Write).await.unwrap();
        for _ in 0..3 {
            assert!(a.acquire(Priority::Write).await.is_err());
        }
        drop(held);
        assert_eq!(a.stats().in_flight, 0);
        assert!(a.acquire(Priority::Write).await.is_ok());
    }
}
