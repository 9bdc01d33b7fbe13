-- Organisations, their members and invitations; missions and their
-- addresses; the history of every state change.
CREATE TABLE organizations (
    id             uuid PRIMARY KEY,
    name           text NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('association', 'public_body', 'company')),
    rna            text,
    siret          text,
    description    text NOT NULL,
    address_line   text,
    postcode       text NOT NULL,
    city           text NOT NULL,
    department     text NOT NULL,
    latitude       double precision NOT NULL,
    longitude      double precision NOT NULL,
    website        text,
    contact_email  text NOT NULL,
    contact_phone  text,
    domains        jsonb NOT NULL DEFAULT '[]',
    state          text NOT NULL DEFAULT 'draft'
                   CHECK (state IN ('draft', 'pending_review', 'approved', 'rejected', 'flagged', 'deregistered')),
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    -- When it last entered pending_review: moderation queues run oldest first.
    submitted_at   timestamptz
);
CREATE INDEX organizations_review_queue ON organizations (department, submitted_at, id) WHERE state = 'pending_review';

CREATE TABLE organization_members (
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    account_id      uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role            text NOT NULL CHECK (role IN ('owner', 'manager')),
    joined_at       timestamptz NOT NULL,
    PRIMARY KEY (organization_id, account_id)
);
CREATE INDEX organization_members_account ON organization_members (account_id);

CREATE TABLE organization_invitations (
    token_hash       bytea PRIMARY KEY,
    organization_id  uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email_normalized text NOT NULL,
    role             text NOT NULL CHECK (role IN ('owner', 'manager')),
    invited_by       uuid NOT NULL REFERENCES accounts (id),
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    accepted_at      timestamptz
);
CREATE INDEX organization_invitations_org ON organization_invitations (organization_id);

CREATE TABLE missions (
    id                  uuid PRIMARY KEY,
    organization_id     uuid NOT NULL REFERENCES organizations (id),
    title               text NOT NULL,
    description         text NOT NULL,
    domain              text NOT NULL,
    skills              jsonb NOT NULL DEFAULT '[]',
    audience            jsonb NOT NULL DEFAULT '[]',
    format              text NOT NULL CHECK (format IN ('on_site', 'remote', 'hybrid')),
    start_date          date,
    end_date            date,
    slots               jsonb NOT NULL DEFAULT '[]',
    commitment_kind     text NOT NULL CHECK (commitment_kind IN ('per_week', 'total')),
    commitment_hours    double precision NOT NULL,
    capacity            integer NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    -- Taken with one conditional UPDATE, so never above capacity.
    places_taken        integer NOT NULL DEFAULT 0 CHECK (places_taken >= 0 AND places_taken <= capacity),
    minimum_age         integer NOT NULL CHECK (minimum_age BETWEEN 16 AND 99),
    motivation_required boolean NOT NULL DEFAULT false,
    registration_open   boolean NOT NULL DEFAULT true,
    -- The department that moderates it: its first address's, or its
    -- organisation's when remote.
    department          text NOT NULL,
    state               text NOT NULL DEFAULT 'draft'
                        CHECK (state IN ('draft', 'pending_review', 'published', 'rejected', 'completed', 'cancelled', 'flagged')),
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    submitted_at        timestamptz,
    published_at        timestamptz
);
CREATE INDEX missions_organization ON missions (organization_id, id);
CREATE INDEX missions_review_queue ON missions (department, submitted_at, id) WHERE state = 'pending_review';
CREATE INDEX missions_published ON missions (published_at, id) WHERE state = 'published';

CREATE TABLE mission_addresses (
    mission_id uuid NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
    position   integer NOT NULL,
    line       text,
    postcode   text NOT NULL,
    city       text NOT NULL,
    department text NOT NULL,
    latitude   double precision NOT NULL,
    longitude  double precision NOT NULL,
    PRIMARY KEY (mission_id, position)
);

-- Every state change, written in the transaction of the change. The actor
-- is kept as an account id (an erased account shows as such) and a role.
CREATE TABLE state_history (
    id           uuid PRIMARY KEY,
    subject_kind text NOT NULL CHECK (subject_kind IN ('organization', 'mission', 'participation')),
    subject_id   uuid NOT NULL,
    actor_id     uuid,
    actor_role   text NOT NULL,
    from_state   text,
    to_state     text NOT NULL,
    reason       text,
    created_at   timestamptz NOT NULL
);
CREATE INDEX state_history_subject ON state_history (subject_kind, subject_id, id);
