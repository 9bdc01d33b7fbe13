-- Attendance: after the mission's date, the organisation marks each
-- accepted volunteer present or absent with the hours done, which
-- completes the participation. A present volunteer gets an attestation
-- whose code anyone can verify.
ALTER TABLE participations ADD COLUMN attended INTEGER;
ALTER TABLE participations ADD COLUMN hours REAL;
ALTER TABLE participations ADD COLUMN attestation_code text;
CREATE UNIQUE INDEX participations_attestation_code ON participations (attestation_code) WHERE attestation_code IS NOT NULL;
