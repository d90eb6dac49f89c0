-- MySQL/MariaDB: lists arrive as JSON arrays and are joined with JSON_TABLE into the primary key (STRAIGHT_JOIN +
-- FORCE INDEX: IN (subquery) scans the table, and a scan inside an UPDATE would lock rows others should take). MySQL
-- has no RETURNING, so claims and deletes lock the rows first, then change exactly those (Dialect.supportsReturning).

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
-- MySQL deletes with ORDER BY ... LIMIT directly (and cannot select from the table it deletes from).
DELETE FROM task_events WHERE created_at < :before ORDER BY created_at LIMIT :limit;

-- name: findOlderThan
SELECT * FROM task_events WHERE created_at < :before ORDER BY created_at LIMIT :limit FOR UPDATE SKIP LOCKED;

-- name: lockExisting
-- deleteAll, first half: locks those of :ids that exist, so deleteLocked removes exactly them.
SELECT e.id FROM JSON_TABLE(:ids, '$[*]' COLUMNS (v VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin PATH '$')) AS j
STRAIGHT_JOIN task_events e FORCE INDEX (PRIMARY) ON e.id = j.v
FOR UPDATE;

-- name: deleteLocked
-- deleteAll, second half: the ids lockExisting locked.
DELETE e FROM JSON_TABLE(:ids, '$[*]' COLUMNS (v VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin PATH '$')) AS j STRAIGHT_JOIN task_events e FORCE INDEX (PRIMARY) ON e.id = j.v;
