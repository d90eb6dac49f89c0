-- MySQL/MariaDB: lists arrive as JSON arrays and are joined with JSON_TABLE into the primary key (STRAIGHT_JOIN +
-- FORCE INDEX: IN (subquery) scans the table, and a scan inside an UPDATE would lock rows others should take). MySQL
-- has no RETURNING, so claims and deletes lock the rows first, then change exactly those (Dialect.supportsReturning).

-- name: append
INSERT INTO outbox (event_id, task_id, tenant, routing_key, body, created_at, attempts, next_attempt_at)
VALUES (:event_id, :task_id, :tenant, :routing_key, :body, :created_at, 0, :created_at);

-- name: nextUnsent
SELECT * FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT :limit;

-- name: markSent
-- The ids as a JSON array, joined into the primary key.
UPDATE JSON_TABLE(:ids, '$[*]' COLUMNS (v BIGINT PATH '$')) AS j STRAIGHT_JOIN outbox o FORCE INDEX (PRIMARY) ON o.id = j.v
SET o.sent_at = :now;

-- name: markFailed
UPDATE outbox SET attempts = attempts + 1, last_error = :error, next_attempt_at = :next_attempt_at WHERE id = :id;

-- name: lag
SELECT COUNT(*) AS unsent, MIN(created_at) AS oldest FROM outbox WHERE sent_at IS NULL;

-- name: deleteSentBefore
-- MySQL deletes with ORDER BY ... LIMIT directly (and cannot select from the table it deletes from).
DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < :before ORDER BY sent_at LIMIT :limit;
