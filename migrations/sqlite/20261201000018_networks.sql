-- Networks: a national federation (the head) and its local branches, one
-- level deep. A branch asks to join; the head's owners accept.
CREATE TABLE network_branches (
    branch_id    BLOB PRIMARY KEY REFERENCES organizations (id),
    head_id      BLOB NOT NULL REFERENCES organizations (id),
    state        text NOT NULL CHECK (state IN ('requested', 'active')),
    requested_at TEXT NOT NULL,
    joined_at    TEXT
);
CREATE INDEX network_branches_head ON network_branches (head_id, state);

-- Mission templates a head publishes and its branches copy into drafts:
-- what a mission is, without where, when and how many.
CREATE TABLE mission_templates (
    id              BLOB PRIMARY KEY,
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    name            text NOT NULL,
    body            TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX mission_templates_organization ON mission_templates (organization_id, id);
