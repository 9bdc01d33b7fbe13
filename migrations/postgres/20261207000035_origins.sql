-- Where a volunteer or an application came from (domain/origin.rs): a
-- campaign's UTM tags and API Engagement's click id, for the statistics by
-- source and for reporting applications back to the hub. Nullable, no
-- default: no rewrite of either table.
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '10s';

ALTER TABLE accounts
    ADD COLUMN utm_source TEXT,
    ADD COLUMN utm_medium TEXT,
    ADD COLUMN utm_campaign TEXT,
    ADD COLUMN apiengagement_id TEXT;

-- `hub_activity_id`: the hub's id of the activity an application it sent
-- is reported as, once reported (services/api_engagement/push.rs).
ALTER TABLE participations
    ADD COLUMN utm_source TEXT,
    ADD COLUMN utm_medium TEXT,
    ADD COLUMN utm_campaign TEXT,
    ADD COLUMN apiengagement_id TEXT,
    ADD COLUMN hub_activity_id TEXT;
