-- The organisation on the participation itself, so that an organisation's
-- feed and lists read its own participations through an index. SQLite
-- serves one process, with no rolling release: the insert path writes the
-- column, the runner's backfill (store/backfill.rs) fills the older rows.
ALTER TABLE participations ADD COLUMN organization_id BLOB REFERENCES organizations (id);

CREATE TABLE data_backfills (
    name TEXT PRIMARY KEY,
    done_at TEXT NOT NULL
);
