-- name: append
INSERT INTO task_events (id, task_id, status, state, detail, actor, created_at)
VALUES (:id, :task_id, :status, :state, :detail, :actor, :created_at);

-- name: latest
SELECT * FROM task_events WHERE task_id = :task_id ORDER BY created_at DESC, id DESC LIMIT :limit;

-- name: deleteOlderThan
DELETE FROM task_events WHERE created_at < :before ORDER BY created_at LIMIT :limit;

-- name: findOlderThan
SELECT * FROM task_events WHERE created_at < :before ORDER BY created_at LIMIT :limit FOR UPDATE SKIP LOCKED;

-- name: lockExisting
-- deleteAll, first half: locks those of :ids that exist, so deleteLocked removes exactly them.
SELECT e.id FROM JSON_TABLE(:ids, '$[*]' COLUMNS (v VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin PATH '$')) AS j
STRAIGHT_JOIN task_events e FORCE INDEX (PRIMARY) ON e.id = j.v
FOR UPDATE;

-- name: deleteLocked
DELETE e FROM JSON_TABLE(:ids, '$[*]' COLUMNS (v VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin PATH '$')) AS j STRAIGHT_JOIN task_events e FORCE INDEX (PRIMARY) ON e.id = j.v;
