-- A group's language (version 12, PostgreSQL; issue 19). Keep in step with
-- migrations/sqlite.

-- The language of the mails to the group's list: one of the six UN
-- languages, or NULL when the group inherits its parent's (the service's
-- `i18n.default_language` at the root). `input` holds it too, as given;
-- the column is derived from it, like `parent`, for queries, and the CHECK
-- keeps out what the core would refuse.
ALTER TABLE groups ADD COLUMN language TEXT
    CONSTRAINT groups_language_known CHECK (language IN ('ar', 'zh', 'en', 'fr', 'ru', 'es'));
UPDATE groups SET language = input::json ->> 'language'
    WHERE input::json ->> 'language' IN ('ar', 'zh', 'en', 'fr', 'ru', 'es');
