-- The audit trail also names the account an action was done to (a
-- suspension, a referent grant, a membership, an erasure), so that
-- administrators can read one account's trail. A nullable column is added
-- without rewriting the table.
ALTER TABLE audit_events ADD COLUMN subject_account_id uuid;
CREATE INDEX audit_events_subject_account ON audit_events (subject_account_id, id)
    WHERE subject_account_id IS NOT NULL;
CREATE INDEX audit_events_actor ON audit_events (actor_id, id) WHERE actor_id IS NOT NULL;
