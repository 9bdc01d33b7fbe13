-- Widgets (domain/widget.rs): a search fixed in advance that a site shows
-- in an iframe. `organization_id` is its owner (none: an admin's, over the
-- whole platform); `reach` says whose missions it may show.
CREATE TABLE widgets (
    id              BLOB PRIMARY KEY,
    organization_id BLOB REFERENCES organizations (id),
    reach           TEXT NOT NULL CHECK (reach IN ('platform', 'organization', 'network')),
    definition      TEXT NOT NULL,
    created_by      BLOB REFERENCES accounts (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX widgets_organization ON widgets (organization_id, created_at);
