-- The statistics rollup's record of settled days: what happened each UTC
-- day ('YYYY-MM-DD') by department (volunteers who joined, missions
-- published, applications made), written once when the day is a month
-- old and no later change can reach it, and read from here ever after.
-- The weekly figures are a year of these and the last month counted
-- live, instead of a year of a country's applications recounted every
-- five minutes.
CREATE TABLE statistics_days (
    day        text NOT NULL,
    what       text NOT NULL,
    department text NOT NULL,
    n          bigint NOT NULL,
    PRIMARY KEY (day, what, department)
);
