-- A volunteer's personal calendar feed: a secret URL their calendar
-- application polls. Only the token's hash is kept; a new one replaces
-- it, and deleting the row revokes it.
CREATE TABLE calendar_feeds (
    account_id BLOB PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash BLOB NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
