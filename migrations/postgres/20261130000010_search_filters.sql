-- The searchable missions by domain and by department: a filter on either
-- (about a tenth and a hundredth of the missions) reads its rows through
-- these instead of every published mission.
CREATE INDEX missions_searchable_domain ON missions (domain) WHERE state = 'published' AND registration_open;
CREATE INDEX missions_searchable_department ON missions (department) WHERE state = 'published' AND registration_open;
