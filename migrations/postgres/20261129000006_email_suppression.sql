-- Addresses that must receive nothing more (Brevo reported a hard bounce,
-- a spam complaint, a block, an invalid address or an unsubscription).
CREATE TABLE email_suppressions (
    email_normalized text PRIMARY KEY,
    reason           text NOT NULL,
    created_at       timestamptz NOT NULL
);

-- What happened to a job that finished without doing its work, e.g.
-- "skipped: address suppressed (hard_bounce)".
ALTER TABLE outbox_jobs ADD COLUMN outcome text;
