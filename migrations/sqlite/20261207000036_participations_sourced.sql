-- The applications a link or the hub brought, for the statistics by
-- source.
CREATE INDEX IF NOT EXISTS participations_sourced
    ON participations (mission_id)
    WHERE utm_source IS NOT NULL OR apiengagement_id IS NOT NULL;
