-- Coalescing: a job with a key is written only if no job with the same key
-- is still waiting, so that a burst of changes to one mission produces one
-- search update instead of hundreds.
ALTER TABLE outbox_jobs ADD COLUMN coalesce_key text;
CREATE UNIQUE INDEX outbox_jobs_coalesce ON outbox_jobs (coalesce_key) WHERE state = 'pending';
