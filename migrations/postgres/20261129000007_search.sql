-- The built-in search engine reads the mission tables directly.
--
-- Text: French stemming with accents folded ("médiation" finds
-- "mediation"), title weighted above description, in a GIN index.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION renfort_fr (COPY = french);
ALTER TEXT SEARCH CONFIGURATION renfort_fr
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
ALTER TABLE missions ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('renfort_fr'::regconfig, title), 'A') ||
        setweight(to_tsvector('renfort_fr'::regconfig, description), 'B')
    ) STORED;
CREATE INDEX missions_search_text ON missions USING gin (search_vector);
CREATE INDEX missions_searchable ON missions (start_date, id) WHERE state = 'published' AND registration_open;

-- Places: the unit vector of each address on the sphere, computed when the
-- address is written. The chord between two unit vectors grows with the
-- great-circle distance, so radius and ordering need only arithmetic
-- (identical on SQLite, which has no trigonometry); a latitude/longitude
-- bounding box on the index narrows the candidates first.
ALTER TABLE mission_addresses ADD COLUMN x double precision;
ALTER TABLE mission_addresses ADD COLUMN y double precision;
ALTER TABLE mission_addresses ADD COLUMN z double precision;
CREATE INDEX mission_addresses_geo ON mission_addresses (latitude, longitude);
