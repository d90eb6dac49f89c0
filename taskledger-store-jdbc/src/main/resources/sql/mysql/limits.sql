-- MySQL/MariaDB: lists arrive as JSON arrays (JSON_TABLE); the lock is FOR UPDATE on the tenant's limit rows.
-- A null type or key is stored as '' (it is part of the primary key).

-- name: list
SELECT * FROM task_limits WHERE tenant = :tenant ORDER BY type, concurrency_key;

-- name: lock
-- LimitStore.lock: limited claims of one tenant take turns on these rows.
SELECT * FROM task_limits WHERE tenant = :tenant ORDER BY type, concurrency_key
FOR UPDATE;

-- name: put
INSERT INTO task_limits (tenant, type, concurrency_key, max_running, rate_count, rate_period_seconds, rate_starts, updated_at)
VALUES (:tenant, :type, :concurrency_key, :max_running, :rate_count, :rate_period_seconds, :rate_starts, :updated_at)
ON DUPLICATE KEY UPDATE max_running = VALUES(max_running), rate_count = VALUES(rate_count),
    rate_period_seconds = VALUES(rate_period_seconds), rate_starts = VALUES(rate_starts), updated_at = VALUES(updated_at);

-- name: saveStarts
UPDATE task_limits SET rate_starts = :rate_starts
WHERE tenant = :tenant AND type = :type AND concurrency_key = :concurrency_key;

-- name: delete
DELETE FROM task_limits WHERE tenant = :tenant AND type = :type AND concurrency_key = :concurrency_key;

-- name: running
-- Running = processing under a lease that has not expired (an expired lease frees its slot at once).
SELECT type, concurrency_key, COUNT(*) AS n FROM tasks
WHERE tenant = :tenant AND status = 'IN_PROGRESS' AND lease_expires_at > :now
GROUP BY type, concurrency_key;

-- name: ready
SELECT type, concurrency_key, COUNT(*) AS n FROM tasks
WHERE tenant = :tenant AND status = 'PENDING' AND run_at <= :now
GROUP BY type, concurrency_key;

-- name: candidates
-- The ready tasks a limited claim may look at, in claim order, without the types and keys that have no room.
SELECT * FROM tasks
WHERE tenant = :tenant AND status = 'PENDING' AND run_at <= :now
  AND (JSON_LENGTH(:types) = 0 OR type IN (SELECT j.v FROM JSON_TABLE(:types, '$[*]' COLUMNS (v VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin PATH '$')) AS j))
  AND type NOT IN (SELECT j.v FROM JSON_TABLE(:excluded_types, '$[*]' COLUMNS (v VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin PATH '$')) AS j)
  AND (concurrency_key IS NULL OR concurrency_key NOT IN (SELECT j.v FROM JSON_TABLE(:excluded_keys, '$[*]' COLUMNS (v VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin PATH '$')) AS j))
ORDER BY priority DESC, run_at, id
LIMIT :limit;
