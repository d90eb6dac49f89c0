-- SQLite: lists arrive as JSON arrays, read with json_each. One writer connection serializes transactions, so
-- statements take no row locks (no FOR UPDATE); claims and deletes answer with RETURNING.

-- name: append
INSERT INTO task_events (id, task_id, status, state, detail, actor, created_at)
VALUES (:id, :task_id, :status, :state, :detail, :actor, :created_at);

-- name: latest
SELECT * FROM task_events WHERE task_id = :task_id ORDER BY created_at DESC, id DESC LIMIT :limit;

-- name: olderThan
-- The next page after latest: keyset on (created_at, id) in the same order.
SELECT * FROM task_events
WHERE task_id = :task_id AND (created_at < :at OR (created_at = :at AND id < :id))
ORDER BY created_at DESC, id DESC LIMIT :limit;

-- name: deleteOlderThan
-- DELETE ... LIMIT is MySQL's (SQLite has it only when built with SQLITE_ENABLE_UPDATE_DELETE_LIMIT): the
-- oldest ids come from a subquery.
DELETE FROM task_events
WHERE id IN (SELECT id FROM task_events WHERE created_at < :before ORDER BY created_at LIMIT :limit);

-- name: findOlderThan
-- No FOR UPDATE SKIP LOCKED: one writer connection.
SELECT * FROM task_events WHERE created_at < :before ORDER BY created_at LIMIT :limit;

-- name: deleteAll
-- The ids as a JSON array; RETURNING tells which existed.
DELETE FROM task_events WHERE id IN (SELECT value FROM json_each(:ids)) RETURNING id;
