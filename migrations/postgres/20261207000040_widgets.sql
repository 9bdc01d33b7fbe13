-- Widgets (domain/widget.rs): a search fixed in advance that a site shows
-- in an iframe. `organization_id` is its owner (none: an admin's, over the
-- whole platform); its definition's `network` widens
-- an organisation's to its network's branches. A new table.
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '10s';

CREATE TABLE widgets (
    id              uuid PRIMARY KEY,
    organization_id uuid REFERENCES organizations (id),
    definition      jsonb NOT NULL,
    created_by      uuid REFERENCES accounts (id),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX widgets_organization ON widgets (organization_id, created_at);
