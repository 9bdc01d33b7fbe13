//! The clock: what time it is for every decision that depends on time.
//!
//! Expiries, reminders, retention, attendance, the statistics' weeks, the
//! feeds' settle delay and challenge lifetimes all ask this clock, never
//! the system directly, and bind its time into SQL instead of the
//! database's `now()`. In production it is the system clock. A test holds
//! an adjustable one: it starts where the test says (the suite can run a
//! year ahead) and moves when the test needs "after the start" or "three
//! years without signing in", with everything else in the process seeing
//! the same time.
//!
//! What is not a decision of the domain keeps the system's time: cache
//! freshness, rate-limit windows, the Algolia keys other servers check,
//! and timestamps written for the record.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

/// Cheap to clone; clones share the same time.
#[derive(Clone, Default)]
pub struct Clock {
    /// How far ahead of the system clock this one runs, in milliseconds;
    /// none for the system clock, which nothing can move.
    ahead_ms: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self { ahead_ms: None }
    }

    /// A clock that runs with the system's but `ahead` of it, and that
    /// `advance` and `set` move; for tests.
    pub fn adjustable(ahead: Duration) -> Self {
        Self {
            ahead_ms: Some(Arc::new(AtomicI64::new(ahead.num_milliseconds()))),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        let now = Utc::now();
        match &self.ahead_ms {
            None => now,
            Some(ahead) => now + Duration::milliseconds(ahead.load(Ordering::Relaxed)),
        }
    }

    /// Today's date where `zone` keeps its calendar.
    pub fn today_in<Z: TimeZone>(&self, zone: &Z) -> NaiveDate {
        self.now().with_timezone(zone).date_naive()
    }

    /// Today's date in UTC.
    pub fn today(&self) -> NaiveDate {
        self.today_in(&Utc)
    }

    /// Moves an adjustable clock forward (backward when negative).
    ///
    /// # Panics
    /// On the system clock, which no one moves.
    pub fn advance(&self, by: Duration) {
        self.adjustment()
            .fetch_add(by.num_milliseconds(), Ordering::Relaxed);
    }

    /// Puts an adjustable clock at `at`, from where it runs on.
    ///
    /// # Panics
    /// On the system clock.
    pub fn set(&self, at: DateTime<Utc>) {
        self.adjustment()
            .store((at - Utc::now()).num_milliseconds(), Ordering::Relaxed);
    }

    /// Whether this clock is the system's.
    pub fn is_system(&self) -> bool {
        self.ahead_ms.is_none()
    }

    fn adjustment(&self) -> &AtomicI64 {
        self.ahead_ms
            .as_deref()
            .expect("only an adjustable clock moves: the system clock is read, never set")
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.ahead_ms {
            None => f.write_str("Clock::system"),
            Some(ahead) => write!(
                f,
                "Clock::adjustable({} ms ahead)",
                ahead.load(Ordering::Relaxed)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_adjustable_clock_runs_ahead_and_moves_for_all_its_clones() {
        let clock = Clock::adjustable(Duration::days(400));
        let seen_by_the_worker = clock.clone();
        let ahead = clock.now() - Utc::now();
        assert!(ahead > Duration::days(399) && ahead <= Duration::days(400));

        clock.advance(Duration::days(3));
        let ahead = seen_by_the_worker.now() - Utc::now();
        assert!(ahead > Duration::days(402) && ahead <= Duration::days(403));

        let at = Utc::now() - Duration::days(10);
        clock.set(at);
        let gap = seen_by_the_worker.now() - at;
        assert!(gap >= Duration::zero() && gap < Duration::seconds(5));
    }

    #[test]
    fn today_is_the_date_where_the_zone_keeps_its_calendar() {
        let clock = Clock::adjustable(Duration::zero());
        // 23:30 UTC is already tomorrow two hours east.
        let late = Utc::now()
            .date_naive()
            .and_hms_opt(23, 30, 0)
            .unwrap()
            .and_utc();
        clock.set(late);
        let east = chrono::FixedOffset::east_opt(2 * 3600).unwrap();
        assert_eq!(clock.today(), late.date_naive());
        assert_eq!(clock.today_in(&east), late.date_naive().succ_opt().unwrap());
    }

    #[test]
    #[should_panic(expected = "only an adjustable clock moves")]
    fn the_system_clock_cannot_be_moved() {
        Clock::system().advance(Duration::days(1));
    }
}
