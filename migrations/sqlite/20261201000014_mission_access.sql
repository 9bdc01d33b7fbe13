-- Access conditions of a mission: accessibility with reduced mobility,
-- public transport nearby, parental consent for minors, prerequisites
-- (one JSON object, shown and edited whole), and the flags search filters
-- and counts on, derived from them and the minimum age at each write.
ALTER TABLE missions ADD COLUMN access TEXT NOT NULL DEFAULT '{}';
ALTER TABLE missions ADD COLUMN accessibility TEXT NOT NULL DEFAULT '[]';
UPDATE missions SET accessibility = '["open_to_minors"]' WHERE minimum_age < 18;

-- When a minor confirmed, in applying, that a parent or guardian agrees.
ALTER TABLE participations ADD COLUMN parental_consent_at TEXT;
