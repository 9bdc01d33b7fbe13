#!/usr/bin/env python3
"""Reads Renfort's calendar files with readers no one here wrote.

Each file given (the integration suite keeps some under
target/tmp/calendar-samples) is parsed with Python's `icalendar`, its
events expanded over two years with `recurring-ical-events`, and every
occurrence placed twice: by the file's own VTIMEZONE (as an application
without the IANA database, Outlook desktop among them, would) and by the
system's IANA database (zoneinfo). Both must agree on every instant, and
every TZID named must be defined.

    python3 scripts/check-calendars.py FILE.ics...
"""
import datetime as dt
import sys
import zoneinfo

import icalendar
import recurring_ical_events


def check(path):
    with open(path, "rb") as f:
        calendar = icalendar.Calendar.from_ical(f.read())
    # lookup_tzid=False: the rules the file writes, not the database the
    # name would find.
    defined = {
        str(tz["TZID"]): tz.to_tz(lookup_tzid=False) for tz in calendar.walk("VTIMEZONE")
    }
    named = set()
    for event in calendar.walk("VEVENT"):
        start = event["DTSTART"]
        tzid = start.params.get("TZID")
        if tzid:
            named.add(str(tzid))
    missing = named - set(defined)
    if missing:
        raise SystemExit(f"{path}: TZID without a VTIMEZONE: {sorted(missing)}")

    today = dt.date.today()
    occurrences = recurring_ical_events.of(calendar).between(
        today - dt.timedelta(days=365), today + dt.timedelta(days=730)
    )
    checked = 0
    for occurrence in occurrences:
        start = occurrence["DTSTART"].dt
        if not isinstance(start, dt.datetime) or start.tzinfo is None:
            continue  # all-day
        tzid = str(occurrence["DTSTART"].params.get("TZID", ""))
        if tzid not in defined:
            continue
        wall = start.replace(tzinfo=None)
        by_file = wall.replace(tzinfo=defined[tzid]).astimezone(dt.timezone.utc)
        by_iana = wall.replace(tzinfo=zoneinfo.ZoneInfo(tzid)).astimezone(dt.timezone.utc)
        if by_file != by_iana:
            raise SystemExit(
                f"{path}: {wall} {tzid} is {by_file} by the file's VTIMEZONE, {by_iana} by IANA"
            )
        checked += 1
    if named and not checked:
        raise SystemExit(f"{path}: no timed occurrence to check")
    print(f"{path}: {checked} occurrences in {sorted(named) or 'no zone'}, placed alike")
    return checked


def main(paths):
    if not paths:
        raise SystemExit("no calendar file given")
    for path in paths:
        check(path)


if __name__ == "__main__":
    main(sys.argv[1:])
