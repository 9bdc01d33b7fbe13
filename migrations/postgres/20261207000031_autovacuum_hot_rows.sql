-- Every application, withdrawal and decision rewrites its mission's row
-- (places taken) and its shift's: on the night of the crowd, thousands of
-- dead versions a minute. PostgreSQL's default waits for a fifth of the
-- table to be dead before vacuuming it (20,000 rows of 100,000 missions),
-- and a search that reads the bloated table was measured twice as slow
-- (docs/SCALING.md). A hundredth, and the analyser at a fiftieth.
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '10s';
ALTER TABLE missions SET (
    autovacuum_vacuum_scale_factor = 0.01,
    autovacuum_vacuum_threshold = 500,
    autovacuum_analyze_scale_factor = 0.02
);
ALTER TABLE shifts SET (
    autovacuum_vacuum_scale_factor = 0.01,
    autovacuum_vacuum_threshold = 500,
    autovacuum_analyze_scale_factor = 0.02
);
