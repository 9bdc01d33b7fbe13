//! Scheduled reminders, durable on the outbox: a reminder is a job keyed
//! by what it reminds of (kind, object, occurrence), so scheduling it
//! again moves it rather than doubling it, and it survives restarts. It
//! runs once across workers: it records itself in `reminders_sent` in the
//! transaction of its emails. Each checks, when it runs, that what it
//! reminds of still holds (the application still waits, the mission is
//! still open), so a change needs no cancellation to be right.
//!
//! Their emails are not urgent: degraded mode holds them.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::config::ReminderSettings;
use crate::error::ServiceError;
use crate::store::reminders as store;
use crate::store::{Db, Handle, Tx};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reminder", rename_all = "snake_case")]
pub enum Reminder {
    /// To the volunteer, the day before an accepted participation starts,
    /// or before the day of each of its shifts.
    DayBefore {
        participation: Uuid,
        start: NaiveDate,
    },
    /// To the organisation, when an application has waited `days` days.
    ApplicationWaiting { participation: Uuid, days: i64 },
    /// To the organisation, the day after a mission's end date, if still open.
    CloseOrExtend { mission: Uuid, end: NaiveDate },
    /// To each referent with a non-empty queue whose departments keep
    /// `zone`'s clocks, on `day` there.
    ModerationDigest {
        day: NaiveDate,
        #[serde(default = "paris", skip_serializing_if = "is_paris")]
        zone: Tz,
    },
    /// To each volunteer of a department in `zone` whose favourite
    /// missions close soon, on `day` there.
    FavouritesDigest {
        day: NaiveDate,
        #[serde(default = "paris", skip_serializing_if = "is_paris")]
        zone: Tz,
    },
    /// To each volunteer of a department in `zone` with saved searches
    /// that new missions match, on `day` there.
    SavedSearchAlerts { day: NaiveDate, zone: Tz },
}

impl crate::store::outbox::Job for Reminder {
    const KIND: &'static str = store::JOB_KIND;

    fn coalesce_key(&self) -> Option<String> {
        Some(self.key())
    }
}

/// Digests were Paris's alone before each zone had its own: their jobs
/// and keys say nothing of it.
fn paris() -> Tz {
    chrono_tz::Europe::Paris
}

fn is_paris(zone: &Tz) -> bool {
    *zone == paris()
}

fn zone_key(zone: Tz) -> String {
    if is_paris(&zone) {
        String::new()
    } else {
        format!("{}:", zone.name())
    }
}

/// The departments keeping `zone`'s clocks, and whether readers without a
/// department read it (Paris's).
pub(super) fn departments_of(zone: Tz) -> (Vec<String>, bool) {
    let codes = crate::domain::department::zones()
        .into_iter()
        .find(|(z, _)| *z == zone)
        .map(|(_, codes)| codes.into_iter().map(str::to_owned).collect())
        .unwrap_or_default();
    (codes, is_paris(&zone))
}

impl Reminder {
    pub fn key(&self) -> String {
        match self {
            Reminder::DayBefore {
                participation,
                start,
            } => format!("reminder:day_before:{participation}:{start}"),
            Reminder::ApplicationWaiting {
                participation,
                days,
            } => {
                format!("reminder:application_waiting:{participation}:{days}")
            }
            Reminder::CloseOrExtend { mission, end } => {
                format!("reminder:close_or_extend:{mission}:{end}")
            }
            Reminder::ModerationDigest { day, zone } => {
                format!("reminder:moderation_digest:{}{day}", zone_key(*zone))
            }
            Reminder::FavouritesDigest { day, zone } => {
                format!("reminder:favourites_digest:{}{day}", zone_key(*zone))
            }
            Reminder::SavedSearchAlerts { day, zone } => {
                format!("reminder:saved_search_alerts:{}:{day}", zone.name())
            }
        }
    }

    pub(super) fn enabled(&self, s: &ReminderSettings) -> bool {
        match self {
            Reminder::DayBefore { .. } => s.day_before,
            Reminder::ApplicationWaiting { .. } => s.application_waiting,
            Reminder::CloseOrExtend { .. } => s.close_or_extend,
            Reminder::ModerationDigest { .. } => s.moderation_digest,
            Reminder::FavouritesDigest { .. } => s.favourites_digest,
            Reminder::SavedSearchAlerts { .. } => s.saved_search_alerts,
        }
    }
}

/// `day` at the reminders' hour where `zone` keeps its clocks, in UTC.
/// An hour that summer time skips is taken an hour later.
pub fn at_hour(day: NaiveDate, zone: Tz, s: &ReminderSettings) -> DateTime<Utc> {
    let local = day
        .and_hms_opt(s.local_hour.min(23), 0, 0)
        .unwrap_or_default();
    zone.from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            zone.from_local_datetime(&(local + Duration::hours(1)))
                .earliest()
        })
        .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc))
}

/// Schedules `reminder` at `at`, unless its kind is turned off.
pub async fn schedule(
    tx: &mut Tx,
    s: &ReminderSettings,
    reminder: &Reminder,
    at: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if !reminder.enabled(s) {
        return Ok(());
    }
    // A reminder's job moves when scheduled again, rather than merging.
    let job = crate::store::outbox::Job::new_job(reminder, Some(at));
    store::schedule(tx, &reminder.key(), &job.payload, at).await?;
    Ok(())
}

/// Cancels a waiting reminder.
pub async fn cancel(h: Handle<'_>, reminder: &Reminder) -> Result<(), ServiceError> {
    store::cancel(h, &reminder.key()).await?;
    Ok(())
}

/// After an application, made or promoted from the waiting list: the
/// organisation is reminded at 3 and 7 days if it has not answered.
pub async fn application_made(
    tx: &mut Tx,
    s: &ReminderSettings,
    participation: Uuid,
    at: DateTime<Utc>,
) -> Result<(), ServiceError> {
    for days in [3, 7] {
        let reminder = Reminder::ApplicationWaiting {
            participation,
            days,
        };
        schedule(tx, s, &reminder, at + Duration::days(days)).await?;
    }
    Ok(())
}

/// After an acceptance (or a shift moved): the volunteer is reminded the
/// day before the mission starts, or before each day of their shifts,
/// when that is later than tomorrow; days and hour where the mission
/// happens (`zone`).
pub async fn accepted(
    tx: &mut Tx,
    s: &ReminderSettings,
    participation: Uuid,
    days: &[NaiveDate],
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let today = now.with_timezone(&zone).date_naive();
    for &start in days.iter().filter(|d| **d > today + Duration::days(1)) {
        let reminder = Reminder::DayBefore {
            participation,
            start,
        };
        let at = at_hour(start - Duration::days(1), zone, s);
        schedule(tx, s, &reminder, at).await?;
    }
    Ok(())
}

/// After a publication: the organisation is reminded the day after the
/// end date if the mission is still open then.
pub async fn published(
    tx: &mut Tx,
    s: &ReminderSettings,
    mission: Uuid,
    end: Option<NaiveDate>,
    zone: Tz,
) -> Result<(), ServiceError> {
    if let Some(end) = end {
        let reminder = Reminder::CloseOrExtend { mission, end };
        schedule(tx, s, &reminder, at_hour(end + Duration::days(1), zone, s)).await?;
    }
    Ok(())
}

/// Schedules the next daily digests of every zone (idempotent: one of
/// each per zone and day).
pub async fn schedule_digests(
    db: &Db,
    s: &ReminderSettings,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let mut tx = db.begin().await?;
    for (zone, _) in crate::domain::department::zones() {
        let today = now.with_timezone(&zone).date_naive();
        let day = if now < at_hour(today, zone, s) {
            today
        } else {
            today + Duration::days(1)
        };
        let at = at_hour(day, zone, s);
        schedule(&mut tx, s, &Reminder::ModerationDigest { day, zone }, at).await?;
        schedule(&mut tx, s, &Reminder::FavouritesDigest { day, zone }, at).await?;
        schedule(&mut tx, s, &Reminder::SavedSearchAlerts { day, zone }, at).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// "- Title : se termine le 03/12/2026 ; 2 nouveaux créneaux".
pub(super) fn favourite_line(n: &store::FavouriteNews) -> String {
    let mut news = Vec::new();
    if let Some(end) = n.end_date {
        news.push(format!("se termine le {}", end.format("%d/%m/%Y")));
    }
    match n.new_shifts {
        0 => {}
        1 => news.push("1 nouveau créneau".to_owned()),
        k => news.push(format!("{k} nouveaux créneaux")),
    }
    format!("- {} : {}", n.title, news.join(" ; "))
}
