-- name: put
INSERT INTO task_results (task_id, payload, created_at)
VALUES (:task_id, :payload, :created_at)
ON CONFLICT (task_id) DO UPDATE SET payload = excluded.payload, created_at = excluded.created_at;

-- name: get
SELECT * FROM task_results WHERE task_id = :task_id;
