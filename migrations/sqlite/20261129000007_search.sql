-- SQLite twin of the PostgreSQL migration of the same name: FTS5 with
-- accents folded (no French stemmer exists for FTS5: queries match word
-- prefixes instead), kept in step with the missions table by triggers.
CREATE VIRTUAL TABLE missions_fts USING fts5(
    title, description,
    content = 'missions', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO missions_fts (missions_fts) VALUES ('rebuild');
CREATE TRIGGER missions_fts_insert AFTER INSERT ON missions BEGIN
    INSERT INTO missions_fts (rowid, title, description) VALUES (new.rowid, new.title, new.description);
END;
CREATE TRIGGER missions_fts_delete AFTER DELETE ON missions BEGIN
    INSERT INTO missions_fts (missions_fts, rowid, title, description)
    VALUES ('delete', old.rowid, old.title, old.description);
END;
CREATE TRIGGER missions_fts_update AFTER UPDATE OF title, description ON missions BEGIN
    INSERT INTO missions_fts (missions_fts, rowid, title, description)
    VALUES ('delete', old.rowid, old.title, old.description);
    INSERT INTO missions_fts (rowid, title, description) VALUES (new.rowid, new.title, new.description);
END;
CREATE INDEX missions_searchable ON missions (start_date, id) WHERE state = 'published' AND registration_open;

ALTER TABLE mission_addresses ADD COLUMN x REAL;
ALTER TABLE mission_addresses ADD COLUMN y REAL;
ALTER TABLE mission_addresses ADD COLUMN z REAL;
CREATE INDEX mission_addresses_geo ON mission_addresses (latitude, longitude);
