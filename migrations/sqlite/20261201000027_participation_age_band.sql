-- The age band an application was judged on (under_18, 18_or_over), kept
-- with it: the birth date a person gives may be corrected later, and the
-- organisation sees what the eligibility rules saw when it applied.
ALTER TABLE participations ADD COLUMN age_band TEXT;
