-- Access tokens of an account issued before this instant are void (a
-- password reset, a suspension, an erasure). The cache holds a copy for
-- speed; this column is the truth it falls back to on a miss or an outage.
ALTER TABLE accounts ADD COLUMN sessions_valid_after timestamptz;

-- A session ends at its absolute lifetime, counted from the sign-in that
-- opened it, however often it is refreshed.
ALTER TABLE refresh_tokens ADD COLUMN session_started_at timestamptz;
UPDATE refresh_tokens SET session_started_at = created_at;
ALTER TABLE refresh_tokens ALTER COLUMN session_started_at SET NOT NULL;
-- Expired tokens are purged by the worker.
CREATE INDEX refresh_tokens_expires ON refresh_tokens (expires_at);

-- Export and erasure find a person's emails by recipient without a scan.
CREATE INDEX outbox_jobs_recipient ON outbox_jobs (lower(payload->>'to'));
-- Finished jobs are purged after their retention.
CREATE INDEX outbox_jobs_done ON outbox_jobs (done_at) WHERE state = 'done';

-- Stored responses belong to an account (erasure drops them) and expire.
ALTER TABLE idempotency_keys ADD COLUMN account_id uuid;
CREATE INDEX idempotency_keys_account ON idempotency_keys (account_id) WHERE account_id IS NOT NULL;
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
CREATE INDEX account_tokens_expires ON account_tokens (expires_at);
-- The personal data export lists the history entries a person wrote.
CREATE INDEX state_history_actor ON state_history (actor_id) WHERE actor_id IS NOT NULL;
