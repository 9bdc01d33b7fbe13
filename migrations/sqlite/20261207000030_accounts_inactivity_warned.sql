-- The retention sweep's second step (accounts warned long ago, oldest
-- first) read every account: an index of the warned ones only.
CREATE INDEX IF NOT EXISTS accounts_inactivity_warned
    ON accounts (inactivity_warned_at)
    WHERE state = 'active' AND inactivity_warned_at IS NOT NULL;
