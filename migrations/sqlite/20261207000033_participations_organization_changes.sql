-- An organisation's partner feed of participations: its own changes in
-- (updated_at, id) order, read from the index alone.
CREATE INDEX IF NOT EXISTS participations_organization_changes
    ON participations (organization_id, updated_at, id);
