-- Widgets (domain/widget.rs): a search fixed in advance that a site shows
-- in an iframe. `organization_id` is its owner (none: an admin's, over the
-- whole platform); its definition's `network` widens
-- an organisation's to its network's branches.
CREATE TABLE widgets (
    id              BLOB PRIMARY KEY,
    organization_id BLOB REFERENCES organizations (id),
    definition      TEXT NOT NULL,
    created_by      BLOB REFERENCES accounts (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX widgets_organization ON widgets (organization_id, created_at);
