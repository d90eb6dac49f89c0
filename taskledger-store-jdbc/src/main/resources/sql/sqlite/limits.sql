-- SQLite: lists arrive as JSON arrays (json_each); no row lock is needed: one writer (BEGIN IMMEDIATE) at a time.
-- A null type or key is stored as '' (it is part of the primary key).

-- name: list
SELECT * FROM task_limits WHERE tenant = :tenant ORDER BY type, concurrency_key;

-- name: lock
-- LimitStore.lock: limited claims of one tenant take turns on these rows.
SELECT * FROM task_limits WHERE tenant = :tenant ORDER BY type, concurrency_key;

-- name: put
INSERT INTO task_limits (tenant, type, concurrency_key, max_running, rate_count, rate_period_seconds, rate_starts, updated_at)
VALUES (:tenant, :type, :concurrency_key, :max_running, :rate_count, :rate_period_seconds, :rate_starts, :updated_at)
ON CONFLICT (tenant, type, concurrency_key) DO UPDATE
SET max_running = excluded.max_running, rate_count = excluded.rate_count,
    rate_period_seconds = excluded.rate_period_seconds, rate_starts = excluded.rate_starts, updated_at = excluded.updated_at;

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
  AND (json_array_length(:types) = 0 OR type IN (SELECT value FROM json_each(:types)))
  AND type NOT IN (SELECT value FROM json_each(:excluded_types))
  AND (concurrency_key IS NULL OR concurrency_key NOT IN (SELECT value FROM json_each(:excluded_keys)))
ORDER BY priority DESC, run_at, id
LIMIT :limit;
