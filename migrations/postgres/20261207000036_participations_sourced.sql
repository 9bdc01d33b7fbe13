-- no-transaction
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- because the runner (store/migrate.rs) sets lock_timeout on its session and gives way when it expires, and a concurrent build over a national table may take minutes
-- The statistics by source count the applications a link or the hub
-- brought (the rest came directly): an index of those alone, so that the
-- rollup reads them, not the country's millions of applications.
CREATE INDEX CONCURRENTLY IF NOT EXISTS participations_sourced
    ON participations (mission_id)
    WHERE utm_source IS NOT NULL OR apiengagement_id IS NOT NULL;
