-- Where a volunteer or an application came from (domain/origin.rs): a
-- campaign's UTM tags and API Engagement's click id.
ALTER TABLE accounts ADD COLUMN utm_source TEXT;
ALTER TABLE accounts ADD COLUMN utm_medium TEXT;
ALTER TABLE accounts ADD COLUMN utm_campaign TEXT;
ALTER TABLE accounts ADD COLUMN apiengagement_id TEXT;
ALTER TABLE participations ADD COLUMN utm_source TEXT;
ALTER TABLE participations ADD COLUMN utm_medium TEXT;
ALTER TABLE participations ADD COLUMN utm_campaign TEXT;
ALTER TABLE participations ADD COLUMN apiengagement_id TEXT;
-- The hub's id of the activity an application it sent is reported as.
ALTER TABLE participations ADD COLUMN hub_activity_id TEXT;
