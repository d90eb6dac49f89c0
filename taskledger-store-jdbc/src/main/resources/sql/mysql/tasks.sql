-- MySQL/MariaDB: lists arrive as JSON arrays and are joined with JSON_TABLE into the primary key (STRAIGHT_JOIN +
-- FORCE INDEX: IN (subquery) scans the table, and a scan inside an UPDATE would lock rows others should take). MySQL
-- has no RETURNING, so claims and deletes lock the rows first, then change exactly those (Dialect.supportsReturning).

-- name: insertEach
-- MySQL can name neither the key of a conflict nor a partial index, so a row that breaks any unique key is
-- skipped (id = id): JdbcTaskStore refuses a repeated or existing id before it runs this.
INSERT INTO tasks (id, tenant, type, status, state, progress, priority, payload, metadata, tags, error, input_hash,
                   retry_count, max_attempts, lease_seconds, run_at, lease_owner, lease_token, lease_expires_at,
                   created_at, updated_at, started_at, finished_at, version, concurrency_key, timeout_seconds)
VALUES (:id, :tenant, :type, :status, :state, :progress, :priority, :payload, :metadata, :tags, :error, :input_hash,
        :retry_count, :max_attempts, :lease_seconds, :run_at, :lease_owner, :lease_token, :lease_expires_at,
        :created_at, :updated_at, :started_at, :finished_at, :version, :concurrency_key, :timeout_seconds)
ON DUPLICATE KEY UPDATE id = id;

-- name: existingIds
-- Id lists drive a join into the primary key (STRAIGHT_JOIN + FORCE INDEX): IN (subquery) scans the table, and
-- a scan inside a claim's UPDATE would lock rows another claim should be able to take.
SELECT t.id FROM JSON_TABLE(:ids, '$[*]' COLUMNS (v VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin PATH '$')) AS j STRAIGHT_JOIN tasks t FORCE INDEX (PRIMARY) ON t.id = j.v;

-- name: findByInputHash
SELECT * FROM tasks WHERE tenant = :tenant AND type = :type AND input_hash = :input_hash;

-- name: get
SELECT * FROM tasks WHERE id = :id AND tenant = :tenant;

-- name: getAll
-- The ids as a JSON array, joined into the primary key as existingIds is.
SELECT t.* FROM JSON_TABLE(:ids, '$[*]' COLUMNS (v VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin PATH '$')) AS j STRAIGHT_JOIN tasks t FORCE INDEX (PRIMARY) ON t.id = j.v
WHERE t.tenant = :tenant;

-- name: update
UPDATE tasks
SET status = :status, state = :state, progress = :progress, priority = :priority, metadata = :metadata,
    tags = :tags, error = :error, retry_count = :retry_count, max_attempts = :max_attempts,
    lease_seconds = :lease_seconds, run_at = :run_at, lease_owner = :lease_owner, lease_token = :lease_token,
    lease_expires_at = :lease_expires_at, updated_at = :updated_at, started_at = :started_at,
    finished_at = :finished_at, version = version + 1
WHERE id = :id AND tenant = :tenant AND version = :version;

-- name: delete
DELETE FROM tasks WHERE id = :id AND tenant = :tenant;

-- name: listById
-- Tag containment is JSON_CONTAINS.
SELECT * FROM tasks
WHERE tenant = :tenant
  AND (:status IS NULL OR status = :status)
  AND (:type IS NULL OR type = :type)
  AND (:tags IS NULL OR JSON_CONTAINS(tags, :tags))
  AND (:created_after IS NULL OR created_at > :created_after)
  AND (:created_before IS NULL OR created_at < :created_before)
  AND (:input_hash IS NULL OR input_hash = :input_hash)
  AND (:after_id IS NULL OR id > :after_id)
ORDER BY id
LIMIT :limit;

-- name: listByIdDesc
-- listById, newest first (sort=created_at&order=desc): the same index read backwards.
-- Tag containment is JSON_CONTAINS.
SELECT * FROM tasks
WHERE tenant = :tenant
  AND (:status IS NULL OR status = :status)
  AND (:type IS NULL OR type = :type)
  AND (:tags IS NULL OR JSON_CONTAINS(tags, :tags))
  AND (:created_after IS NULL OR created_at > :created_after)
  AND (:created_before IS NULL OR created_at < :created_before)
  AND (:input_hash IS NULL OR input_hash = :input_hash)
  AND (:after_id IS NULL OR id < :after_id)
ORDER BY id DESC
LIMIT :limit;

-- name: listPending
-- Tag containment is JSON_CONTAINS.
SELECT * FROM tasks
WHERE tenant = :tenant AND status = 'PENDING'
  AND (:status IS NULL OR status = :status)
  AND (:type IS NULL OR type = :type)
  AND (:tags IS NULL OR JSON_CONTAINS(tags, :tags))
  AND (:created_after IS NULL OR created_at > :created_after)
  AND (:created_before IS NULL OR created_at < :created_before)
  AND (:input_hash IS NULL OR input_hash = :input_hash)
  AND (:after_id IS NULL
       OR priority < :after_priority
       OR (priority = :after_priority AND (run_at > :after_run_at OR (run_at = :after_run_at AND id > :after_id))))
ORDER BY priority DESC, run_at, id
LIMIT :limit;

-- name: listPendingReversed
-- listPending in the exact reverse of claim order (sort=priority&order=asc): the claim-order index read backwards.
-- Tag containment is JSON_CONTAINS.
SELECT * FROM tasks
WHERE tenant = :tenant AND status = 'PENDING'
  AND (:status IS NULL OR status = :status)
  AND (:type IS NULL OR type = :type)
  AND (:tags IS NULL OR JSON_CONTAINS(tags, :tags))
  AND (:created_after IS NULL OR created_at > :created_after)
  AND (:created_before IS NULL OR created_at < :created_before)
  AND (:input_hash IS NULL OR input_hash = :input_hash)
  AND (:after_id IS NULL
       OR priority > :after_priority
       OR (priority = :after_priority AND (run_at < :after_run_at OR (run_at = :after_run_at AND id < :after_id))))
ORDER BY priority, run_at DESC, id DESC
LIMIT :limit;

-- name: claimSelect
-- MySQL has no UPDATE ... RETURNING: a claim locks the ids to take (claimSelect, claimSelectOneType,
-- claimSelectAnyType, with FOR UPDATE SKIP LOCKED), changes them with claimUpdate and reads them back with getAll.
SELECT id FROM tasks
WHERE tenant = :tenant AND status = 'PENDING' AND run_at <= :now
  AND type IN (SELECT j.v FROM JSON_TABLE(:types, '$[*]' COLUMNS (v VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin PATH '$')) AS j)
ORDER BY priority DESC, run_at, id
LIMIT :limit
FOR UPDATE SKIP LOCKED;

-- name: claimSelectOneType
SELECT id FROM tasks
WHERE tenant = :tenant AND status = 'PENDING' AND type = :type AND run_at <= :now
ORDER BY priority DESC, run_at, id
LIMIT :limit
FOR UPDATE SKIP LOCKED;

-- name: claimSelectAnyType
SELECT id FROM tasks
WHERE tenant = :tenant AND status = 'PENDING' AND run_at <= :now AND JSON_LENGTH(:types) = 0
ORDER BY priority DESC, run_at, id
LIMIT :limit
FOR UPDATE SKIP LOCKED;

-- name: claimUpdate
-- The second step of a claim: the ids claimSelect locked, joined into the primary key.
-- The claim transition (TaskClaim.applyTo): status and state are the claimed ones the code passes; the lease
-- runs from :now for :lease_seconds (null: the task's own); one more attempt; the version moves on.
UPDATE JSON_TABLE(:ids, '$[*]' COLUMNS (v VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin PATH '$')) AS j STRAIGHT_JOIN tasks t FORCE INDEX (PRIMARY) ON t.id = j.v
SET t.status = :claimed_status, t.state = :claimed_state, t.lease_owner = :worker, t.lease_token = :lease_token,
    t.lease_expires_at = DATE_ADD(:now, INTERVAL COALESCE(:lease_seconds, t.lease_seconds) SECOND),
    t.retry_count = t.retry_count + 1, t.started_at = :now, t.updated_at = :now, t.version = t.version + 1;

-- name: pendingTenants
-- FairClaims' walk over the tenants (TaskStore.tenantsWithPendingWork): a loose index scan of idx_tasks_tenant_id,
-- the next tenant name after the last (MIN over the index: one probe per tenant, whatever a tenant holds), each
-- tenant kept when one probe of the ready index finds a pending task of its types. At most :scan tenants are
-- walked (MySQL stops a recursion at 1,000 steps); :after is '' to start from the first tenant.
WITH RECURSIVE walk (tenant, depth) AS (
    SELECT MIN(tenant), 1 FROM tasks WHERE tenant > :after
    UNION ALL
    SELECT (SELECT MIN(t.tenant) FROM tasks t WHERE t.tenant > w.tenant), w.depth + 1
    FROM walk w WHERE w.tenant IS NOT NULL AND w.depth < :scan
)
SELECT w.tenant FROM walk w
WHERE w.tenant IS NOT NULL
  AND EXISTS (SELECT 1 FROM tasks p WHERE p.tenant = w.tenant AND p.status = 'PENDING'
                AND p.type IN (SELECT j.v FROM JSON_TABLE(:types, '$[*]' COLUMNS (v VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin PATH '$')) AS j))
ORDER BY w.tenant
LIMIT :limit;

-- name: pendingTenantsAnyType
-- FairClaims' walk over the tenants (TaskStore.tenantsWithPendingWork): a loose index scan of idx_tasks_tenant_id,
-- the next tenant name after the last (MIN over the index: one probe per tenant, whatever a tenant holds), each
-- tenant kept when one probe of the ready index finds a pending task of its types (any type). At most :scan tenants are
-- walked (MySQL stops a recursion at 1,000 steps); :after is '' to start from the first tenant.
WITH RECURSIVE walk (tenant, depth) AS (
    SELECT MIN(tenant), 1 FROM tasks WHERE tenant > :after
    UNION ALL
    SELECT (SELECT MIN(t.tenant) FROM tasks t WHERE t.tenant > w.tenant), w.depth + 1
    FROM walk w WHERE w.tenant IS NOT NULL AND w.depth < :scan
)
SELECT w.tenant FROM walk w
WHERE w.tenant IS NOT NULL
  AND EXISTS (SELECT 1 FROM tasks p WHERE p.tenant = w.tenant AND p.status = 'PENDING')
ORDER BY w.tenant
LIMIT :limit;

-- name: findExpiredLeases
SELECT * FROM tasks
WHERE status = 'IN_PROGRESS' AND lease_expires_at < :now
ORDER BY lease_expires_at
LIMIT :limit;

-- name: findTimedOut
-- Overdue attempts (TaskStore.findTimedOut): the deadline is started_at + timeout_seconds, whatever the lease says.
-- It reads the processing tasks (the tasks in flight) through idx_tasks_lease_expiry (status, lease_expires_at).
SELECT * FROM tasks
WHERE status = 'IN_PROGRESS' AND timeout_seconds IS NOT NULL AND started_at + INTERVAL timeout_seconds SECOND <= :now
ORDER BY started_at
LIMIT :limit;

-- name: findFinishedBefore
-- Locks the rows until the transaction ends; a row another transaction is changing (a retry) is skipped.
SELECT * FROM tasks
WHERE status IN (SELECT j.v FROM JSON_TABLE(:statuses, '$[*]' COLUMNS (v VARCHAR(16) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin PATH '$')) AS j)
  AND finished_at < :before
ORDER BY finished_at
LIMIT :limit
FOR UPDATE SKIP LOCKED;

-- name: lockStillFinished
-- deleteFinished, first half: locks those of :ids still finished and old (deleteLocked then deletes the ones whose
-- version is still the one read).
SELECT t.id, t.version FROM JSON_TABLE(:ids, '$[*]' COLUMNS (v VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin PATH '$')) AS j
STRAIGHT_JOIN tasks t FORCE INDEX (PRIMARY) ON t.id = j.v
WHERE t.status IN (SELECT s.v FROM JSON_TABLE(:statuses, '$[*]' COLUMNS (v VARCHAR(16) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin PATH '$')) AS s)
  AND t.finished_at < :before
FOR UPDATE;

-- name: deleteLocked
-- deleteFinished, second half: deletes the ids lockStillFinished locked whose version was still the one read.
DELETE t FROM JSON_TABLE(:ids, '$[*]' COLUMNS (v VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin PATH '$')) AS j STRAIGHT_JOIN tasks t FORCE INDEX (PRIMARY) ON t.id = j.v;

-- name: stats
SELECT type, status, COUNT(*) AS n FROM tasks WHERE tenant = :tenant GROUP BY type, status ORDER BY type, status;

-- name: oldestReady
-- Per type: the ready index (tenant, type, priority, run_at) holds only pending rows.
SELECT type, MIN(run_at) AS oldest FROM tasks WHERE tenant = :tenant AND status = 'PENDING' AND run_at <= :now GROUP BY type;

-- name: readClock
-- Store.readClock: the server's clock in UTC, to the microsecond, whatever the session's time zone.
SELECT UTC_TIMESTAMP(6) AS now;

-- name: finishedPerMinute
-- The minute as text (yyyy-MM-dd HH:mm; the session time zone is UTC): each dialect truncates its own way.
SELECT DATE_FORMAT(finished_at, '%Y-%m-%d %H:%i') AS minute, status, COUNT(*) AS n
FROM tasks
WHERE tenant = :tenant AND finished_at >= :since AND status IN ('COMPLETED', 'FAILED')
GROUP BY 1, 2;

-- name: workers
-- Lease owners of processing tasks and of tasks finished since :since (the lease owner stays on a finished task).
SELECT lease_owner AS worker, SUM(CASE WHEN status = 'IN_PROGRESS' THEN 1 ELSE 0 END) AS in_flight,
       MAX(updated_at) AS last_seen
FROM tasks
WHERE tenant = :tenant AND lease_owner IS NOT NULL
  AND (status = 'IN_PROGRESS' OR (status IN ('COMPLETED', 'FAILED') AND finished_at >= :since))
GROUP BY lease_owner;
