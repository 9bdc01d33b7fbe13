-- A radius search reads, for each address in the bounding box, its
-- mission and its coordinates on the unit sphere: kept in the index (SQLite
-- has no INCLUDE, so as trailing columns), they are read without the
-- table. The index serves the bounding box as the one it replaces did.
CREATE INDEX mission_addresses_near ON mission_addresses (latitude, longitude, mission_id, x, y, z);
DROP INDEX mission_addresses_geo;
