-- PostgreSQL: lists arrive as text[] and whole batches as one text array per column (Dialect.supportsColumnArrays),
-- unnested and cast back to the column types; a parameter compared with NULL is cast, since PostgreSQL cannot infer
-- the type of an untyped NULL. Claims and deletes answer with RETURNING.

-- name: put
-- The upsert is ON CONFLICT; the payload is cast to jsonb.
INSERT INTO task_results (task_id, payload, created_at)
VALUES (:task_id, CAST(:payload AS jsonb), :created_at)
ON CONFLICT (task_id) DO UPDATE SET payload = EXCLUDED.payload, created_at = EXCLUDED.created_at;

-- name: get
SELECT * FROM task_results WHERE task_id = :task_id;
