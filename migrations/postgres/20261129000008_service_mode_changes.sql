-- Every change of the service mode, automatic or by an administrator, with
-- its reason: what an operator reads the morning after.
CREATE TABLE service_mode_changes (
    id         uuid PRIMARY KEY,
    at         timestamptz NOT NULL,
    from_mode  text NOT NULL,
    to_mode    text NOT NULL,
    -- `auto` (the controller of a replica) or `admin`.
    source     text NOT NULL,
    -- For `admin`: the override now in force (`auto`, `normal`, `degraded`).
    override   text NOT NULL,
    reason     text NOT NULL,
    account_id uuid
);
CREATE INDEX service_mode_changes_at ON service_mode_changes (at DESC);
