-- Groups can be archived: they keep their history (feeds, pages) but take no
-- new meetings.
ALTER TABLE groups ADD COLUMN archived_at TIMESTAMPTZ;
