-- Reminders are outbox jobs of kind 'reminder' whose coalescing key names
-- the reminder (kind, object, occurrence): scheduling it again moves the
-- waiting job instead of adding one. A reminder that ran is recorded
-- here, in the transaction of its emails, so that it runs once even when
-- a job runs twice (a worker that vanished mid-job).
CREATE TABLE reminders_sent (
    key     text PRIMARY KEY,
    sent_at timestamptz NOT NULL
);
