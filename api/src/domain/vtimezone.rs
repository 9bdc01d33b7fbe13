//! `VTIMEZONE` components (RFC 5545 §3.6.5) written from the IANA
//! database, so that a calendar file defines every `TZID` it uses and an
//! application without that database (Outlook desktop among them) still
//! places the events right.
//!
//! Where a zone's rules hold steady over the years the calendar covers
//! (Paris since 1996: the last Sunday of March and of October), they are
//! written as one yearly `RRULE` per observance: the form every calendar
//! application reads, and right for weekly events that never end. A zone
//! without summer time (La Réunion, the Antilles) is one `STANDARD`
//! observance. A zone whose rules changed within the span gets each
//! transition of the span spelled out.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

/// One change of a zone's offset.
#[derive(Debug, Clone, PartialEq)]
struct Transition {
    /// The wall-clock time, before the change, at which it happens.
    local: NaiveDateTime,
    from: i32,
    to: i32,
    daylight: bool,
    name: String,
}

/// The offset, in seconds east of UTC, of `zone` at `at`.
fn offset(zone: Tz, at: DateTime<Utc>) -> i32 {
    zone.offset_from_utc_datetime(&at.naive_utc())
        .fix()
        .local_minus_utc()
}

/// The transitions of `zone` during `years`, found by scanning day by
/// day and narrowing each change to the second.
fn transitions(zone: Tz, years: std::ops::RangeInclusive<i32>) -> Vec<Transition> {
    let day = |y: i32| {
        NaiveDate::from_ymd_opt(y, 1, 1)
            .unwrap_or_default()
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default()
            .and_utc()
    };
    let (mut at, end) = (day(*years.start()), day(*years.end() + 1));
    let mut found = Vec::new();
    while at < end {
        let next = at + Duration::days(1);
        let (before, after) = (offset(zone, at), offset(zone, next));
        if before != after {
            // The first second with the new offset.
            let (mut low, mut high) = (at, next);
            while high - low > Duration::seconds(1) {
                let mid = low + (high - low) / 2;
                if offset(zone, mid) == before {
                    low = mid;
                } else {
                    high = mid;
                }
            }
            let new = zone.offset_from_utc_datetime(&high.naive_utc());
            found.push(Transition {
                local: (high + Duration::seconds(i64::from(before))).naive_utc(),
                from: before,
                to: after,
                daylight: !new.dst_offset().is_zero(),
                name: new.abbreviation().unwrap_or_default().to_owned(),
            });
        }
        at = next;
    }
    found
}

/// `+0100`, `-0300`, `+0530`.
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

/// `BYDAY` of a date: `-1SU` for the last Sunday of its month, `2SU` for
/// the second.
fn by_day(date: NaiveDate) -> String {
    let weekday = match date.weekday() {
        chrono::Weekday::Mon => "MO",
        chrono::Weekday::Tue => "TU",
        chrono::Weekday::Wed => "WE",
        chrono::Weekday::Thu => "TH",
        chrono::Weekday::Fri => "FR",
        chrono::Weekday::Sat => "SA",
        chrono::Weekday::Sun => "SU",
    };
    let last = (date + Duration::days(7)).month() != date.month();
    if last {
        format!("-1{weekday}")
    } else {
        format!("{}{weekday}", (date.day() - 1) / 7 + 1)
    }
}

/// What makes a yearly transition the same rule from year to year.
fn rule_of(t: &Transition) -> (u32, String, chrono::NaiveTime, i32, i32) {
    (
        t.local.month(),
        by_day(t.local.date()),
        t.local.time(),
        t.from,
        t.to,
    )
}

fn observance(out: &mut String, t: &Transition, rrule: Option<String>) {
    let kind = if t.daylight { "DAYLIGHT" } else { "STANDARD" };
    out.push_str(&format!("BEGIN:{kind}\r\n"));
    out.push_str(&format!("DTSTART:{}\r\n", t.local.format("%Y%m%dT%H%M%S")));
    if let Some(rule) = rrule {
        out.push_str(&format!("RRULE:{rule}\r\n"));
    }
    out.push_str(&format!("TZOFFSETFROM:{}\r\n", utc_offset(t.from)));
    out.push_str(&format!("TZOFFSETTO:{}\r\n", utc_offset(t.to)));
    if !t.name.is_empty() {
        out.push_str(&format!("TZNAME:{}\r\n", t.name));
    }
    out.push_str(&format!("END:{kind}\r\n"));
}

/// The `VTIMEZONE` of `zone` for events during `years`, lines ending in
/// CRLF. Its observances start the year before, so that every event
/// follows an onset.
pub fn vtimezone(zone: Tz, years: std::ops::RangeInclusive<i32>) -> String {
    let (first, last) = (*years.start() - 1, *years.end());
    let mut out = format!("BEGIN:VTIMEZONE\r\nTZID:{}\r\n", zone.name());
    let changes = transitions(zone, first..=last);
    let per_year = |y: i32| {
        changes
            .iter()
            .filter(|t| t.local.year() == y)
            .map(rule_of)
            .collect::<Vec<_>>()
    };
    let steady = !changes.is_empty() && (first..=last).all(|y| per_year(y) == per_year(first));
    if changes.is_empty() {
        // No change in the span: one observance since the epoch.
        let start = NaiveDate::from_ymd_opt(first, 1, 1)
            .unwrap_or_default()
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default()
            .and_utc();
        let now = zone.offset_from_utc_datetime(&start.naive_utc());
        let seconds = now.fix().local_minus_utc();
        let since = Transition {
            local: NaiveDate::from_ymd_opt(1970, 1, 1)
                .unwrap_or_default()
                .and_hms_opt(0, 0, 0)
                .unwrap_or_default(),
            from: seconds,
            to: seconds,
            daylight: !now.dst_offset().is_zero(),
            name: now.abbreviation().unwrap_or_default().to_owned(),
        };
        observance(&mut out, &since, None);
    } else if steady {
        for t in changes.iter().filter(|t| t.local.year() == first) {
            let rule = format!(
                "FREQ=YEARLY;BYMONTH={};BYDAY={}",
                t.local.month(),
                by_day(t.local.date())
            );
            observance(&mut out, t, Some(rule));
        }
    } else {
        // The offset in force when the span opens, then every change.
        let opening = Transition {
            local: NaiveDate::from_ymd_opt(first, 1, 1)
                .unwrap_or_default()
                .and_hms_opt(0, 0, 0)
                .unwrap_or_default(),
            from: changes[0].from,
            to: changes[0].from,
            daylight: false,
            name: String::new(),
        };
        observance(&mut out, &opening, None);
        for t in &changes {
            observance(&mut out, t, None);
        }
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_is_two_yearly_rules_the_last_sundays_of_march_and_october() {
        let year = Utc::now().year();
        let text = vtimezone(chrono_tz::Europe::Paris, year..=year + 2);
        assert!(text.starts_with("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n"));
        assert_eq!(text.matches("BEGIN:DAYLIGHT").count(), 1, "{text}");
        assert_eq!(text.matches("BEGIN:STANDARD").count(), 1, "{text}");
        assert!(text.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST"), "{text}");
        assert!(text.contains("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET"), "{text}");
        // Clocks go forward at 02:00 and back at 03:00, local time.
        assert!(text.contains("T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3"));
        assert!(text.contains("T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10"));
    }

    #[test]
    fn a_zone_without_summer_time_is_one_standard_observance() {
        let year = Utc::now().year();
        let text = vtimezone(chrono_tz::Indian::Reunion, year..=year);
        assert_eq!(
            text,
            "BEGIN:VTIMEZONE\r\nTZID:Indian/Reunion\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n\
             TZOFFSETFROM:+0400\r\nTZOFFSETTO:+0400\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        );
        let text = vtimezone(chrono_tz::America::Cayenne, year..=year);
        assert!(text.contains("TZOFFSETTO:-0300"), "{text}");
    }

    #[test]
    fn rules_that_changed_within_the_span_are_spelled_out() {
        // Paris before and after the European rules of 1996 (summer time
        // then ended on the last Sunday of September).
        let text = vtimezone(chrono_tz::Europe::Paris, 1995..=1996);
        assert!(!text.contains("RRULE"), "{text}");
        assert_eq!(text.matches("BEGIN:DAYLIGHT").count(), 3, "{text}");
        assert!(text.contains("DTSTART:19950924T030000"), "{text}");
        assert!(text.contains("DTSTART:19940101T000000"), "{text}");
        assert!(text.contains("DTSTART:19961027T030000"), "{text}");
    }

    #[test]
    fn offsets_and_weekdays_are_spelled_as_rfc_5545_asks() {
        assert_eq!(utc_offset(3600), "+0100");
        assert_eq!(utc_offset(-3 * 3600), "-0300");
        assert_eq!(utc_offset(5 * 3600 + 1800), "+0530");
        // Second Sunday of March, first Sunday of November (Miquelon).
        let second = NaiveDate::from_ymd_opt(2027, 3, 14).unwrap();
        assert_eq!(by_day(second), "2SU");
        let first = NaiveDate::from_ymd_opt(2027, 11, 7).unwrap();
        assert_eq!(by_day(first), "1SU");
        let last = NaiveDate::from_ymd_opt(2027, 3, 28).unwrap();
        assert_eq!(by_day(last), "-1SU");
    }
}
