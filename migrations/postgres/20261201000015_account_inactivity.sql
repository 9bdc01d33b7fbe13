-- Data retention: when each account last signed in (or refreshed its
-- session), and when it was warned that inactivity will erase it. A
-- sign-in clears the warning.
ALTER TABLE accounts ADD COLUMN last_active_at timestamptz;
ALTER TABLE accounts ADD COLUMN inactivity_warned_at timestamptz;
UPDATE accounts SET last_active_at = updated_at;
CREATE INDEX accounts_inactive ON accounts (last_active_at) WHERE state = 'active';
CREATE INDEX accounts_never_activated ON accounts (created_at) WHERE state = 'pending_activation';
