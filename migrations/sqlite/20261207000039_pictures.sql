-- Pictures (domain/picture.rs): a mission's image and an organisation's
-- logo, each at two widths, named by the hash of their bytes. `pictures`
-- holds them when the database is the storage (the default).
CREATE TABLE pictures (
    name         TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    bytes        BLOB NOT NULL,
    created_at   TEXT NOT NULL
);

ALTER TABLE missions ADD COLUMN image_large TEXT;
ALTER TABLE missions ADD COLUMN image_small TEXT;
ALTER TABLE organizations ADD COLUMN logo_large TEXT;
ALTER TABLE organizations ADD COLUMN logo_small TEXT;
