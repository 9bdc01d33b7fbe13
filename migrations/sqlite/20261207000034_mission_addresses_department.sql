-- The listing by department keeps a mission with an address there: an
-- index of the addresses by department, so that test does not read them
-- all.
CREATE INDEX IF NOT EXISTS mission_addresses_department
    ON mission_addresses (department, mission_id);
