-- PostgreSQL: lists arrive as text[] and whole batches as one text array per column (Dialect.supportsColumnArrays),
-- unnested and cast back to the column types; a parameter compared with NULL is cast, since PostgreSQL cannot infer
-- the type of an untyped NULL. Claims and deletes answer with RETURNING.

-- name: insertIfAbsent
-- Each database's own insert-unless-present: ON CONFLICT DO NOTHING.
INSERT INTO installation_values (name, value) VALUES (:name, :value) ON CONFLICT (name) DO NOTHING;

-- name: get
SELECT value FROM installation_values WHERE name = :name;
