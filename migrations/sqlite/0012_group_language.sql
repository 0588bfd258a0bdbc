-- A group's language (version 12, SQLite; issue 19). Keep in step with
-- migrations/postgres.

-- The language of the mails to the group's list: one of the six UN
-- languages, or NULL when the group inherits its parent's (the service's
-- `i18n.default_language` at the root). `input` holds it too, as given;
-- the column is derived from it, like `parent`, for queries, and the CHECK
-- keeps out what the core would refuse.
ALTER TABLE groups ADD COLUMN language TEXT
    CHECK (language IN ('ar', 'zh', 'en', 'fr', 'ru', 'es'));
UPDATE groups SET language = json_extract(input, '$.language')
    WHERE json_extract(input, '$.language') IN ('ar', 'zh', 'en', 'fr', 'ru', 'es');
