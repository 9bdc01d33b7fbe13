//! The controller that switches the service to degraded mode by itself.
//!
//! Each replica runs one. Once a second it reads its own signals: requests
//! shed by admission, requests waiting for a database connection, the p99
//! latency of admitted requests, and how long the outbox's next job has
//! been due. A second is *overloaded* when the shed rate alone crosses its
//! threshold (shedding is the surest sign: the process is refusing work),
//! or when two of the other signals do (one slow signal alone is often a
//! neighbour's noise). After `engage_after_secs` overloaded seconds in a
//! row, this replica switches every replica to degraded mode: one replica's
//! sustained overload is enough, because replicas share the database whose
//! saturation the signals measure.
//!
//! Release needs calm everywhere, for `calm_secs`: a replica in overload
//! stamps the shared "last overload" time, and a replica releases only when
//! it has itself been calm that long and nobody stamped within that time.
//! Calm means nothing shed and the load signals under half their
//! thresholds: the gap between the two thresholds is the hysteresis that
//! keeps the mode from flapping. The outbox's lag does not count for calm,
//! since degraded mode itself holds emails back.
//!
//! The decision logic is a plain state machine fed with signals, so tests
//! drive it with made-up seconds; `spawn` connects it to the process.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;

use super::admission::Admission;
use super::mode::{Mode, Override, ServiceMode};
use crate::config::DegradedSettings;
use crate::store::{self, Db};

/// One second of one replica.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Signals {
    pub shed_per_sec: u64,
    pub pool_waiting: i64,
    pub latency_p99_ms: u64,
    pub outbox_age_secs: i64,
}

/// What the controller asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Engage { reason: String },
    Release { reason: String },
}

pub struct Controller {
    settings: DegradedSettings,
    overloaded_for: u64,
    calm_for: u64,
}

impl Controller {
    pub fn new(settings: DegradedSettings) -> Self {
        Controller {
            settings,
            overloaded_for: 0,
            calm_for: 0,
        }
    }

    /// Which thresholds this second crossed, by name.
    fn crossed(&self, s: &Signals, fraction: f64) -> Vec<String> {
        let t = &self.settings;
        let over = |value: f64, limit: f64| value >= limit * fraction;
        let mut crossed = Vec::new();
        if over(s.shed_per_sec as f64, t.shed_per_sec as f64) {
            crossed.push(format!("{} requests shed/s", s.shed_per_sec));
        }
        if over(s.pool_waiting as f64, t.pool_waiting as f64) {
            crossed.push(format!("{} waiting for a connection", s.pool_waiting));
        }
        if over(s.latency_p99_ms as f64, t.latency_p99_ms as f64) {
            crossed.push(format!("p99 {} ms", s.latency_p99_ms));
        }
        if over(s.outbox_age_secs as f64, t.outbox_age_secs as f64) {
            crossed.push(format!("outbox {} s behind", s.outbox_age_secs));
        }
        crossed
    }

    /// Whether this second is an overloaded one, and why.
    pub fn overload(&self, s: &Signals) -> Option<String> {
        let crossed = self.crossed(s, 1.0);
        let shedding = s.shed_per_sec >= self.settings.shed_per_sec.max(1);
        (shedding || crossed.len() >= 2).then(|| crossed.join(", "))
    }

    /// Calm: nothing shed, and the load signals under half their
    /// thresholds. The outbox's lag is left out: degraded mode itself holds
    /// non-urgent emails back, so their age would keep the mode engaged
    /// forever; it helps to engage, never to stay.
    fn calm(&self, s: &Signals) -> bool {
        let load = Signals {
            outbox_age_secs: 0,
            ..*s
        };
        s.shed_per_sec == 0 && self.crossed(&load, 0.5).is_empty()
    }

    /// Feeds one second. `others_overloaded_within_calm` says whether
    /// another replica stamped an overload within the calm period.
    pub fn observe(
        &mut self,
        s: &Signals,
        mode: Mode,
        override_mode: Override,
        others_overloaded_within_calm: bool,
    ) -> Option<Decision> {
        let overload = self.overload(s);
        if overload.is_some() {
            self.overloaded_for += 1;
            self.calm_for = 0;
        } else if self.calm(s) {
            self.calm_for += 1;
            self.overloaded_for = 0;
        } else {
            self.overloaded_for = 0;
            self.calm_for = 0;
        }
        if override_mode != Override::Auto {
            return None;
        }
        match (mode, overload) {
            (Mode::Normal, Some(why)) if self.overloaded_for >= self.settings.engage_after_secs => {
                Some(Decision::Engage {
                    reason: format!("overloaded for {} s: {why}", self.overloaded_for),
                })
            }
            (Mode::Degraded, None)
                if self.calm_for >= self.settings.calm_secs && !others_overloaded_within_calm =>
            {
                Some(Decision::Release {
                    reason: format!("calm for {} s", self.calm_for),
                })
            }
            _ => None,
        }
    }

    pub fn is_overloaded_now(&self) -> bool {
        self.overloaded_for > 0
    }
}

/// The shared stamp of the latest overloaded second of any replica.
const LAST_OVERLOAD_KEY: &str = "service_mode_last_overload";
/// A replica in overload stamps at most this often.
const STAMP_EVERY: Duration = Duration::from_secs(5);
/// The outbox is asked how far behind it is this often.
const OUTBOX_EVERY: u64 = 5;

/// Runs the controller of this replica until the process stops.
/// `shed_total` counts every request refused for overload so far (by
/// admission and by the signup intake).
pub fn spawn(
    settings: DegradedSettings,
    admission: Arc<Admission>,
    shed_total: impl Fn() -> u64 + Send + 'static,
    mode: Arc<ServiceMode>,
    db: Db,
) {
    tokio::spawn(async move {
        let calm = Duration::from_secs(settings.calm_secs);
        let mut controller = Controller::new(settings);
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last_shed = shed_total();
        let mut outbox_age = 0;
        let mut last_stamp: Option<tokio::time::Instant> = None;
        for second in 0u64.. {
            tick.tick().await;
            let shed = shed_total();
            if second % OUTBOX_EVERY == 0 {
                outbox_age = store::outbox::due_age(&db, db.now())
                    .await
                    .map(|d| d.num_seconds())
                    .unwrap_or(outbox_age);
            }
            let signals = Signals {
                shed_per_sec: shed.saturating_sub(last_shed),
                pool_waiting: db.stats().waiting,
                latency_p99_ms: admission.take_latency_p99().as_millis() as u64,
                outbox_age_secs: outbox_age,
            };
            last_shed = shed;
            let current = mode.current();
            let others = if current == Mode::Degraded {
                last_overload_within(&db, calm).await
            } else {
                false
            };
            let decision = controller.observe(&signals, current, mode.override_mode(), others);
            if controller.is_overloaded_now()
                && last_stamp.is_none_or(|t| t.elapsed() >= STAMP_EVERY)
            {
                last_stamp = Some(tokio::time::Instant::now());
                let now = Utc::now().timestamp_millis().to_string();
                if let Err(e) = store::service_mode::set(&db, LAST_OVERLOAD_KEY, &now).await {
                    tracing::debug!(error = ?e, "could not stamp the overload");
                }
            }
            let result = match decision {
                Some(Decision::Engage { reason }) => {
                    mode.change(Mode::Degraded, Override::Auto, "auto", &reason, None)
                        .await
                }
                Some(Decision::Release { reason }) => {
                    mode.change(Mode::Normal, Override::Auto, "auto", &reason, None)
                        .await
                }
                None => Ok(()),
            };
            if let Err(e) = result {
                tracing::warn!(error = ?e, "could not change the service mode");
            }
        }
    });
}

async fn last_overload_within(db: &Db, calm: Duration) -> bool {
    let Ok(Some(stamp)) = store::service_mode::get(db, LAST_OVERLOAD_KEY).await else {
        return false;
    };
    let Ok(ms) = stamp.parse::<i64>() else {
        return false;
    };
    Utc::now().timestamp_millis() - ms < calm.as_millis() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> DegradedSettings {
        crate::config::Settings::with_overrides(serde_json::json!({}))
            .unwrap()
            .degraded
    }

    const OVERLOADED: Signals = Signals {
        shed_per_sec: 200,
        pool_waiting: 30,
        latency_p99_ms: 900,
        outbox_age_secs: 0,
    };
    const CALM: Signals = Signals {
        shed_per_sec: 0,
        pool_waiting: 0,
        latency_p99_ms: 20,
        outbox_age_secs: 1,
    };

    #[test]
    fn engages_after_sustained_overload_only() {
        let mut c = Controller::new(settings());
        let auto = Override::Auto;
        assert_eq!(c.observe(&OVERLOADED, Mode::Normal, auto, false), None);
        assert_eq!(c.observe(&OVERLOADED, Mode::Normal, auto, false), None);
        // A calm second resets the count: a blip does not degrade.
        assert_eq!(c.observe(&CALM, Mode::Normal, auto, false), None);
        assert_eq!(c.observe(&OVERLOADED, Mode::Normal, auto, false), None);
        assert_eq!(c.observe(&OVERLOADED, Mode::Normal, auto, false), None);
        match c.observe(&OVERLOADED, Mode::Normal, auto, false) {
            Some(Decision::Engage { reason }) => assert!(reason.contains("shed"), "{reason}"),
            other => panic!("expected to engage, got {other:?}"),
        }
    }

    #[test]
    fn one_slow_signal_alone_is_not_overload() {
        let c = Controller::new(settings());
        let slow = Signals {
            latency_p99_ms: 2_000,
            ..CALM
        };
        assert_eq!(c.overload(&slow), None);
        let slow_and_queued = Signals {
            pool_waiting: 10,
            ..slow
        };
        assert!(c.overload(&slow_and_queued).is_some());
    }

    #[test]
    fn releases_after_the_calm_period_with_hysteresis() {
        let mut s = settings();
        s.calm_secs = 60;
        let mut c = Controller::new(s);
        let auto = Override::Auto;
        for _ in 0..59 {
            assert_eq!(c.observe(&CALM, Mode::Degraded, auto, false), None);
        }
        // Under the engage threshold but over half of it: not calm, so the
        // count starts again (no flapping on the edge).
        let simmering = Signals {
            latency_p99_ms: 300,
            ..CALM
        };
        assert_eq!(c.observe(&simmering, Mode::Degraded, auto, false), None);
        for _ in 0..59 {
            assert_eq!(c.observe(&CALM, Mode::Degraded, auto, false), None);
        }
        assert!(matches!(
            c.observe(&CALM, Mode::Degraded, auto, false),
            Some(Decision::Release { .. })
        ));
    }

    #[test]
    fn emails_held_by_degraded_mode_do_not_keep_it_engaged() {
        let mut s = settings();
        s.calm_secs = 3;
        let mut c = Controller::new(s);
        let held_back = Signals {
            outbox_age_secs: 3_600,
            ..CALM
        };
        for _ in 0..2 {
            assert_eq!(
                c.observe(&held_back, Mode::Degraded, Override::Auto, false),
                None
            );
        }
        assert!(c
            .observe(&held_back, Mode::Degraded, Override::Auto, false)
            .is_some());
    }

    #[test]
    fn does_not_release_while_another_replica_is_overloaded() {
        let mut s = settings();
        s.calm_secs = 3;
        let mut c = Controller::new(s);
        for _ in 0..10 {
            assert_eq!(c.observe(&CALM, Mode::Degraded, Override::Auto, true), None);
        }
        assert!(c
            .observe(&CALM, Mode::Degraded, Override::Auto, false)
            .is_some());
    }

    #[test]
    fn a_manual_override_silences_the_controller() {
        let mut c = Controller::new(settings());
        for _ in 0..10 {
            assert_eq!(
                c.observe(&OVERLOADED, Mode::Normal, Override::Normal, false),
                None
            );
        }
        let mut c = Controller::new(settings());
        for _ in 0..100 {
            assert_eq!(
                c.observe(&CALM, Mode::Degraded, Override::Degraded, false),
                None
            );
        }
    }
}
