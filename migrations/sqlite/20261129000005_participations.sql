-- SQLite twin of the PostgreSQL migration of the same name.
-- Participations: a volunteer's application to a mission and its outcome.
CREATE TABLE participations (
    id             BLOB PRIMARY KEY NOT NULL,
    mission_id     BLOB NOT NULL REFERENCES missions (id),
    volunteer_id   BLOB NOT NULL REFERENCES accounts (id),
    motivation     TEXT,
    state          TEXT NOT NULL DEFAULT 'pending'
                   CHECK (state IN ('pending', 'accepted', 'declined', 'cancelled', 'completed')),
    -- Why it was declined or cancelled: a code the SPA translates, and TEXT.
    reason_code    TEXT,
    reason         TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    -- One participation per volunteer and mission: the rule is the
    -- database's, so that concurrent applications cannot both pass a check.
    CONSTRAINT participations_volunteer_mission_key UNIQUE (volunteer_id, mission_id)
);
CREATE INDEX participations_mission ON participations (mission_id, state, id);
CREATE INDEX participations_volunteer ON participations (volunteer_id, id);

-- "Almost full" (80 %) and "full" are told to the managers once each.
ALTER TABLE missions ADD COLUMN almost_full_notified INTEGER NOT NULL DEFAULT 0;
ALTER TABLE missions ADD COLUMN full_notified INTEGER NOT NULL DEFAULT 0;
