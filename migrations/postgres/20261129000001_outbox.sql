-- The outbox: work that must happen after a change commits (emails, search
-- indexing), written in the same transaction as the change so that it is
-- never lost and never done for a change that rolled back.
CREATE TABLE outbox_jobs (
    id           uuid PRIMARY KEY,
    kind         text NOT NULL,
    payload      jsonb NOT NULL,
    -- Higher runs first: security notices before newsletters.
    priority     integer NOT NULL DEFAULT 0,
    state        text NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'running', 'done', 'dead')),
    run_after    timestamptz NOT NULL,
    attempts     integer NOT NULL DEFAULT 0,
    last_error   text,
    -- A claim is a lease: a worker that dies leaves it to expire.
    locked_by    text,
    locked_until timestamptz,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    done_at      timestamptz
);

-- What a worker claims next; small because finished jobs leave it.
CREATE INDEX outbox_jobs_ready ON outbox_jobs (priority DESC, run_after) WHERE state = 'pending';
-- Leases to take back from vanished workers.
CREATE INDEX outbox_jobs_leased ON outbox_jobs (locked_until) WHERE state = 'running';
CREATE INDEX outbox_jobs_kind_state ON outbox_jobs (kind, state);

-- Durable copy of settings shared by every replica (the service mode);
-- Redis holds the fast copy.
CREATE TABLE service_settings (
    key        text PRIMARY KEY,
    value      text NOT NULL,
    updated_at timestamptz NOT NULL
);
