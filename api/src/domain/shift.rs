//! Shifts: dated slots of a mission with their own places, such as
//! "Saturday 14 March, 9:00–12:00, 6 places". A series (every day or every
//! week until a date) is stored as one row per shift, so that each has its
//! own places and can be changed or cancelled alone. Times are wall-clock
//! times where the mission happens: a weekly 9:00 stays 9:00 across summer
//! time.
//!
//! (The weekly `slots` of a mission are a different thing: a schedule to
//! describe a regular commitment, without places of their own.)

use chrono::{Duration, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::validation::{invalid, Errors, FieldError};

/// At most this many shifts per mission, cancelled ones excluded.
pub const MAX_PER_MISSION: usize = 200;
/// At most this many shifts in one application.
pub const MAX_PER_APPLICATION: usize = 50;
/// Shifts are planned at most this many days ahead.
pub const MAX_DAYS_AHEAD: i64 = 3 * 366;
/// A mission offers at most this many places, over all its shifts.
pub const MAX_PLACES: i64 = 10_000;

/// How a series repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Every {
    Day,
    Week,
}

impl Every {
    fn step(self) -> Duration {
        match self {
            Every::Day => Duration::days(1),
            Every::Week => Duration::weeks(1),
        }
    }
}

/// A shift's day and hours, checked: it ends after it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShiftTimes {
    pub day: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// A valid new shift or series: its times, places and the days it falls on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewShifts {
    pub days: Vec<NaiveDate>,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub capacity: i32,
}

/// Checks a shift's hours, its places and that its day is not past.
fn check_one(errors: &mut Errors, times: ShiftTimes, capacity: i32, today: NaiveDate) {
    if times.end <= times.start {
        errors.push(
            "end_time",
            invalid("before_start", "must be after start_time"),
        );
    }
    if times.day < today {
        errors.push("day", invalid("past", "must be today or later"));
    } else if times.day > today + Duration::days(MAX_DAYS_AHEAD) {
        errors.push(
            "day",
            invalid("too_far", "must be within three years from today"),
        );
    }
    if !(1..=10_000).contains(&capacity) {
        errors.push(
            "capacity",
            invalid("out_of_range", "must be between 1 and 10000"),
        );
    }
}

/// A shift or a series of shifts to add, with `room` shifts left on the
/// mission. A series runs from `times.day` every day or week up to
/// `until`, inclusive.
pub fn new_shifts(
    times: ShiftTimes,
    capacity: i32,
    repeat: Option<(Every, NaiveDate)>,
    room: usize,
    today: NaiveDate,
) -> Result<NewShifts, Vec<FieldError>> {
    let mut errors = Errors::new();
    check_one(&mut errors, times, capacity, today);
    let mut days = vec![times.day];
    if let Some((every, until)) = repeat {
        if until < times.day {
            errors.push(
                "repeat.until",
                invalid("before_start", "must not be before day"),
            );
        } else if errors.is_empty() {
            // The first day is within reach, so is every step to `room`.
            let mut day = times.day + every.step();
            while day <= until && days.len() <= room {
                days.push(day);
                day += every.step();
            }
        }
    }
    if days.len() > room {
        errors.push(
            if repeat.is_some() {
                "repeat.until"
            } else {
                "day"
            },
            invalid(
                "too_many",
                format!("a mission has at most {MAX_PER_MISSION} shifts: {room} more can be added"),
            ),
        );
    }
    errors.finish(|| NewShifts {
        days,
        start: times.start,
        end: times.end,
        capacity,
    })
}

/// A change to one shift: its new times and places, checked.
pub fn changed_shift(
    times: ShiftTimes,
    capacity: i32,
    today: NaiveDate,
) -> Result<(), Vec<FieldError>> {
    let mut errors = Errors::new();
    check_one(&mut errors, times, capacity, today);
    errors.finish(|| ())
}

/// The shifts an application names: at least one, at most
/// `MAX_PER_APPLICATION`, each once, in a fixed order (so that two
/// applications take their shifts' rows in the same order).
pub fn chosen(mut ids: Vec<uuid::Uuid>) -> Result<Vec<uuid::Uuid>, FieldError> {
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Err(FieldError::new(
            "shift_ids",
            "required",
            "this mission has shifts: choose at least one",
        ));
    }
    if ids.len() > MAX_PER_APPLICATION {
        return Err(FieldError::new(
            "shift_ids",
            "too_many",
            format!("at most {MAX_PER_APPLICATION} shifts in one application"),
        ));
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn times(day: &str, start: &str, end: &str) -> ShiftTimes {
        ShiftTimes {
            day: day.parse().unwrap(),
            start: NaiveTime::parse_from_str(start, "%H:%M").unwrap(),
            end: NaiveTime::parse_from_str(end, "%H:%M").unwrap(),
        }
    }

    fn today() -> NaiveDate {
        "2027-03-01".parse().unwrap()
    }

    #[test]
    fn a_weekly_series_runs_until_its_last_day_inclusive() {
        let t = times("2027-03-06", "09:00", "12:00");
        let until = "2027-03-27".parse().unwrap();
        let s = new_shifts(t, 6, Some((Every::Week, until)), 200, today()).unwrap();
        let days: Vec<String> = s.days.iter().map(ToString::to_string).collect();
        assert_eq!(
            days,
            ["2027-03-06", "2027-03-13", "2027-03-20", "2027-03-27"]
        );
        assert_eq!(s.capacity, 6);
    }

    #[test]
    fn a_series_beyond_the_room_left_is_refused_on_its_end() {
        let t = times("2027-03-06", "09:00", "12:00");
        let until = "2027-12-31".parse().unwrap();
        let e = new_shifts(t, 6, Some((Every::Day, until)), 10, today()).unwrap_err();
        assert_eq!(e[0].field, "repeat.until");
        assert_eq!(e[0].code, "too_many");
        // A single shift on a mission that is full of them.
        let e = new_shifts(t, 6, None, 0, today()).unwrap_err();
        assert_eq!(e[0].field, "day");
    }

    #[test]
    fn bad_hours_past_days_and_places_are_named() {
        let e = new_shifts(times("2027-02-01", "12:00", "09:00"), 0, None, 5, today()).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["end_time", "day", "capacity"]);
        let until = "2027-03-01".parse().unwrap();
        let e = new_shifts(
            times("2027-03-06", "09:00", "10:00"),
            1,
            Some((Every::Week, until)),
            5,
            today(),
        )
        .unwrap_err();
        assert_eq!(e[0].field, "repeat.until");
        assert!(changed_shift(times("2027-03-06", "09:00", "10:00"), 10_001, today()).is_err());
        assert!(changed_shift(times("2027-03-06", "09:00", "10:00"), 3, today()).is_ok());
        let e = changed_shift(times("2262-03-06", "09:00", "10:00"), 3, today()).unwrap_err();
        assert_eq!(
            (e[0].field.as_str(), e[0].code.as_str()),
            ("day", "too_far")
        );
    }

    #[test]
    fn an_application_names_its_shifts_once_each_in_a_fixed_order() {
        let a = uuid::Uuid::now_v7();
        let b = uuid::Uuid::now_v7();
        assert_eq!(chosen(vec![b, a, b]).unwrap(), vec![a, b]);
        assert_eq!(chosen(vec![]).unwrap_err().code, "required");
        let many = (0..51).map(|_| uuid::Uuid::now_v7()).collect();
        assert_eq!(chosen(many).unwrap_err().code, "too_many");
    }
}
