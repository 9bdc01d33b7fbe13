-- Saved searches (domain/saved_search.rs): a volunteer's criteria, and up
-- to when their alerts have looked (`notified_until`: missions published
-- later are still to tell). A new table, and a column with a constant
-- default, which PostgreSQL adds without rewriting the table.
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '10s';

CREATE TABLE saved_searches (
    id             uuid PRIMARY KEY,
    account_id     uuid NOT NULL REFERENCES accounts (id),
    criteria       jsonb NOT NULL,
    created_at     timestamptz NOT NULL,
    notified_until timestamptz NOT NULL
);
CREATE INDEX saved_searches_account ON saved_searches (account_id, created_at);

-- The alerts are an optional email like the digests: on unless turned off.
ALTER TABLE notification_preferences
    ADD COLUMN saved_searches boolean NOT NULL DEFAULT true;
