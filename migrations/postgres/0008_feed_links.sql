-- Private feed links (issue 17): a secret URL /calendars/private/{secret}.ics
-- showing members' join details for some groups. Only the SHA-256 of the
-- secret is kept (the secret is 256 random bits, so a plain hash is as good
-- as a slow one); a link is looked up by that hash. `groups` is a JSON
-- array of slugs; with `subgroups` the feed follows each group's subtree as
-- it is when read. `created_by` is `token:ID`, `cli` or `mail` (a
-- personal link asked for on a group's page; `email` is then the address
-- it was sent to). A revoked link answers 404 like an unknown one.
CREATE TABLE feed_links (
    id                TEXT PRIMARY KEY,
    label             TEXT NOT NULL,
    secret_hash       TEXT NOT NULL UNIQUE,
    groups            TEXT NOT NULL,
    subgroups         BOOLEAN NOT NULL,
    include_cancelled BOOLEAN NOT NULL,
    created_by        TEXT NOT NULL,
    email             TEXT,
    created_at        TIMESTAMPTZ NOT NULL,
    revoked_at        TIMESTAMPTZ
);
