-- What each person chooses to be told by email. No row: the defaults
-- (everything on, as it happens). New tables only: nothing is rewritten.
CREATE TABLE notification_preferences (
    account_id        BLOB PRIMARY KEY REFERENCES accounts (id),
    applications      text NOT NULL CHECK (applications IN ('immediate', 'daily', 'off')),
    messages          text NOT NULL CHECK (messages IN ('immediate', 'daily', 'off')),
    moderation_digest INTEGER NOT NULL,
    reminders         INTEGER NOT NULL,
    favourites_digest INTEGER NOT NULL,
    updated_at        TEXT NOT NULL
);

-- How far each coalesced notice has told its reader: new applications
-- (per organisation) and unread messages (scope: the reader), so that an
-- organisation of twenty members sends at most two emails an hour to
-- each, not one per application.
CREATE TABLE notification_digests (
    account_id BLOB NOT NULL REFERENCES accounts (id),
    kind       text NOT NULL CHECK (kind IN ('applications', 'messages')),
    scope_id   BLOB NOT NULL,
    sent_until TEXT NOT NULL,
    PRIMARY KEY (account_id, kind, scope_id)
);
