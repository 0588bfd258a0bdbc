-- Feeds that follow their own content (version 10, PostgreSQL). Keep in
-- step with migrations/sqlite.

-- A feed asks for the meetings of a few groups that end after the start of
-- its window. The meeting's end is kept beside each of its groups, so that
-- one index range per group finds them, whatever else is stored.
ALTER TABLE meeting_groups ADD COLUMN ends_at TIMESTAMPTZ;
UPDATE meeting_groups mg SET ends_at = m.ends_at FROM meetings m WHERE m.id = mg.meeting_id;
ALTER TABLE meeting_groups ALTER COLUMN ends_at SET NOT NULL;
CREATE INDEX meeting_groups_by_group_end ON meeting_groups (group_slug, ends_at, meeting_id);
DROP INDEX meeting_groups_by_group;
