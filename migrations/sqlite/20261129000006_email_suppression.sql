-- SQLite twin of the PostgreSQL migration of the same name.
CREATE TABLE email_suppressions (
    email_normalized TEXT PRIMARY KEY NOT NULL,
    reason           TEXT NOT NULL,
    created_at       TEXT NOT NULL
);

ALTER TABLE outbox_jobs ADD COLUMN outcome TEXT;
