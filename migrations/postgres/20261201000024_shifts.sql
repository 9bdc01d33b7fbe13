-- Shifts: dated slots of a mission with their own places ("Saturday
-- 14 March, 9:00–12:00, 6 places"). A volunteer applies to one or more;
-- each shift's places are taken with one conditional UPDATE, like the
-- mission's. A mission with shifts keeps `capacity`, `places_taken` and
-- its dates as the sums and bounds of its live shifts, written in the
-- transactions that change them, so listing and search read them as
-- before. Times are wall-clock times of the mission's place.
CREATE TABLE shifts (
    id           uuid PRIMARY KEY,
    mission_id   uuid NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    day          date NOT NULL,
    start_time   time NOT NULL,
    end_time     time NOT NULL CHECK (end_time > start_time),
    capacity     integer NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    places_taken integer NOT NULL DEFAULT 0 CHECK (places_taken >= 0 AND places_taken <= capacity),
    cancelled_at timestamptz,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE INDEX shifts_of_mission ON shifts (mission_id, day, start_time);

-- The shifts a participation holds; `released_at` once its place went back.
CREATE TABLE participation_shifts (
    participation_id uuid NOT NULL REFERENCES participations (id) ON DELETE CASCADE,
    shift_id         uuid NOT NULL REFERENCES shifts (id) ON DELETE CASCADE,
    released_at      timestamptz,
    PRIMARY KEY (participation_id, shift_id)
);
CREATE INDEX participation_shifts_by_shift ON participation_shifts (shift_id);

ALTER TABLE missions ADD COLUMN has_shifts boolean NOT NULL DEFAULT false;
-- A place in line on a mission with shifts waits for one shift.
ALTER TABLE waiting_list ADD COLUMN shift_id uuid REFERENCES shifts (id) ON DELETE CASCADE;
