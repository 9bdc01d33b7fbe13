-- SQLite twin of the PostgreSQL migration of the same name.
-- Organisations, their members and invitations; missions and their
-- addresses; the history of every state change.
CREATE TABLE organizations (
    id             BLOB PRIMARY KEY NOT NULL,
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('association', 'public_body', 'company')),
    rna            TEXT,
    siret          TEXT,
    description    TEXT NOT NULL,
    address_line   TEXT,
    postcode       TEXT NOT NULL,
    city           TEXT NOT NULL,
    department     TEXT NOT NULL,
    latitude       REAL NOT NULL,
    longitude      REAL NOT NULL,
    website        TEXT,
    contact_email  TEXT NOT NULL,
    contact_phone  TEXT,
    domains        TEXT NOT NULL DEFAULT '[]',
    state          TEXT NOT NULL DEFAULT 'draft'
                   CHECK (state IN ('draft', 'pending_review', 'approved', 'rejected', 'flagged', 'deregistered')),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    -- When it last entered pending_review: moderation queues run oldest first.
    submitted_at   TEXT
);
CREATE INDEX organizations_review_queue ON organizations (department, submitted_at, id) WHERE state = 'pending_review';

CREATE TABLE organization_members (
    organization_id BLOB NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    account_id      BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('owner', 'manager')),
    joined_at       TEXT NOT NULL,
    PRIMARY KEY (organization_id, account_id)
);
CREATE INDEX organization_members_account ON organization_members (account_id);

CREATE TABLE organization_invitations (
    token_hash       BLOB PRIMARY KEY NOT NULL,
    organization_id  BLOB NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email_normalized TEXT NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('owner', 'manager')),
    invited_by       BLOB NOT NULL REFERENCES accounts (id),
    created_at       TEXT NOT NULL,
    expires_at       TEXT NOT NULL,
    accepted_at      TEXT
);
CREATE INDEX organization_invitations_org ON organization_invitations (organization_id);

CREATE TABLE missions (
    id                  BLOB PRIMARY KEY NOT NULL,
    organization_id     BLOB NOT NULL REFERENCES organizations (id),
    title               TEXT NOT NULL,
    description         TEXT NOT NULL,
    domain              TEXT NOT NULL,
    skills              TEXT NOT NULL DEFAULT '[]',
    audience            TEXT NOT NULL DEFAULT '[]',
    format              TEXT NOT NULL CHECK (format IN ('on_site', 'remote', 'hybrid')),
    start_date          TEXT,
    end_date            TEXT,
    slots               TEXT NOT NULL DEFAULT '[]',
    commitment_kind     TEXT NOT NULL CHECK (commitment_kind IN ('per_week', 'total')),
    commitment_hours    REAL NOT NULL,
    capacity            INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    -- Taken with one conditional UPDATE, so never above capacity.
    places_taken        INTEGER NOT NULL DEFAULT 0 CHECK (places_taken >= 0 AND places_taken <= capacity),
    minimum_age         INTEGER NOT NULL CHECK (minimum_age BETWEEN 16 AND 99),
    motivation_required INTEGER NOT NULL DEFAULT 0,
    registration_open   INTEGER NOT NULL DEFAULT 1,
    -- The department that moderates it: its first address's, or its
    -- organisation's when remote.
    department          TEXT NOT NULL,
    state               TEXT NOT NULL DEFAULT 'draft'
                        CHECK (state IN ('draft', 'pending_review', 'published', 'rejected', 'completed', 'cancelled', 'flagged')),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    submitted_at        TEXT,
    published_at        TEXT
);
CREATE INDEX missions_organization ON missions (organization_id, id);
CREATE INDEX missions_review_queue ON missions (department, submitted_at, id) WHERE state = 'pending_review';
CREATE INDEX missions_published ON missions (published_at, id) WHERE state = 'published';

CREATE TABLE mission_addresses (
    mission_id BLOB NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    line       TEXT,
    postcode   TEXT NOT NULL,
    city       TEXT NOT NULL,
    department TEXT NOT NULL,
    latitude   REAL NOT NULL,
    longitude  REAL NOT NULL,
    PRIMARY KEY (mission_id, position)
);

-- Every state change, written in the transaction of the change. The actor
-- is kept as an account id (an erased account shows as such) and a role.
CREATE TABLE state_history (
    id           BLOB PRIMARY KEY NOT NULL,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('organization', 'mission', 'participation')),
    subject_id   BLOB NOT NULL,
    actor_id     BLOB,
    actor_role   TEXT NOT NULL,
    from_state   TEXT,
    to_state     TEXT NOT NULL,
    reason       TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX state_history_subject ON state_history (subject_kind, subject_id, id);
