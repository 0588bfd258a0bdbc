-- Feeds that follow their own content (version 10, SQLite). Keep in step
-- with migrations/postgres.

-- A feed asks for the meetings of a few groups that end after the start of
-- its window. The meeting's end is kept beside each of its groups, so that
-- one index range per group finds them, whatever else is stored.
ALTER TABLE meeting_groups ADD COLUMN ends_at TEXT NOT NULL DEFAULT '';
UPDATE meeting_groups SET ends_at = (SELECT m.ends_at FROM meetings m WHERE m.id = meeting_groups.meeting_id);
CREATE INDEX meeting_groups_by_group_end ON meeting_groups (group_slug, ends_at, meeting_id);
DROP INDEX meeting_groups_by_group;
