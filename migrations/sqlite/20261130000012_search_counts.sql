-- SQLite twin of the PostgreSQL migration of the same name.
CREATE TABLE search_counts (
    domain     TEXT NOT NULL,
    department TEXT NOT NULL,
    format     TEXT NOT NULL,
    has_places INTEGER NOT NULL,
    facet      TEXT NOT NULL,
    value      TEXT NOT NULL,
    n          INTEGER NOT NULL
);
CREATE INDEX search_counts_facet ON search_counts (facet, domain);

CREATE TABLE search_counts_refreshed (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    refreshed_at TEXT NOT NULL
);

CREATE INDEX missions_searchable_start ON missions (start_date, id)
    WHERE state = 'published' AND registration_open;
