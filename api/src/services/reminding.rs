//! Running a reminder that came due: it checks that what it reminds of
//! still holds (the application still waits, the mission is still open,
//! the day did not move) and that it did not run already, then records the
//! fact (`effects::Fact::Reminded`), whose emails degraded mode holds.
//! Scheduling lives in `reminders`, which what a change sets off uses; this
//! module sits above both.

use chrono::{DateTime, Duration, Utc};

use super::effects::{self, Fact, Reminded};
use super::reminders::{at_hour, departments_of, published, schedule, Reminder};
use crate::config::Settings;
use crate::domain::moderation::MissionState;
use crate::domain::participation::ParticipationState;
use crate::error::ServiceError;
use crate::store::outbox::JobError;
use crate::store::reminders as store;
use crate::store::{
    accounts as account_store, missions as mission_store, organizations as org_store,
};
use crate::store::{participations as participation_store, Db, Tx};

/// Runs one reminder job.
pub async fn run(
    db: &Db,
    settings: &Settings,
    reminder: &Reminder,
) -> Result<Option<String>, JobError> {
    let s = &settings.reminders;
    if !reminder.enabled(s) {
        return Ok(Some("this kind of reminder is turned off".into()));
    }
    let transient = |e: ServiceError| JobError::Transient(e.to_string());
    let mut tx = db
        .begin()
        .await
        .map_err(|e| JobError::Transient(e.to_string()))?;
    let outcome = send(&mut tx, settings, reminder, db.now())
        .await
        .map_err(transient)?;
    tx.commit()
        .await
        .map_err(|e| JobError::Transient(e.to_string()))?;
    Ok(outcome)
}

/// Sends the reminder if what it reminds of still holds and it did not
/// run already; `Some(why)` when it sends nothing.
async fn send(
    tx: &mut Tx,
    settings: &Settings,
    reminder: &Reminder,
    now: DateTime<Utc>,
) -> Result<Option<String>, ServiceError> {
    let s = &settings.reminders;
    let key = reminder.key();
    let skip = |why: &str| Ok(Some(why.to_owned()));
    match reminder {
        Reminder::DayBefore {
            participation,
            start,
        } => {
            let Some(p) = participation_store::get(tx.h(), *participation).await? else {
                return skip("the participation is gone");
            };
            let Some(m) = mission_store::get(tx.h(), p.mission_id).await? else {
                return skip("the mission is gone");
            };
            let still_on = if m.has_shifts {
                crate::store::shifts::holds_on(tx.h(), p.id, *start).await?
            } else {
                m.start_date == Some(*start)
            };
            if p.state() != ParticipationState::Accepted || !still_on {
                return skip("no longer accepted, or the day moved");
            }
            if !store::claim_once(tx.h(), &key, now).await? {
                return skip("already sent");
            }
            let volunteer = account_store::by_id(tx.h(), p.volunteer_id)
                .await?
                .ok_or(ServiceError::NotFound)?;
            let org = org_store::get(tx.h(), m.organization_id)
                .await?
                .ok_or(ServiceError::NotFound)?;
            let due = Reminded::DayBefore {
                volunteer: &volunteer,
                mission: &m,
                organization_name: &org.name,
                start: *start,
            };
            let _nothing_cached = effects::record(tx, settings, Fact::Reminded(due)).await?;
        }
        Reminder::ApplicationWaiting {
            participation,
            days,
        } => {
            let Some(p) = participation_store::get(tx.h(), *participation).await? else {
                return skip("the participation is gone");
            };
            if p.state() != ParticipationState::Pending {
                return skip("answered");
            }
            let Some(m) = mission_store::get(tx.h(), p.mission_id).await? else {
                return skip("the mission is gone");
            };
            if !store::claim_once(tx.h(), &key, now).await? {
                return skip("already sent");
            }
            let volunteer = account_store::by_id(tx.h(), p.volunteer_id)
                .await?
                .ok_or(ServiceError::NotFound)?;
            let volunteer_name = format!("{} {}", volunteer.first_name, volunteer.last_name);
            let due = Reminded::ApplicationWaiting {
                volunteer_name: &volunteer_name,
                mission: &m,
                days: *days,
            };
            let _nothing_cached = effects::record(tx, settings, Fact::Reminded(due)).await?;
        }
        Reminder::CloseOrExtend { mission, end } => {
            let Some(m) = mission_store::get(tx.h(), *mission).await? else {
                return skip("the mission is gone");
            };
            if m.state() != MissionState::Published || !m.registration_open {
                return skip("closed");
            }
            if m.end_date != Some(*end) {
                // Extended (or shortened): remind after the new end instead.
                published(tx, s, m.id, m.end_date, m.time_zone()).await?;
                return skip("the end date moved");
            }
            // Over where the mission happens: 08:00 the day after in
            // Nouméa is still the end's day in UTC.
            if *end >= m.day_at(now) {
                return skip("not over yet");
            }
            if !store::claim_once(tx.h(), &key, now).await? {
                return skip("already sent");
            }
            let due = Reminded::CloseOrExtend {
                mission: &m,
                end: *end,
            };
            let _nothing_cached = effects::record(tx, settings, Fact::Reminded(due)).await?;
        }
        Reminder::ModerationDigest { day, zone } => {
            // The next day's, whatever happens to this one.
            let next = *day + Duration::days(1);
            let reminder = Reminder::ModerationDigest {
                day: next,
                zone: *zone,
            };
            schedule(tx, s, &reminder, at_hour(next, *zone, s)).await?;
            if !store::claim_once(tx.h(), &key, now).await? {
                return skip("already sent");
            }
            let (departments, _) = departments_of(*zone);
            let referents = store::referents_with_queue(tx.h(), &departments).await?;
            let due = Reminded::ModerationQueue {
                referents: &referents,
            };
            let _nothing_cached = effects::record(tx, settings, Fact::Reminded(due)).await?;
        }
        Reminder::FavouritesDigest { day, zone } => {
            let next = *day + Duration::days(1);
            let reminder = Reminder::FavouritesDigest {
                day: next,
                zone: *zone,
            };
            schedule(tx, s, &reminder, at_hour(next, *zone, s)).await?;
            if !store::claim_once(tx.h(), &key, now).await? {
                return skip("already sent");
            }
            let readers = departments_of(*zone);
            let news = store::favourite_news(
                tx.h(),
                *day,
                *day + Duration::days(s.favourites_closing_days),
                now - Duration::days(1),
                readers,
            )
            .await?;
            let due = Reminded::FavouritesNews { news: &news };
            let _nothing_cached = effects::record(tx, settings, Fact::Reminded(due)).await?;
        }
        Reminder::SavedSearchAlerts { day, zone } => {
            let next = *day + Duration::days(1);
            let reminder = Reminder::SavedSearchAlerts {
                day: next,
                zone: *zone,
            };
            schedule(tx, s, &reminder, at_hour(next, *zone, s)).await?;
            if !store::claim_once(tx.h(), &key, now).await? {
                return skip("already sent");
            }
            let alerts = super::saved_searches::due(tx, &departments_of(*zone), now).await?;
            let due = Reminded::SavedSearchAlerts { alerts: &alerts };
            let _nothing_cached = effects::record(tx, settings, Fact::Reminded(due)).await?;
        }
    }
    Ok(None)
}
