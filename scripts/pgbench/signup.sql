-- The SQL of one signup, as Renfort runs it: look the address up, write
-- the pending account, its activation token and its email in one
-- transaction. pgbench runs it as the ceiling of signup intake.
\set n random(1, 9000000000000000000)
BEGIN;
SELECT id FROM accounts WHERE email_normalized = 'pgbench-' || :n || '@example.org';
INSERT INTO accounts (id, email, email_normalized, state, is_admin, first_name, last_name, birth_date, postcode,
    department, phone, skills, domains, presentation, visible_to_organizations, terms_version, terms_accepted_at,
    created_at, updated_at)
VALUES (gen_random_uuid(), 'pgbench-' || :n || '@example.org', 'pgbench-' || :n || '@example.org', 'pending_activation',
    false, 'Léa', 'Martin', '1998-04-12', '69003', '69', NULL, '["first_aid"]', '["health"]', NULL, true, '2026-01',
    now(), now(), now());
INSERT INTO account_tokens (token_hash, account_id, purpose, created_at, expires_at)
SELECT sha256(('t' || :n)::bytea), id, 'activation', now(), now() + interval '48 hours'
FROM accounts WHERE email_normalized = 'pgbench-' || :n || '@example.org';
INSERT INTO outbox_jobs (id, kind, payload, priority, state, run_after, attempts, created_at, updated_at)
VALUES (gen_random_uuid(), 'email',
    jsonb_build_object('to', 'pgbench-' || :n || '@example.org', 'template', 'activation',
                       'params', jsonb_build_object('first_name', 'Léa', 'token', md5(:n::text))),
    5, 'pending', now() + interval '1 day', 0, now(), now());
COMMIT;
