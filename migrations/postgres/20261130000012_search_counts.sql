-- Counts kept ahead for the searches that would otherwise count tens of
-- thousands of rows: the searchable missions by domain, moderating
-- department, format and whether places are left, and the same split by
-- each skill and each audience. The worker refreshes them every few
-- seconds; a search without text or place whose hits are many reads its
-- total and facets here instead of counting every hit.
CREATE TABLE search_counts (
    domain     text NOT NULL,
    department text NOT NULL,
    format     text NOT NULL,
    has_places boolean NOT NULL,
    -- '' for the missions themselves; 'skills' or 'audience' for the
    -- missions with `value` in that list.
    facet      text NOT NULL,
    value      text NOT NULL,
    n          bigint NOT NULL
);
CREATE INDEX search_counts_facet ON search_counts (facet, domain);

CREATE TABLE search_counts_refreshed (
    id           integer PRIMARY KEY CHECK (id = 1),
    refreshed_at timestamptz NOT NULL
);

-- The first page of a search without text or place, in start order,
-- read from an index instead of sorting every searchable mission.
CREATE INDEX missions_searchable_start ON missions (start_date ASC NULLS LAST, id)
    WHERE state = 'published' AND registration_open;
