-- no-transaction
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- because the runner (store/migrate.rs) sets lock_timeout on its session and gives way when it expires, and a concurrent build over a national table may take minutes
-- An organisation's partner feed of participations: its own changes in
-- (updated_at, id) order, read from the index alone.
CREATE INDEX CONCURRENTLY IF NOT EXISTS participations_organization_changes
    ON participations (organization_id, updated_at, id);
