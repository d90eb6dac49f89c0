-- name: put
INSERT INTO task_results (task_id, payload, created_at)
VALUES (:task_id, :payload, :created_at)
ON DUPLICATE KEY UPDATE payload = VALUES(payload), created_at = VALUES(created_at);

-- name: get
SELECT * FROM task_results WHERE task_id = :task_id;
