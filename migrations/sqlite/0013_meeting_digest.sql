-- Feeds that keep each meeting's written events (version 13, SQLite). Keep
-- in step with migrations/postgres.

-- A meeting's digest: 64 bits of the SHA-256 of everything of its row that
-- its events are written from (its text, `input` and `dropped`, its
-- version and the time of its last change), written with them by every
-- write of convene, on the meeting and beside each of its groups. A feed
-- reads its window's ids and digests from `meeting_groups` alone (the
-- index below holds them), and reads and writes again only the meetings
-- whose events it does not already keep under these. NULL means not known
-- (a row from before this version, or edited by hand): such a meeting is
-- read in full, and `convene` fills the digest in when it starts.
ALTER TABLE meetings ADD COLUMN digest INTEGER;
ALTER TABLE meeting_groups ADD COLUMN digest INTEGER;
CREATE INDEX meeting_groups_window ON meeting_groups (group_slug, ends_at, meeting_id, digest);
DROP INDEX meeting_groups_by_group_end;
-- The meetings whose digest is not known, for `convene` to find at start
-- without reading every meeting (normally none).
CREATE INDEX meetings_digest_unknown ON meetings (id) WHERE digest IS NULL;

-- A change to the row that leaves the digest as it was (an edit by hand)
-- makes the digest unknown, so no kept event outlives what it was written
-- from.
CREATE TRIGGER meetings_digest_by_hand
AFTER UPDATE OF input, dropped, version, updated_at ON meetings
WHEN NEW.digest IS OLD.digest
 AND (NEW.input IS NOT OLD.input OR NEW.dropped IS NOT OLD.dropped
      OR NEW.version IS NOT OLD.version OR NEW.updated_at IS NOT OLD.updated_at)
BEGIN
    UPDATE meetings SET digest = NULL WHERE id = NEW.id;
    UPDATE meeting_groups SET digest = NULL WHERE meeting_id = NEW.id;
END;
