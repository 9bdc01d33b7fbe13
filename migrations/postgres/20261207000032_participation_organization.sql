-- Expand: the organisation on the participation itself, so that an
-- organisation's feed and lists read its own participations through an
-- index instead of walking everyone's (docs/SCALING.md, "A country's
-- worth of data"). Added nullable and without a default: no rewrite of
-- the table, a brief lock the runner gives way on.
--
-- The previous release's pods keep inserting participations while this
-- one rolls out, without the column: the trigger fills it from the
-- mission for them. The rows written before are filled in batches by the
-- runner's backfill (store/backfill.rs). Contract, in a later release once
-- every row is filled: drop the trigger, then NOT NULL through a
-- `CHECK (organization_id IS NOT NULL) NOT VALID` validated on its own.
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '10s';

ALTER TABLE participations ADD COLUMN organization_id UUID;

CREATE FUNCTION participation_organization() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.organization_id IS NULL THEN
        SELECT organization_id INTO NEW.organization_id FROM missions WHERE id = NEW.mission_id;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER participation_organization BEFORE INSERT ON participations
    FOR EACH ROW EXECUTE FUNCTION participation_organization();

-- What the runner's batched backfills have finished: a new pod starts only
-- once every one is (startup.rs counts them as pending migrations).
CREATE TABLE data_backfills (
    name TEXT PRIMARY KEY,
    done_at TIMESTAMPTZ NOT NULL
);
