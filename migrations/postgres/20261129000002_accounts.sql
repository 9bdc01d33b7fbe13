-- Accounts: every person is a volunteer; admin is a flag, referents are
-- assigned per department. Profile columns are nullable for accounts made
-- by the CLI or by invitation, which complete their profile later.
CREATE TABLE accounts (
    id                       uuid PRIMARY KEY,
    email                    text NOT NULL,
    -- Lower-cased: one account per address whatever its case. An erased
    -- account's address is replaced by a tombstone, freeing the address.
    email_normalized         text NOT NULL CONSTRAINT accounts_email_key UNIQUE,
    state                    text NOT NULL
                             CHECK (state IN ('pending_activation', 'active', 'suspended', 'erased')),
    password_hash            text,
    is_admin                 boolean NOT NULL DEFAULT false,
    first_name               text NOT NULL,
    last_name                text NOT NULL,
    birth_date               date,
    postcode                 text,
    department               text,
    phone                    text,
    skills                   jsonb NOT NULL DEFAULT '[]',
    domains                  jsonb NOT NULL DEFAULT '[]',
    presentation             text,
    visible_to_organizations boolean NOT NULL DEFAULT true,
    terms_version            text,
    terms_accepted_at        timestamptz,
    suspended_reason         text,
    email_undeliverable      boolean NOT NULL DEFAULT false,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL,
    activated_at             timestamptz,
    erased_at                timestamptz
);

CREATE TABLE referent_departments (
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    department text NOT NULL,
    granted_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, department)
);
CREATE INDEX referent_departments_department ON referent_departments (department);

-- Single-use tokens sent by email; only their SHA-256 is kept.
CREATE TABLE account_tokens (
    token_hash bytea PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose    text NOT NULL CHECK (purpose IN ('activation', 'password_reset', 'email_change')),
    new_email  text,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX account_tokens_account ON account_tokens (account_id);

-- Refresh tokens, rotated on every use. A family is one login's chain:
-- presenting an already-rotated token revokes the whole family.
CREATE TABLE refresh_tokens (
    token_hash bytea PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    family_id  uuid NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    revoked_at timestamptz
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_account ON refresh_tokens (account_id);

-- Responses of writes sent with an Idempotency-Key, replayed on retry.
CREATE TABLE idempotency_keys (
    scope         text NOT NULL,
    key           text NOT NULL,
    request_hash  bytea NOT NULL,
    status        integer,
    response_body text,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (scope, key)
);
