-- SQLite: lists arrive as JSON arrays, read with json_each. One writer connection serializes transactions, so
-- statements take no row locks (no FOR UPDATE); claims and deletes answer with RETURNING.

-- name: insertIfAbsent
-- Each database's own insert-unless-present: ON CONFLICT DO NOTHING, as on PostgreSQL.
INSERT INTO installation_values (name, value) VALUES (:name, :value) ON CONFLICT (name) DO NOTHING;

-- name: get
SELECT value FROM installation_values WHERE name = :name;
