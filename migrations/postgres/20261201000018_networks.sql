-- Networks: a national federation (the head) and its local branches, one
-- level deep. A branch asks to join; the head's owners accept.
CREATE TABLE network_branches (
    branch_id    uuid PRIMARY KEY REFERENCES organizations (id),
    head_id      uuid NOT NULL REFERENCES organizations (id),
    state        text NOT NULL CHECK (state IN ('requested', 'active')),
    requested_at timestamptz NOT NULL,
    joined_at    timestamptz
);
CREATE INDEX network_branches_head ON network_branches (head_id, state);

-- Mission templates a head publishes and its branches copy into drafts:
-- what a mission is, without where, when and how many.
CREATE TABLE mission_templates (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id),
    name            text NOT NULL,
    body            jsonb NOT NULL,
    created_at      timestamptz NOT NULL
);
CREATE INDEX mission_templates_organization ON mission_templates (organization_id, id);
