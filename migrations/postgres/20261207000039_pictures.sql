-- Pictures (domain/picture.rs): a mission's image and an organisation's
-- logo, each at two widths, named by the hash of their bytes. `pictures`
-- holds them when the database is the storage (the default); with a
-- bucket it stays empty. Nullable columns without default: no rewrite.
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '10s';

CREATE TABLE pictures (
    name         text PRIMARY KEY,
    content_type text NOT NULL,
    bytes        bytea NOT NULL,
    created_at   timestamptz NOT NULL
);

ALTER TABLE missions
    ADD COLUMN image_large TEXT,
    ADD COLUMN image_small TEXT;

ALTER TABLE organizations
    ADD COLUMN logo_large TEXT,
    ADD COLUMN logo_small TEXT;
