-- Conversations: one thread per participation, between its volunteer and
-- the organisation's members. Authors stay named by their account, so an
-- erased author reads as the account's tombstone.
CREATE TABLE messages (
    id               uuid PRIMARY KEY,
    participation_id uuid NOT NULL REFERENCES participations (id),
    author_id        uuid NOT NULL REFERENCES accounts (id),
    -- Which side wrote it: 'volunteer' or 'organization'.
    side             text NOT NULL CHECK (side IN ('volunteer', 'organization')),
    body             text NOT NULL,
    created_at       timestamptz NOT NULL
);
CREATE INDEX messages_thread ON messages (participation_id, id);
CREATE INDEX messages_author ON messages (author_id);

-- How far each person has read each thread.
CREATE TABLE message_reads (
    participation_id uuid NOT NULL REFERENCES participations (id),
    account_id       uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    last_read_id     uuid NOT NULL,
    PRIMARY KEY (participation_id, account_id)
);

-- When each side of a thread was last emailed about a new message: at
-- most one email an hour.
CREATE TABLE message_notices (
    participation_id uuid NOT NULL REFERENCES participations (id),
    side             text NOT NULL,
    notified_at      timestamptz NOT NULL,
    PRIMARY KEY (participation_id, side)
);

-- Reports of a message; a reported thread is shown to the department's
-- referents and kept as evidence.
CREATE TABLE message_reports (
    id           uuid PRIMARY KEY,
    message_id   uuid NOT NULL REFERENCES messages (id),
    reporter_id  uuid NOT NULL REFERENCES accounts (id),
    reason       text NOT NULL,
    created_at   timestamptz NOT NULL,
    UNIQUE (message_id, reporter_id)
);
CREATE INDEX message_reports_created ON message_reports (created_at);
