-- no-transaction
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- because the runner (store/migrate.rs) sets lock_timeout on its session and gives way when it expires, and a concurrent build over a national table may take minutes
-- The retention sweep's second step (accounts warned long ago, oldest
-- first) read every account: an index of the warned ones only, which few
-- accounts are at any time.
CREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_inactivity_warned
    ON accounts (inactivity_warned_at)
    WHERE state = 'active' AND inactivity_warned_at IS NOT NULL;
