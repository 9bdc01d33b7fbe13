-- A department's listing, newest first, read from the index.
CREATE INDEX IF NOT EXISTS missions_published_department
    ON missions (department, published_at, id)
    WHERE state = 'published';
