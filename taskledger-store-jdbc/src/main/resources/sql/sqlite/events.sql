-- name: append
INSERT INTO task_events (id, task_id, status, state, detail, actor, created_at)
VALUES (:id, :task_id, :status, :state, :detail, :actor, :created_at);

-- name: latest
SELECT * FROM task_events WHERE task_id = :task_id ORDER BY created_at DESC, id DESC LIMIT :limit;

-- name: deleteOlderThan
DELETE FROM task_events
WHERE id IN (SELECT id FROM task_events WHERE created_at < :before ORDER BY created_at LIMIT :limit);

-- name: findOlderThan
SELECT * FROM task_events WHERE created_at < :before ORDER BY created_at LIMIT :limit;

-- name: deleteAll
DELETE FROM task_events WHERE id IN (SELECT value FROM json_each(:ids)) RETURNING id;
