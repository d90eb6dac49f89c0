-- MySQL/MariaDB: no RETURNING, so record runs ensureTenant and recordEach, then get; ON DUPLICATE KEY UPDATE is
-- the upsert. Item lists arrive as JSON arrays (JSON_TABLE) in the column's collation (utf8mb4_unicode_ci).
-- inv_tasks.tenant is an INT referring to ledger_tenants (see V2__ledger.sql); queries read its name.

-- name: ensureTenant
INSERT INTO ledger_tenants (name) VALUES (:tenant) ON DUPLICATE KEY UPDATE name = name;

-- name: recordEach
INSERT INTO inv_tasks (tenant, task_name, task_item, retries, current_status, note, created, updated)
VALUES ((SELECT id FROM ledger_tenants WHERE name = :tenant), :task_name, :task_item, 0, :status, :note, :now, :now)
ON DUPLICATE KEY UPDATE current_status = VALUES(current_status), note = VALUES(note), retries = retries + 1,
                        updated = VALUES(updated);

-- name: get
SELECT i.id, t.name AS tenant, i.created, i.updated, i.task_name, i.task_item, i.retries, i.current_status, i.note
FROM inv_tasks i JOIN ledger_tenants t ON t.id = i.tenant
WHERE t.name = :tenant AND i.task_name = :task_name AND i.task_item = :task_item;

-- name: getForUpdate
SELECT i.id, t.name AS tenant, i.created, i.updated, i.task_name, i.task_item, i.retries, i.current_status, i.note
FROM inv_tasks i JOIN ledger_tenants t ON t.id = i.tenant
WHERE t.name = :tenant AND i.task_name = :task_name AND i.task_item = :task_item
FOR UPDATE;

-- name: delete
DELETE FROM inv_tasks WHERE id = :id;

-- name: list
SELECT i.id, t.name AS tenant, i.created, i.updated, i.task_name, i.task_item, i.retries, i.current_status, i.note
FROM inv_tasks i JOIN ledger_tenants t ON t.id = i.tenant
WHERE t.name = :tenant
  AND (:task_name IS NULL OR i.task_name = :task_name)
  AND (:status IS NULL OR i.current_status = :status)
  AND (:updated_after IS NULL OR i.updated > :updated_after)
  AND (:after_id IS NULL OR i.id > :after_id)
ORDER BY i.id
LIMIT :limit;

-- name: listAll
SELECT i.id, t.name AS tenant, i.created, i.updated, i.task_name, i.task_item, i.retries, i.current_status, i.note
FROM inv_tasks i JOIN ledger_tenants t ON t.id = i.tenant
WHERE t.name = :tenant
  AND (:task_name IS NULL OR i.task_name = :task_name)
  AND (:status IS NULL OR i.current_status = :status)
  AND (:updated_after IS NULL OR i.updated > :updated_after)
ORDER BY i.id;

-- name: summary
-- From the counts that V14's triggers keep (ledger_counts), not from the entries (see postgresql/ledger.sql).
SELECT c.task_name, c.current_status, SUM(c.entries) AS n, MIN(c.first_created) AS first_attempt,
       MAX(c.last_updated) AS last_attempt, SUM(c.retries) AS retries
FROM ledger_counts c JOIN ledger_tenants t ON t.id = c.tenant
WHERE t.name = :tenant AND (:task_name IS NULL OR c.task_name = :task_name)
GROUP BY c.task_name, c.current_status
ORDER BY c.task_name, c.current_status;

-- name: findItems
SELECT i.id, t.name AS tenant, i.created, i.updated, i.task_name, i.task_item, i.retries, i.current_status, i.note
FROM inv_tasks i JOIN ledger_tenants t ON t.id = i.tenant
WHERE t.name = :tenant AND i.task_name = :task_name
  AND i.task_item IN (SELECT j.v FROM JSON_TABLE(:items, '$[*]' COLUMNS (v VARCHAR(511) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci PATH '$')) AS j);
