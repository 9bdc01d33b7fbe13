-- A department's listing keeps the missions of other departments with an
-- address there: only an address after the first can be elsewhere than
-- its mission, whose department is its first address's.
CREATE INDEX IF NOT EXISTS mission_addresses_elsewhere
    ON mission_addresses (department, mission_id)
    WHERE position > 0;
