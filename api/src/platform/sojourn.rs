//! Shedding when the process itself is the bottleneck: a saturated CPU.
//!
//! Admission control guards the database pool. When the CPU is saturated
//! (a pod at its CPU limit, a neighbour taking a core), requests queue
//! before they reach it: in each HTTP worker's run queue, where nothing
//! measured them. Every request then waited, a liveness probe behind them
//! too, and nothing was refused.
//!
//! Each HTTP worker runs a ticker that asks to wake every `TICK` and notes
//! how late it woke: that lateness is how long a ready task (a request
//! read off its socket) waits for the worker, its sojourn time. As in
//! CoDel, the *smallest* lateness over an interval is what counts: a burst
//! that drains within the interval leaves one timely wake and sheds
//! nothing; a standing queue leaves none. While the interval's least
//! lateness is above the target, the shedding level rises each interval,
//! by a step for each multiple of the target the lateness was (up to
//! five); once it falls below, the level eases back half a step at a time.
//!
//! The level refuses the least important requests first, by the admission
//! classes: at level `l`, a class of offset `o` is refused with
//! probability `(l - o) / (1 - o)`. A refusal costs a few microseconds (no
//! body read, no database, no hashing), so refusing requests that cost
//! more frees the CPU the queue needs. Cached public reads cost about what
//! a refusal does and are not refused here. Health and
//! metrics are never refused here (liveness also has a listener of its
//! own). Refusals are counted, and the degraded-mode controller counts
//! them with the admission queue's.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::admission::Priority;

/// How often each worker's ticker asks to wake.
const TICK: Duration = Duration::from_millis(5);
/// The CoDel interval: the least lateness over this span decides.
const INTERVAL: Duration = Duration::from_millis(100);
/// The level rises this much per interval above target (times how many
/// targets the least lateness was, up to `MAX_STEPS`), falls half a step.
const STEP: u32 = 100;
const MAX_STEPS: u64 = 5;
/// Levels are in thousandths. The level may reach the whole: signups are
/// refused last, but refused once the queue stands with nothing else left
/// to refuse. It was held to half while cached reads could be refused (a
/// refusal costs about what they do, and refusing them served fewer);
/// they no longer are, and the held level left the night's mix (signups,
/// listings, searches) with nothing the shedder could refuse: on a pinned
/// core at twice its capacity, every request queued for seconds.
const FULL: u32 = 1000;

/// Who a request is, for this shedder: the admission classes, and public
/// reads (answered from the cache, so not admitted there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Admitted(Priority),
    PublicRead,
}

impl Class {
    /// The level from which this class starts being refused, in
    /// thousandths: private reads first, signups and logins last. Public
    /// reads are never refused here: they answer from the cache, and a
    /// refusal costs the worker about what the cached answer does. With
    /// wrk on one pinned core, refusing them served 5,600 cached reads a
    /// second instead of 9,600, at the same latency.
    fn offset(self) -> u32 {
        match self {
            Class::PublicRead => FULL,
            Class::Admitted(Priority::PublicMiss) => 0,
            Class::Admitted(Priority::PrivateRead) => 200,
            Class::Admitted(Priority::Write) => 400,
            Class::Admitted(Priority::Apply) => 600,
            Class::Admitted(Priority::Intake) => 800,
        }
    }
}

pub struct Sojourn {
    target_us: u64,
    /// The least lateness seen in the current interval, microseconds.
    interval_min_us: AtomicU64,
    /// The last interval's least lateness (for metrics).
    last_min_us: AtomicU64,
    interval_started: std::sync::Mutex<Instant>,
    level: AtomicU32,
    shed: AtomicU64,
    /// A cheap pseudo-random sequence for the probabilistic refusal.
    dice: AtomicU64,
}

impl Sojourn {
    /// `target` zero turns shedding off (the lateness is still measured).
    pub fn new(target: Duration) -> Arc<Self> {
        Arc::new(Sojourn {
            target_us: target.as_micros() as u64,
            interval_min_us: AtomicU64::new(u64::MAX),
            last_min_us: AtomicU64::new(0),
            interval_started: std::sync::Mutex::new(Instant::now()),
            level: AtomicU32::new(0),
            shed: AtomicU64::new(0),
            dice: AtomicU64::new(0x9E37_79B9_7F4A_7C15),
        })
    }

    /// Starts this thread's ticker; call it on each HTTP worker, inside its
    /// runtime's local task set.
    pub fn watch_this_worker(self: &Arc<Self>) {
        let this = self.clone();
        tokio::task::spawn_local(async move {
            loop {
                let asked = Instant::now();
                tokio::time::sleep(TICK).await;
                this.observe(asked.elapsed().saturating_sub(TICK), Instant::now());
            }
        });
    }

    /// Notes one wake `late`; closes the interval when it is over.
    pub fn observe(&self, late: Duration, now: Instant) {
        self.interval_min_us
            .fetch_min(late.as_micros() as u64, Ordering::Relaxed);
        let mut started = match self.interval_started.try_lock() {
            Ok(started) => started,
            // Another worker is closing the interval.
            Err(_) => return,
        };
        if now.duration_since(*started) < INTERVAL {
            return;
        }
        *started = now;
        drop(started);
        let least = self.interval_min_us.swap(u64::MAX, Ordering::Relaxed);
        self.last_min_us.store(least, Ordering::Relaxed);
        let level = self.level.load(Ordering::Relaxed);
        let next = if self.target_us > 0 && least > self.target_us {
            // The further above the target, the faster the rise: a queue
            // five times the target reaches the whole in two intervals,
            // where one step an interval let the first second of a storm
            // build a queue of seconds.
            let steps = (least / self.target_us).clamp(1, MAX_STEPS);
            (level + STEP * steps as u32).min(FULL)
        } else {
            level.saturating_sub(STEP / 2)
        };
        self.level.store(next, Ordering::Relaxed);
    }

    /// Whether a request of `class` is refused now (and then counted).
    pub fn refuse(&self, class: Class) -> bool {
        let level = self.level.load(Ordering::Relaxed);
        let offset = class.offset();
        if level <= offset {
            return false;
        }
        let chance = u64::from(level - offset) * u64::from(FULL) / u64::from(FULL - offset);
        // xorshift: uniform enough to pick a share of requests.
        let mut x = self.dice.load(Ordering::Relaxed);
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.dice.store(x, Ordering::Relaxed);
        let refused = x % u64::from(FULL) < chance;
        if refused {
            self.shed.fetch_add(1, Ordering::Relaxed);
        }
        refused
    }

    /// Refusals so far.
    pub fn shed(&self) -> u64 {
        self.shed.load(Ordering::Relaxed)
    }

    /// The shedding level (0 to 1) and the last interval's least lateness.
    pub fn state(&self) -> (f64, Duration) {
        (
            f64::from(self.level.load(Ordering::Relaxed)) / f64::from(FULL),
            Duration::from_micros(self.last_min_us.load(Ordering::Relaxed).min(u64::MAX / 2)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn interval(s: &Sojourn, start: Instant, n: u32, late_ms: u64) -> Instant {
        let mut now = start;
        for i in 0..20 {
            now = start + INTERVAL * n + INTERVAL * i / 20;
            s.observe(Duration::from_millis(late_ms), now);
        }
        now
    }

    /// A shedder with a 10 ms target, after `n` intervals of a queue
    /// that kept every wake 15 ms late (one step an interval closed); and
    /// when they began.
    fn standing_for(n: u32) -> (Arc<Sojourn>, Instant) {
        let s = Sojourn::new(Duration::from_millis(10));
        let start = Instant::now();
        for i in 0..n {
            interval(&s, start, i, 15);
        }
        (s, start)
    }

    fn refused_of(s: &Sojourn, class: Class, n: u32) -> u32 {
        (0..n).filter(|_| s.refuse(class)).count() as u32
    }

    #[test]
    fn a_standing_queue_raises_the_level_and_the_least_important_go_first() {
        let (s, _) = standing_for(5);
        let (level, least) = s.state();
        assert!((0.3..=0.5).contains(&level), "{level}");
        assert_eq!(least, Duration::from_millis(15));
        let reads = refused_of(&s, Class::Admitted(Priority::PrivateRead), 1000);
        let signups = refused_of(&s, Class::Admitted(Priority::Intake), 1000);
        let cached = refused_of(&s, Class::PublicRead, 1000);
        assert!(reads > 50, "private reads refused: {reads}");
        assert_eq!(signups, 0, "signups are refused last");
        assert_eq!(cached, 0, "a refusal costs what a cached read does");
        assert_eq!(s.shed(), u64::from(reads));
    }

    #[test]
    fn a_public_read_the_cache_misses_is_refused_before_any_other() {
        // Two intervals closed: the level is a fifth.
        let (s, _) = standing_for(3);
        assert_eq!(s.state().0, 0.2);
        let misses = refused_of(&s, Class::Admitted(Priority::PublicMiss), 1000);
        let reads = refused_of(&s, Class::Admitted(Priority::PrivateRead), 1000);
        assert!(misses > 100, "misses refused: {misses}");
        assert_eq!(reads, 0, "private reads wait for a higher level");
    }

    #[test]
    fn a_queue_that_stands_on_refuses_signups_too() {
        let (s, _) = standing_for(12);
        assert_eq!(s.state().0, 1.0);
        let signups = refused_of(&s, Class::Admitted(Priority::Intake), 1000);
        assert!(signups > 900, "signups refused: {signups}");
        let cached = refused_of(&s, Class::PublicRead, 1000);
        assert_eq!(cached, 0, "a refusal costs what a cached read does");
    }

    #[test]
    fn a_deeper_queue_raises_the_level_faster() {
        let s = Sojourn::new(Duration::from_millis(10));
        let start = Instant::now();
        // Two intervals of a queue eight times the target: two intervals
        // closed, each five steps up (the most an interval rises).
        for n in 0..3 {
            interval(&s, start, n, 80);
        }
        assert_eq!(s.state().0, 1.0);
        let (shallow, _) = standing_for(3);
        assert_eq!(shallow.state().0, 0.2);
    }

    #[test]
    fn one_timely_wake_in_an_interval_is_a_burst_not_a_queue() {
        let s = Sojourn::new(Duration::from_millis(10));
        let start = Instant::now();
        for n in 0..5 {
            interval(&s, start, n, 40);
            // A burst: once in each interval, the worker woke on time.
            s.observe(Duration::ZERO, start + INTERVAL * n + INTERVAL / 2);
        }
        assert_eq!(s.state().0, 0.0);
        assert_eq!(refused_of(&s, Class::Admitted(Priority::Write), 100), 0);
    }

    #[test]
    fn the_level_eases_back_once_the_queue_is_gone() {
        let (s, start) = standing_for(4);
        let high = s.state().0;
        for n in 4..30 {
            interval(&s, start, n, 1);
        }
        assert!(s.state().0 < high);
        assert_eq!(s.state().0, 0.0);
        // Turned off: measured, never refused.
        let off = Sojourn::new(Duration::ZERO);
        for n in 0..5 {
            interval(&off, start, n, 400);
        }
        assert_eq!(
            refused_of(&off, Class::Admitted(Priority::PrivateRead), 100),
            0
        );
    }
}
