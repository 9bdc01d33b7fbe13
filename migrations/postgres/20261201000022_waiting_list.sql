-- Waiting lists: people who would apply to a full mission, first come,
-- first served (the id is time-ordered). The first in line is promoted
-- into a pending application, in the transaction that frees a place.
CREATE TABLE waiting_list (
    id         uuid PRIMARY KEY,
    mission_id uuid NOT NULL REFERENCES missions (id),
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    motivation text,
    parental_consent_at timestamptz,
    joined_at  timestamptz NOT NULL,
    UNIQUE (mission_id, account_id)
);
CREATE INDEX waiting_list_order ON waiting_list (mission_id, id);
CREATE INDEX waiting_list_account ON waiting_list (account_id);
