-- no-transaction
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- because the runner (store/migrate.rs) sets lock_timeout on its session and gives way when it expires, and a concurrent build over a national table may take minutes
-- The listing by department keeps a mission with an address there: that
-- test read every address of the country (85,000 at national scale, 16 ms
-- of a 46 ms listing) for want of an index.
CREATE INDEX CONCURRENTLY IF NOT EXISTS mission_addresses_department
    ON mission_addresses (department, mission_id);
