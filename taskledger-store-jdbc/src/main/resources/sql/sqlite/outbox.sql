-- SQLite: lists arrive as JSON arrays, read with json_each. One writer connection serializes transactions, so
-- statements take no row locks (no FOR UPDATE); claims and deletes answer with RETURNING.

-- name: append
INSERT INTO outbox (event_id, task_id, tenant, routing_key, body, created_at, attempts, next_attempt_at)
VALUES (:event_id, :task_id, :tenant, :routing_key, :body, :created_at, 0, :created_at);

-- name: nextUnsent
SELECT * FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT :limit;

-- name: markSent
-- The ids as a JSON array.
UPDATE outbox SET sent_at = :now WHERE id IN (SELECT value FROM json_each(:ids));

-- name: markFailed
UPDATE outbox SET attempts = attempts + 1, last_error = :error, next_attempt_at = :next_attempt_at WHERE id = :id;

-- name: lag
SELECT COUNT(*) AS unsent, MIN(created_at) AS oldest FROM outbox WHERE sent_at IS NULL;

-- name: deleteSentBefore
-- DELETE ... LIMIT is MySQL's (SQLite has it only when built with SQLITE_ENABLE_UPDATE_DELETE_LIMIT): the
-- oldest ids come from a subquery.
DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NOT NULL AND sent_at < :before ORDER BY sent_at LIMIT :limit);
