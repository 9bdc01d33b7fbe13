-- Participations: a volunteer's application to a mission and its outcome.
CREATE TABLE participations (
    id             uuid PRIMARY KEY,
    mission_id     uuid NOT NULL REFERENCES missions (id),
    volunteer_id   uuid NOT NULL REFERENCES accounts (id),
    motivation     text,
    state          text NOT NULL DEFAULT 'pending'
                   CHECK (state IN ('pending', 'accepted', 'declined', 'cancelled', 'completed')),
    -- Why it was declined or cancelled: a code the SPA translates, and text.
    reason_code    text,
    reason         text,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    -- One participation per volunteer and mission: the rule is the
    -- database's, so that concurrent applications cannot both pass a check.
    CONSTRAINT participations_volunteer_mission_key UNIQUE (volunteer_id, mission_id)
);
CREATE INDEX participations_mission ON participations (mission_id, state, id);
CREATE INDEX participations_volunteer ON participations (volunteer_id, id);

-- "Almost full" (80 %) and "full" are told to the managers once each.
ALTER TABLE missions ADD COLUMN almost_full_notified boolean NOT NULL DEFAULT false;
ALTER TABLE missions ADD COLUMN full_notified boolean NOT NULL DEFAULT false;
