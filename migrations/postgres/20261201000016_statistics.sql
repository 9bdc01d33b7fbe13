-- Statistics computed ahead by the worker's rollup, never per request:
-- one JSON document per scope ('public'; 'department' by code;
-- 'organization' by id), replaced whole at each rollup.
CREATE TABLE statistics (
    scope       text NOT NULL,
    key         text NOT NULL,
    body        jsonb NOT NULL,
    computed_at timestamptz NOT NULL,
    PRIMARY KEY (scope, key)
);

-- The decisions the rollup times: moderation (from pending_review) and
-- the organisations' answers (from pending), newest first.
CREATE INDEX state_history_decisions ON state_history (created_at)
    WHERE from_state IN ('pending_review', 'pending');
