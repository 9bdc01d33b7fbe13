-- Saved searches (domain/saved_search.rs): a volunteer's criteria, and up
-- to when their alerts have looked (`notified_until`: missions published
-- later are still to tell).
CREATE TABLE saved_searches (
    id             BLOB PRIMARY KEY,
    account_id     BLOB NOT NULL REFERENCES accounts (id),
    criteria       TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    notified_until TEXT NOT NULL
);
CREATE INDEX saved_searches_account ON saved_searches (account_id, created_at);

-- The alerts are an optional email like the digests: on unless turned off.
ALTER TABLE notification_preferences
    ADD COLUMN saved_searches INTEGER NOT NULL DEFAULT 1;
