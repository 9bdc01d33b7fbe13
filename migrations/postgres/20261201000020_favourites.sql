-- Missions a volunteer bookmarked.
CREATE TABLE favourites (
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    mission_id uuid NOT NULL REFERENCES missions (id),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, mission_id)
);
CREATE INDEX favourites_mission ON favourites (mission_id);
