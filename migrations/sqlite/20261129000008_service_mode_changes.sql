-- Every change of the service mode, automatic or by an administrator, with
-- its reason: what an operator reads the morning after.
CREATE TABLE service_mode_changes (
    id         BLOB PRIMARY KEY NOT NULL,
    at         TEXT NOT NULL,
    from_mode  TEXT NOT NULL,
    to_mode    TEXT NOT NULL,
    -- `auto` (the controller of a replica) or `admin`.
    source     TEXT NOT NULL,
    -- For `admin`: the override now in force (`auto`, `normal`, `degraded`).
    override   TEXT NOT NULL,
    reason     TEXT NOT NULL,
    account_id BLOB
);
CREATE INDEX service_mode_changes_at ON service_mode_changes (at DESC);
