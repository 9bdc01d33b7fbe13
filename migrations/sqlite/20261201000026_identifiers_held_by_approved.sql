-- A SIRET or an RNA number is held by the organisation a referent approved
-- (and keeps while it is flagged), not by the first to type it: drafts and
-- registrations under review never block a later one, so nobody can squat
-- a real association's number. Two applicants with one number both wait
-- for the referent, who approves one; the index refuses a second approval.
DROP INDEX organizations_live_siret;
DROP INDEX organizations_live_rna;
CREATE UNIQUE INDEX organizations_held_siret ON organizations (siret)
    WHERE siret IS NOT NULL AND state IN ('approved', 'flagged');
CREATE UNIQUE INDEX organizations_held_rna ON organizations (rna)
    WHERE rna IS NOT NULL AND state IN ('approved', 'flagged');
