-- SQLite twin of the PostgreSQL migration of the same name.
-- Accounts: every person is a volunteer; admin is a flag, referents are
-- assigned per department. Profile columns are nullable for accounts made
-- by the CLI or by invitation, which complete their profile later.
CREATE TABLE accounts (
    id                       BLOB PRIMARY KEY NOT NULL,
    email                    TEXT NOT NULL,
    -- Lower-cased: one account per address whatever its case. An erased
    -- account's address is replaced by a tombstone, freeing the address.
    email_normalized         TEXT NOT NULL CONSTRAINT accounts_email_key UNIQUE,
    state                    TEXT NOT NULL
                             CHECK (state IN ('pending_activation', 'active', 'suspended', 'erased')),
    password_hash            TEXT,
    is_admin                 INTEGER NOT NULL DEFAULT 0,
    first_name               TEXT NOT NULL,
    last_name                TEXT NOT NULL,
    birth_date               TEXT,
    postcode                 TEXT,
    department               TEXT,
    phone                    TEXT,
    skills                   TEXT NOT NULL DEFAULT '[]',
    domains                  TEXT NOT NULL DEFAULT '[]',
    presentation             TEXT,
    visible_to_organizations INTEGER NOT NULL DEFAULT 1,
    terms_version            TEXT,
    terms_accepted_at        TEXT,
    suspended_reason         TEXT,
    email_undeliverable      INTEGER NOT NULL DEFAULT 0,
    created_at               TEXT NOT NULL,
    updated_at               TEXT NOT NULL,
    activated_at             TEXT,
    erased_at                TEXT
);

CREATE TABLE referent_departments (
    account_id BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    department TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    PRIMARY KEY (account_id, department)
);
CREATE INDEX referent_departments_department ON referent_departments (department);

-- Single-use tokens sent by email; only their SHA-256 is kept.
CREATE TABLE account_tokens (
    token_hash BLOB PRIMARY KEY NOT NULL,
    account_id BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('activation', 'password_reset', 'email_change')),
    new_email  TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX account_tokens_account ON account_tokens (account_id);

-- Refresh tokens, rotated on every use. A family is one login's chain:
-- presenting an already-rotated token revokes the whole family.
CREATE TABLE refresh_tokens (
    token_hash BLOB PRIMARY KEY NOT NULL,
    account_id BLOB NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    family_id  BLOB NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT,
    revoked_at TEXT
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_account ON refresh_tokens (account_id);

-- Responses of writes sent with an Idempotency-Key, replayed on retry.
CREATE TABLE idempotency_keys (
    scope         TEXT NOT NULL,
    key           TEXT NOT NULL,
    request_hash  BLOB NOT NULL,
    status        integer,
    response_body TEXT,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (scope, key)
);
