//! Calendar files (RFC 5545) of a volunteer's accepted participations:
//! one event per shift held, or one per weekly slot, repeating until the
//! mission ends, or the mission's days as an all-day event. Times are the
//! wall-clock time where the mission happens (its department's zone),
//! named by their `TZID`, and the file defines each zone it names with a
//! `VTIMEZONE`, so that calendars place them right across summer time and
//! overseas.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike, EventStatus};
use uuid::Uuid;

use super::mission::{Slot, Weekday};
use super::vtimezone::vtimezone;

/// What an event needs of a participation and its mission.
pub struct Engagement<'a> {
    pub participation: Uuid,
    pub mission: Uuid,
    pub title: &'a str,
    pub organization: &'a str,
    /// The first address, as one line.
    pub place: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub slots: &'a [Slot],
    /// The dated shifts held, on a mission with shifts: one event each.
    pub shifts: &'a [DatedShift],
    /// Where the mission keeps its clocks.
    pub zone: Tz,
}

/// The zones a calendar's timed events use, with the years they span.
#[derive(Debug, Default)]
pub struct Zones(Vec<(Tz, i32, i32)>);

impl Zones {
    fn note(&mut self, zone: Tz, from: NaiveDate, to: NaiveDate) {
        let (from, to) = (from.year(), to.year().max(from.year()));
        match self.0.iter_mut().find(|(z, _, _)| *z == zone) {
            Some((_, first, last)) => {
                *first = (*first).min(from);
                *last = (*last).max(to);
            }
            None => self.0.push((zone, from, to)),
        }
    }
}

/// A shift held: its id, day and hours.
pub struct DatedShift {
    pub id: Uuid,
    pub day: NaiveDate,
    pub start: chrono::NaiveTime,
    pub end: chrono::NaiveTime,
}

fn weekday(w: Weekday) -> chrono::Weekday {
    match w {
        Weekday::Monday => chrono::Weekday::Mon,
        Weekday::Tuesday => chrono::Weekday::Tue,
        Weekday::Wednesday => chrono::Weekday::Wed,
        Weekday::Thursday => chrono::Weekday::Thu,
        Weekday::Friday => chrono::Weekday::Fri,
        Weekday::Saturday => chrono::Weekday::Sat,
        Weekday::Sunday => chrono::Weekday::Sun,
    }
}

/// The first day on or after `from` that falls on `day`.
fn first_on_or_after(from: NaiveDate, day: chrono::Weekday) -> NaiveDate {
    let ahead = (7 + day.num_days_from_monday() - from.weekday().num_days_from_monday()) % 7;
    from + Duration::days(i64::from(ahead))
}

fn local(zone: Tz, date: NaiveDate, time: chrono::NaiveTime) -> CalendarDateTime {
    CalendarDateTime::WithTimezone {
        date_time: date.and_time(time),
        tzid: zone.name().to_owned(),
    }
}

/// The last second of `day` where `zone` keeps its clocks, in UTC: a
/// weekly rule's `UNTIL` (UTC, as RFC 5545 asks of a zoned `DTSTART`).
fn end_of_day(zone: Tz, day: NaiveDate) -> DateTime<Utc> {
    let last = day.and_hms_opt(23, 59, 59).unwrap_or_default();
    zone.from_local_datetime(&last)
        .latest()
        .map_or_else(|| last.and_utc(), |t| t.with_timezone(&Utc))
}

/// The events of one engagement, produced at `now`; today's date where
/// the mission happens dates the slots of undated missions. Notes in
/// `zones` the zone of its timed events.
pub fn events(
    e: &Engagement<'_>,
    app_url: &str,
    now: DateTime<Utc>,
    zones: &mut Zones,
) -> Vec<Event> {
    let today = now.with_timezone(&e.zone).date_naive();
    let link = format!("{}/missions/{}", app_url.trim_end_matches('/'), e.mission);
    let base = |uid: String| {
        let mut event = Event::new();
        event
            .uid(&uid)
            .summary(e.title)
            .description(&format!(
                "Mission de bénévolat avec {}.\n{link}",
                e.organization
            ))
            .url(&link)
            .status(EventStatus::Confirmed)
            .timestamp(now);
        if let Some(place) = &e.place {
            event.location(place);
        }
        event
    };
    if !e.shifts.is_empty() {
        return e
            .shifts
            .iter()
            .map(|shift| {
                zones.note(e.zone, shift.day, shift.day);
                let mut event = base(format!("{}-{}@renfort", e.participation, shift.id));
                event
                    .starts(local(e.zone, shift.day, shift.start))
                    .ends(local(e.zone, shift.day, shift.end));
                event.done()
            })
            .collect();
    }
    if e.slots.is_empty() {
        let Some(start) = e.start_date else {
            return Vec::new();
        };
        let last = e.end_date.unwrap_or(start).max(start);
        // DTEND of an all-day event is the day after the last one.
        let mut event = base(format!("{}@renfort", e.participation));
        event.starts(start).ends(last + Duration::days(1));
        return vec![event.done()];
    }
    let from = e.start_date.unwrap_or(today);
    // A rule without an end runs on: its zone is defined a year ahead too.
    zones.note(
        e.zone,
        from,
        e.end_date.unwrap_or(today + Duration::days(366)),
    );
    e.slots
        .iter()
        .enumerate()
        .map(|(i, slot)| {
            let day = first_on_or_after(from, weekday(slot.weekday));
            let mut event = base(format!("{}-{i}@renfort", e.participation));
            event
                .starts(local(e.zone, day, slot.start))
                .ends(local(e.zone, day, slot.end));
            let rule = match e.end_date {
                Some(end) => format!(
                    "FREQ=WEEKLY;UNTIL={}",
                    end_of_day(e.zone, end).format("%Y%m%dT%H%M%SZ")
                ),
                None => "FREQ=WEEKLY".to_owned(),
            };
            event.add_property("RRULE", &rule);
            event.done()
        })
        .collect()
}

/// A calendar of these events, named for the person's agenda, with a
/// `VTIMEZONE` for each zone in `zones` (before the events, where readers
/// look for them first).
pub fn calendar(name: &str, events: Vec<Event>, zones: &Zones) -> String {
    let mut calendar = Calendar::new();
    let default = zones.0.first().map_or(chrono_tz::Europe::Paris, |z| z.0);
    calendar.name(name).timezone(default.name());
    for event in events {
        calendar.push(event);
    }
    let mut text = calendar.done().to_string();
    let definitions: String = zones
        .0
        .iter()
        .map(|(zone, from, to)| vtimezone(*zone, *from..=*to))
        .collect();
    let at = text
        .find("BEGIN:VEVENT")
        .or_else(|| text.find("END:VCALENDAR"))
        .unwrap_or(text.len());
    text.insert_str(at, &definitions);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noon(day: NaiveDate) -> DateTime<Utc> {
        day.and_hms_opt(12, 0, 0).unwrap().and_utc()
    }

    fn slot(day: Weekday, start: &str, end: &str) -> Slot {
        Slot {
            weekday: day,
            start: chrono::NaiveTime::parse_from_str(start, "%H:%M").unwrap(),
            end: chrono::NaiveTime::parse_from_str(end, "%H:%M").unwrap(),
        }
    }

    #[test]
    fn weekly_slots_repeat_until_the_end_and_dated_missions_are_all_day() {
        let slots = [slot(Weekday::Wednesday, "18:00", "21:00")];
        let e = Engagement {
            participation: Uuid::nil(),
            mission: Uuid::nil(),
            title: "Distribution de repas",
            organization: "Restos du Cœur",
            place: Some("1 rue de la Paix, 69002 Lyon".into()),
            // A Tuesday: the first Wednesday is the next day.
            start_date: NaiveDate::from_ymd_opt(2026, 12, 1),
            end_date: NaiveDate::from_ymd_opt(2027, 3, 31),
            slots: &slots,
            shifts: &[],
            zone: chrono_tz::Europe::Paris,
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let text = render(&[&e], noon(today));
        assert!(
            text.contains("DTSTART;TZID=Europe/Paris:20261202T180000"),
            "{text}"
        );
        assert!(text.contains("DTEND;TZID=Europe/Paris:20261202T210000"));
        // The end of 31 March in Paris, summer time by then, in UTC.
        assert!(text.contains("RRULE:FREQ=WEEKLY;UNTIL=20270331T215959Z"));
        // The zone it names is defined, once, before the events.
        assert_eq!(text.matches("BEGIN:VTIMEZONE").count(), 1);
        assert!(text.find("TZID:Europe/Paris").unwrap() < text.find("BEGIN:VEVENT").unwrap());
        assert!(
            text.contains("LOCATION:1 rue de la Paix\\, 69002 Lyon"),
            "{text}"
        );

        let dated = Engagement {
            slots: &[],
            place: e.place.clone(),
            ..e
        };
        let text = render(&[&dated], noon(today));
        assert!(text.contains("DTSTART;VALUE=DATE:20261201"), "{text}");
        assert!(text.contains("DTEND;VALUE=DATE:20270401"));
        // All-day events name no zone, so none is defined.
        assert!(!text.contains("VTIMEZONE"), "{text}");

        // Shifts held replace the weekly slots: one timed event each.
        let shift = |day: u32, start: &str, end: &str| DatedShift {
            id: Uuid::now_v7(),
            day: NaiveDate::from_ymd_opt(2027, 3, day).unwrap(),
            start: chrono::NaiveTime::parse_from_str(start, "%H:%M").unwrap(),
            end: chrono::NaiveTime::parse_from_str(end, "%H:%M").unwrap(),
        };
        let shifts = [shift(13, "09:00", "12:00"), shift(20, "14:00", "17:30")];
        let on_shifts = Engagement {
            shifts: &shifts,
            ..e
        };
        let text = render(&[&on_shifts], noon(today));
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 2, "{text}");
        assert!(text.contains("DTSTART;TZID=Europe/Paris:20270313T090000"));
        assert!(text.contains("DTEND;TZID=Europe/Paris:20270320T173000"));
        assert!(!text.contains("RRULE:FREQ=WEEKLY"));

        // A shift in La Réunion at 09:00 there, beside one in Lyon: each
        // in its own zone, both zones defined.
        let reunion = Engagement {
            zone: chrono_tz::Indian::Reunion,
            shifts: &shifts[..1],
            place: None,
            ..on_shifts
        };
        let text = render(&[&on_shifts, &reunion], noon(today));
        assert!(
            text.contains("DTSTART;TZID=Indian/Reunion:20270313T090000"),
            "{text}"
        );
        assert!(text.contains("TZID:Indian/Reunion\r\nBEGIN:STANDARD"));
        assert_eq!(text.matches("BEGIN:VTIMEZONE").count(), 2);
    }

    fn render(engagements: &[&Engagement<'_>], now: DateTime<Utc>) -> String {
        let mut zones = Zones::default();
        let events = engagements
            .iter()
            .flat_map(|e| events(e, "https://app.example.org", now, &mut zones))
            .collect();
        calendar("Mes missions", events, &zones)
    }

    #[test]
    fn the_first_occurrence_is_on_or_after_the_start() {
        let tuesday = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(first_on_or_after(tuesday, chrono::Weekday::Tue), tuesday);
        assert_eq!(
            first_on_or_after(tuesday, chrono::Weekday::Mon),
            NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
        );
    }
}
