-- PostgreSQL's autovacuum thresholds for missions and shifts: SQLite has
-- no autovacuum of dead row versions to tune. The version is kept so
-- that both dialects number their migrations alike.
SELECT 1;
