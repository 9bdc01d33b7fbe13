-- Waiting lists: people who would apply to a full mission, first come,
-- first served (the id is time-ordered). The first in line is promoted
-- into a pending application, in the transaction that frees a place.
CREATE TABLE waiting_list (
    id         BLOB PRIMARY KEY,
    mission_id BLOB NOT NULL REFERENCES missions (id),
    account_id BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    motivation text,
    parental_consent_at TEXT,
    joined_at  TEXT NOT NULL,
    UNIQUE (mission_id, account_id)
);
CREATE INDEX waiting_list_order ON waiting_list (mission_id, id);
CREATE INDEX waiting_list_account ON waiting_list (account_id);
