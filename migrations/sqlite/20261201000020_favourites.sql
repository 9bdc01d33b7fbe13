-- Missions a volunteer bookmarked.
CREATE TABLE favourites (
    account_id BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    mission_id BLOB NOT NULL REFERENCES missions (id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (account_id, mission_id)
);
CREATE INDEX favourites_mission ON favourites (mission_id);
