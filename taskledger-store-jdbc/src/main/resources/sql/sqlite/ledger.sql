-- SQLite: record answers with RETURNING; without column arrays, recordAll runs recordEach (the same upsert
-- without RETURNING) as a JDBC batch. getForUpdate takes no lock: one writer connection serializes transactions.
-- Item lists arrive as JSON arrays (json_each).
-- name: record
INSERT INTO inv_tasks (tenant, task_name, task_item, retries, current_status, note, created, updated)
VALUES (:tenant, :task_name, :task_item, 0, :status, :note, :now, :now)
ON CONFLICT (tenant, task_name, task_item) DO UPDATE
SET current_status = excluded.current_status, note = excluded.note, retries = retries + 1, updated = excluded.updated
RETURNING *;

-- name: recordEach
INSERT INTO inv_tasks (tenant, task_name, task_item, retries, current_status, note, created, updated)
VALUES (:tenant, :task_name, :task_item, 0, :status, :note, :now, :now)
ON CONFLICT (tenant, task_name, task_item) DO UPDATE
SET current_status = excluded.current_status, note = excluded.note, retries = retries + 1, updated = excluded.updated;

-- name: get
SELECT * FROM inv_tasks WHERE tenant = :tenant AND task_name = :task_name AND task_item = :task_item;

-- name: getForUpdate
SELECT * FROM inv_tasks WHERE tenant = :tenant AND task_name = :task_name AND task_item = :task_item;

-- name: delete
DELETE FROM inv_tasks WHERE id = :id;

-- name: list
SELECT * FROM inv_tasks
WHERE tenant = :tenant
  AND (:task_name IS NULL OR task_name = :task_name)
  AND (:status IS NULL OR current_status = :status)
  AND (:updated_after IS NULL OR updated > :updated_after)
  AND (:after_id IS NULL OR id > :after_id)
ORDER BY id
LIMIT :limit;

-- name: listAll
SELECT * FROM inv_tasks
WHERE tenant = :tenant
  AND (:task_name IS NULL OR task_name = :task_name)
  AND (:status IS NULL OR current_status = :status)
  AND (:updated_after IS NULL OR updated > :updated_after)
ORDER BY id;

-- name: summary
-- From the counts that V14's triggers keep (ledger_counts), not from the entries (see postgresql/ledger.sql).
SELECT task_name, current_status, SUM(entries) AS n, MIN(first_created) AS first_attempt,
       MAX(last_updated) AS last_attempt, SUM(retries) AS retries
FROM ledger_counts
WHERE tenant = :tenant AND (:task_name IS NULL OR task_name = :task_name)
GROUP BY task_name, current_status
ORDER BY task_name, current_status;

-- name: findItems
SELECT * FROM inv_tasks
WHERE tenant = :tenant AND task_name = :task_name AND task_item IN (SELECT value FROM json_each(:items));
