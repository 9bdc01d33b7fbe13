-- SQLite twin of the PostgreSQL schema: uuid as 16-byte BLOB, timestamps as
-- RFC 3339 UTC TEXT (which sorts in time order), json as TEXT.
CREATE TABLE outbox_jobs (
    id           BLOB PRIMARY KEY NOT NULL,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    priority     INTEGER NOT NULL DEFAULT 0,
    state        TEXT NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'running', 'done', 'dead')),
    run_after    TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    locked_by    TEXT,
    locked_until TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    done_at      TEXT
);

CREATE INDEX outbox_jobs_ready ON outbox_jobs (priority DESC, run_after) WHERE state = 'pending';
CREATE INDEX outbox_jobs_leased ON outbox_jobs (locked_until) WHERE state = 'running';
CREATE INDEX outbox_jobs_kind_state ON outbox_jobs (kind, state);

CREATE TABLE service_settings (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
