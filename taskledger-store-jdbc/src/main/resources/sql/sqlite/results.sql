-- SQLite: lists arrive as JSON arrays, read with json_each. One writer connection serializes transactions, so
-- statements take no row locks (no FOR UPDATE); claims and deletes answer with RETURNING.

-- name: put
-- The upsert is ON CONFLICT, as on PostgreSQL (payload as text).
INSERT INTO task_results (task_id, payload, created_at)
VALUES (:task_id, :payload, :created_at)
ON CONFLICT (task_id) DO UPDATE SET payload = excluded.payload, created_at = excluded.created_at;

-- name: get
SELECT * FROM task_results WHERE task_id = :task_id;
