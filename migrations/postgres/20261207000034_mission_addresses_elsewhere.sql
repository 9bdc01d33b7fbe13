-- no-transaction
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- because the runner (store/migrate.rs) sets lock_timeout on its session and gives way when it expires, and a concurrent build over a national table may take minutes
-- A department's listing keeps the missions of other departments with an
-- address there. A mission's department is its first address's, so only
-- a later address can be elsewhere: an index of those alone (few), by
-- department, instead of reading every address of the department.
CREATE INDEX CONCURRENTLY IF NOT EXISTS mission_addresses_elsewhere
    ON mission_addresses (department, mission_id)
    WHERE position > 0;
