-- SQLite twin of the PostgreSQL migration of the same name.
-- The partner API: organisation API keys, missions known by the partner's
-- own id, the change feed's indexes, signed webhooks, staff exports, and an
-- audit trail of who did what that is not a state change.

-- A key is `rf_live_<prefix>_<secret>`: the prefix finds the row, the
-- SHA-256 of the secret (256 random bits) proves it. No organisation: a
-- platform-wide read-only key, for hubs and aggregators.
CREATE TABLE api_keys (
    id              BLOB PRIMARY KEY NOT NULL,
    organization_id BLOB REFERENCES organizations (id) ON DELETE CASCADE,
    prefix          TEXT NOT NULL UNIQUE,
    secret_hash     BLOB NOT NULL,
    name            TEXT NOT NULL,
    scopes          TEXT NOT NULL,
    rate_per_minute integer NOT NULL CHECK (rate_per_minute BETWEEN 1 AND 100000),
    created_by      BLOB REFERENCES accounts (id) ON DELETE SET NULL,
    created_at      TEXT NOT NULL,
    rotated_at      TEXT,
    last_used_at    TEXT,
    revoked_at      TEXT
);
CREATE INDEX api_keys_organization ON api_keys (organization_id, created_at);

-- The partner's own id of a mission, unique in its organisation.
ALTER TABLE missions ADD COLUMN client_id text;
CREATE UNIQUE INDEX missions_client_id ON missions (organization_id, client_id) WHERE client_id IS NOT NULL;
-- The change feeds page by (updated_at, id).
CREATE INDEX missions_changes ON missions (updated_at, id);
CREATE INDEX missions_organization_changes ON missions (organization_id, updated_at, id);
CREATE INDEX participations_changes ON participations (updated_at, id);

-- What happened that is not a state change: keys created, rotated and
-- revoked, webhook endpoints changed or disabled, exports taken.
CREATE TABLE audit_events (
    id              BLOB PRIMARY KEY NOT NULL,
    organization_id BLOB REFERENCES organizations (id) ON DELETE CASCADE,
    department      text,
    actor_id        BLOB,
    actor_role      TEXT NOT NULL,
    action          TEXT NOT NULL,
    detail          TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX audit_events_organization ON audit_events (organization_id, id);

-- An organisation's webhook endpoint. The secret signs every delivery
-- (Standard Webhooks); after a rotation the previous one signs too, until
-- `previous_secret_expires_at`.
CREATE TABLE webhook_endpoints (
    id                         BLOB PRIMARY KEY NOT NULL,
    organization_id            BLOB NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    url                        TEXT NOT NULL,
    events                     TEXT NOT NULL,
    secret                     TEXT NOT NULL,
    previous_secret            text,
    previous_secret_expires_at TEXT,
    enabled                    INTEGER NOT NULL DEFAULT 1,
    consecutive_failures       integer NOT NULL DEFAULT 0,
    disabled_at                TEXT,
    created_by                 BLOB REFERENCES accounts (id) ON DELETE SET NULL,
    created_at                 TEXT NOT NULL,
    updated_at                 TEXT NOT NULL
);
CREATE INDEX webhook_endpoints_organization ON webhook_endpoints (organization_id, id);

-- One event for one endpoint. Its id is the `webhook-id` a receiver
-- deduplicates on; the body is fixed when the event happens.
CREATE TABLE webhook_deliveries (
    id            BLOB PRIMARY KEY NOT NULL,
    endpoint_id   BLOB NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event         TEXT NOT NULL,
    body          TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts      integer NOT NULL DEFAULT 0,
    last_status   integer,
    last_error    text,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    delivered_at  TEXT
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);

-- A large export, produced by the worker and downloadable for 24 h with
-- the link's token (its SHA-256 is kept).
CREATE TABLE exports (
    id              BLOB PRIMARY KEY NOT NULL,
    kind            TEXT NOT NULL,
    organization_id BLOB REFERENCES organizations (id) ON DELETE CASCADE,
    departments     TEXT NOT NULL DEFAULT '[]',
    requested_by    BLOB REFERENCES accounts (id) ON DELETE CASCADE,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'ready')),
    token_hash      BLOB NOT NULL,
    content         BLOB,
    row_count       integer,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL
);
