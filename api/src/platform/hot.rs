//! The mission everyone wants: a gate per mission, and what this process
//! knows to be full.
//!
//! On the night, the missions shown on television get thousands of
//! applicants within minutes. Every application takes its place with one
//! conditional `UPDATE` of the mission's row, so applications to the same
//! mission run one after the other in the database; left to themselves,
//! hundreds of them would each hold an admission slot and a connection
//! while they wait for that row, the admission queue would refuse the rest
//! of the platform as "overloaded", and the controller would degrade the
//! whole service because of one row.
//!
//! Two things keep one hot mission to itself:
//! - **The gate.** At most `per_object` requests of this process work on
//!   one mission's places at a time; the others wait here, in memory,
//!   before the admission queue, holding neither a slot nor a connection.
//!   Gates are striped (a mission id picks one of `STRIPES`), so memory
//!   stays fixed however many missions there are.
//!   An applicant waiting at the gate leaves it as soon as the mission is
//!   known full, with all the others waiting for it: the gate does not
//!   hand its turn to hundreds of them one after the other only for each
//!   to learn there is nothing left.
//! - **Known full.** Once this process has seen a mission full (the
//!   conditional `UPDATE` took nothing, or a plain read showed no place
//!   left), it answers the next applicants 409 `mission_full` from memory
//!   for `full_memory` at most, without the gate, a slot or a transaction.
//!   A place given back through this process forgets it at once; one given
//!   back through another replica is seen when the memory expires.
//!
//! Neither counts as platform overload: the controller reads the
//! admission queue, which these waits never reach. They have counters of
//! their own.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};
use uuid::Uuid;

/// Gates in all; two missions share one with odds of 1 in 1,024.
const STRIPES: usize = 1024;
/// Full markers kept before the expired ones are swept.
const SWEEP_AT: usize = 4096;

/// The gate was not entered within its wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

/// What waiting at a mission's gate gave.
#[derive(Debug)]
pub enum Turn {
    /// This request's turn: the mission's places are its to work on
    /// until the permit drops.
    Entered(OwnedSemaphorePermit),
    /// The mission filled while this applicant waited.
    Full,
}

/// One gate, and the word that one of its missions filled.
struct Stripe {
    gate: Arc<Semaphore>,
    filled: Notify,
}

pub struct HotMissions {
    stripes: Vec<Stripe>,
    wait: Duration,
    full_memory: Duration,
    full: Mutex<HashMap<Uuid, Instant>>,
    waited: AtomicU64,
    busy: AtomicU64,
    answered_full: AtomicU64,
}

/// Counters for `/metrics`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HotStats {
    /// Requests that found their mission's gate taken and waited.
    pub waited: u64,
    /// Requests refused because the gate did not open within its wait.
    pub busy: u64,
    /// Applications answered "full" from memory.
    pub answered_full: u64,
}

impl HotMissions {
    pub fn new(per_object: usize, wait: Duration, full_memory: Duration) -> Arc<Self> {
        let per_object = per_object.max(1);
        Arc::new(HotMissions {
            stripes: (0..STRIPES)
                .map(|_| Stripe {
                    gate: Arc::new(Semaphore::new(per_object)),
                    filled: Notify::new(),
                })
                .collect(),
            wait,
            full_memory,
            full: Mutex::new(HashMap::new()),
            waited: AtomicU64::new(0),
            busy: AtomicU64::new(0),
            answered_full: AtomicU64::new(0),
        })
    }

    fn stripe(&self, mission: Uuid) -> &Stripe {
        // The low bits of a v7 id are random.
        &self.stripes[(mission.as_u128() as usize) % STRIPES]
    }

    /// Enters the mission's gate, waiting at most the configured time;
    /// an applicant (`leave_when_full`) leaves as soon as this process
    /// knows the mission full.
    pub async fn enter(&self, mission: Uuid, leave_when_full: bool) -> Result<Turn, Busy> {
        let stripe = self.stripe(mission);
        if let Ok(permit) = stripe.gate.clone().try_acquire_owned() {
            return Ok(Turn::Entered(permit));
        }
        self.waited.fetch_add(1, Ordering::Relaxed);
        let wait = async {
            // One place in the gate's line for the whole wait.
            let acquire = stripe.gate.clone().acquire_owned();
            tokio::pin!(acquire);
            loop {
                // Listening before looking: a mission marked full between
                // the look and the wait still wakes this one.
                let filled = stripe.filled.notified();
                tokio::pin!(filled);
                filled.as_mut().enable();
                if leave_when_full && self.known_full(mission) {
                    return Turn::Full;
                }
                tokio::select! {
                    permit = &mut acquire => {
                        return Turn::Entered(permit.expect("a mission's gate is never closed"));
                    }
                    // Another mission of this stripe, or full: look again.
                    () = &mut filled => {}
                }
            }
        };
        match tokio::time::timeout(self.wait, wait).await {
            Ok(turn) => Ok(turn),
            Err(_) => {
                self.busy.fetch_add(1, Ordering::Relaxed);
                Err(Busy)
            }
        }
    }

    /// Whether this process saw `mission` full within the memory's span.
    pub fn known_full(&self, mission: Uuid) -> bool {
        let full = self.full.lock().expect("hot missions lock");
        full.get(&mission)
            .is_some_and(|until| *until > Instant::now())
    }

    /// Counts an application answered "full" from memory.
    pub fn answered_full(&self) {
        self.answered_full.fetch_add(1, Ordering::Relaxed);
    }

    /// `mission` has no place left, as of a committed read or write.
    pub fn mark_full(&self, mission: Uuid) {
        if self.full_memory.is_zero() {
            return;
        }
        let now = Instant::now();
        let mut full = self.full.lock().expect("hot missions lock");
        if full.len() >= SWEEP_AT {
            full.retain(|_, until| *until > now);
        }
        full.insert(mission, now + self.full_memory);
        drop(full);
        self.stripe(mission).filled.notify_waiters();
    }

    /// `mission` changed (a place given back, its capacity edited, closed
    /// or reopened): what was known of it is forgotten.
    pub fn changed(&self, mission: Uuid) {
        self.full
            .lock()
            .expect("hot missions lock")
            .remove(&mission);
    }

    pub fn stats(&self) -> HotStats {
        HotStats {
            waited: self.waited.load(Ordering::Relaxed),
            busy: self.busy.load(Ordering::Relaxed),
            answered_full: self.answered_full.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entered(turn: Result<Turn, Busy>) -> OwnedSemaphorePermit {
        match turn {
            Ok(Turn::Entered(permit)) => permit,
            other => panic!("expected a turn, got {other:?}"),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn applicants_waiting_at_the_gate_leave_together_once_the_mission_is_full() {
        let hot = HotMissions::new(1, Duration::from_secs(5), Duration::from_secs(60));
        let mission = Uuid::now_v7();
        let held = entered(hot.enter(mission, true).await);
        let wait = |leave_when_full| {
            let hot = hot.clone();
            tokio::spawn(async move {
                hot.enter(mission, leave_when_full)
                    .await
                    .map(|turn| matches!(turn, Turn::Full))
            })
        };
        let applicants: Vec<_> = (0..50).map(|_| wait(true)).collect();
        let joining = wait(false);
        tokio::task::yield_now().await;
        let started = tokio::time::Instant::now();
        hot.mark_full(mission);
        for applicant in applicants {
            assert_eq!(applicant.await.unwrap(), Ok(true));
        }
        assert_eq!(started.elapsed(), Duration::ZERO, "none waited for a turn");
        // Joining the waiting list needs the mission full: it keeps its
        // place in the line.
        tokio::task::yield_now().await;
        assert!(!joining.is_finished());
        drop(held);
        assert_eq!(joining.await.unwrap(), Ok(false));
    }

    #[tokio::test(start_paused = true)]
    async fn a_mission_lets_in_as_many_as_its_gate_holds_and_the_others_wait() {
        let hot = HotMissions::new(2, Duration::from_millis(500), Duration::from_secs(1));
        let mission = Uuid::now_v7();
        let a = entered(hot.enter(mission, true).await);
        let _b = entered(hot.enter(mission, true).await);
        let third = tokio::spawn({
            let hot = hot.clone();
            async move { hot.enter(mission, true).await.map(|_| ()) }
        });
        tokio::task::yield_now().await;
        assert!(!third.is_finished(), "the third waits for the gate");
        drop(a);
        assert_eq!(third.await.unwrap(), Ok(()));
        assert_eq!(hot.stats().waited, 1);
        // Another mission (another stripe) does not wait for this one.
        let other = (1..)
            .map(|n| Uuid::from_u128(mission.as_u128() + n))
            .find(|m| (m.as_u128() as usize) % STRIPES != (mission.as_u128() as usize) % STRIPES)
            .unwrap();
        let _b2 = entered(hot.enter(mission, true).await);
        assert!(hot.enter(other, true).await.is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn a_gate_that_stays_shut_past_the_wait_answers_busy() {
        let hot = HotMissions::new(1, Duration::from_millis(200), Duration::from_secs(1));
        let mission = Uuid::now_v7();
        let _held = entered(hot.enter(mission, true).await);
        let started = tokio::time::Instant::now();
        assert_eq!(hot.enter(mission, true).await.err(), Some(Busy));
        assert_eq!(started.elapsed(), Duration::from_millis(200));
        assert_eq!(hot.stats().busy, 1);
    }

    #[test]
    fn full_is_remembered_until_the_mission_changes() {
        let hot = HotMissions::new(1, Duration::from_millis(10), Duration::from_secs(60));
        let mission = Uuid::now_v7();
        assert!(!hot.known_full(mission));
        hot.mark_full(mission);
        assert!(hot.known_full(mission));
        assert!(!hot.known_full(Uuid::now_v7()));
        hot.changed(mission);
        assert!(
            !hot.known_full(mission),
            "a place given back is seen at once"
        );
    }

    #[test]
    fn full_is_forgotten_when_its_memory_expires() {
        let hot = HotMissions::new(1, Duration::from_millis(10), Duration::from_millis(20));
        let mission = Uuid::now_v7();
        hot.mark_full(mission);
        assert!(hot.known_full(mission));
        std::thread::sleep(Duration::from_millis(30));
        assert!(!hot.known_full(mission));
        // No memory at all: nothing is ever answered from it.
        let off = HotMissions::new(1, Duration::from_millis(10), Duration::ZERO);
        off.mark_full(mission);
        assert!(!off.known_full(mission));
    }
}
