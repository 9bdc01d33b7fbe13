-- SQLite twin of the PostgreSQL migration of the same name.
ALTER TABLE outbox_jobs ADD COLUMN coalesce_key TEXT;
CREATE UNIQUE INDEX outbox_jobs_coalesce ON outbox_jobs (coalesce_key) WHERE state = 'pending';
