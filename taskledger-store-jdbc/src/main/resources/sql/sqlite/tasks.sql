-- SQLite: lists arrive as JSON arrays, read with json_each. One writer connection serializes transactions, so
-- statements take no row locks (no FOR UPDATE); claims and deletes answer with RETURNING.

-- name: insertEach
-- A repeated input hash is skipped by naming the partial unique index (PostgreSQL does the same in insertTasks).
INSERT INTO tasks (id, tenant, type, status, state, progress, priority, payload, metadata, tags, error, input_hash,
                   retry_count, max_attempts, lease_seconds, run_at, lease_owner, lease_token, lease_expires_at,
                   created_at, updated_at, started_at, finished_at, version, concurrency_key, timeout_seconds)
VALUES (:id, :tenant, :type, :status, :state, :progress, :priority, :payload, :metadata, :tags, :error, :input_hash,
        :retry_count, :max_attempts, :lease_seconds, :run_at, :lease_owner, :lease_token, :lease_expires_at,
        :created_at, :updated_at, :started_at, :finished_at, :version, :concurrency_key, :timeout_seconds)
ON CONFLICT (tenant, type, input_hash) WHERE input_hash IS NOT NULL DO NOTHING;

-- name: existingIds
-- The ids as a JSON array (PostgreSQL needs no read-back: insertTasks returns the ids).
SELECT id FROM tasks WHERE id IN (SELECT value FROM json_each(:ids));

-- name: findByInputHash
SELECT * FROM tasks WHERE tenant = :tenant AND type = :type AND input_hash = :input_hash;

-- name: get
SELECT * FROM tasks WHERE id = :id AND tenant = :tenant;

-- name: getAll
-- The ids as a JSON array.
SELECT * FROM tasks WHERE tenant = :tenant AND id IN (SELECT value FROM json_each(:ids));

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
-- SQLite has no JSON containment: every tag asked for must be among the row's tags (json_each).
SELECT * FROM tasks
WHERE tenant = :tenant
  AND (:status IS NULL OR status = :status)
  AND (:type IS NULL OR type = :type)
  AND (:tags IS NULL OR NOT EXISTS (
        SELECT 1 FROM json_each(:tags) f
        WHERE NOT EXISTS (SELECT 1 FROM json_each(tasks.tags) g WHERE g.key = f.key AND g.value = f.value)))
  AND (:created_after IS NULL OR created_at > :created_after)
  AND (:created_before IS NULL OR created_at < :created_before)
  AND (:input_hash IS NULL OR input_hash = :input_hash)
  AND (:after_id IS NULL OR id > :after_id)
ORDER BY id
LIMIT :limit;

-- name: listByIdDesc
-- listById, newest first (sort=created_at&order=desc): the same index read backwards.
-- SQLite has no JSON containment: every tag asked for must be among the row's tags (json_each).
SELECT * FROM tasks
WHERE tenant = :tenant
  AND (:status IS NULL OR status = :status)
  AND (:type IS NULL OR type = :type)
  AND (:tags IS NULL OR NOT EXISTS (
        SELECT 1 FROM json_each(:tags) f
        WHERE NOT EXISTS (SELECT 1 FROM json_each(tasks.tags) g WHERE g.key = f.key AND g.value = f.value)))
  AND (:created_after IS NULL OR created_at > :created_after)
  AND (:created_before IS NULL OR created_at < :created_before)
  AND (:input_hash IS NULL OR input_hash = :input_hash)
  AND (:after_id IS NULL OR id < :after_id)
ORDER BY id DESC
LIMIT :limit;

-- name: listPending
-- SQLite has no JSON containment: every tag asked for must be among the row's tags (json_each).
SELECT * FROM tasks
WHERE tenant = :tenant AND status = 'PENDING'
  AND (:status IS NULL OR status = :status)
  AND (:type IS NULL OR type = :type)
  AND (:tags IS NULL OR NOT EXISTS (
        SELECT 1 FROM json_each(:tags) f
        WHERE NOT EXISTS (SELECT 1 FROM json_each(tasks.tags) g WHERE g.key = f.key AND g.value = f.value)))
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
-- SQLite has no JSON containment: every tag asked for must be among the row's tags (json_each).
SELECT * FROM tasks
WHERE tenant = :tenant AND status = 'PENDING'
  AND (:status IS NULL OR status = :status)
  AND (:type IS NULL OR type = :type)
  AND (:tags IS NULL OR NOT EXISTS (
        SELECT 1 FROM json_each(:tags) f
        WHERE NOT EXISTS (SELECT 1 FROM json_each(tasks.tags) g WHERE g.key = f.key AND g.value = f.value)))
  AND (:created_after IS NULL OR created_at > :created_after)
  AND (:created_before IS NULL OR created_at < :created_before)
  AND (:input_hash IS NULL OR input_hash = :input_hash)
  AND (:after_id IS NULL
       OR priority > :after_priority
       OR (priority = :after_priority AND (run_at < :after_run_at OR (run_at = :after_run_at AND id < :after_id))))
ORDER BY priority, run_at DESC, id DESC
LIMIT :limit;

-- name: claim
-- The claim statements need no row locks (one writer connection); lease_expires_at is computed with strftime
-- to keep the timestamp text format. claimOneType and claimAnyType differ only in the type filter (see PostgreSQL's).
-- The claim transition (TaskClaim.applyTo): status and state are the claimed ones the code passes; the lease
-- runs from :now for :lease_seconds (null: the task's own); one more attempt; the version moves on.
UPDATE tasks
SET status = :claimed_status, state = :claimed_state, lease_owner = :worker, lease_token = :lease_token,
    lease_expires_at = strftime('%Y-%m-%d %H:%M:%f', :now, '+' || COALESCE(:lease_seconds, lease_seconds) || ' seconds'),
    retry_count = retry_count + 1, started_at = :now, updated_at = :now, version = version + 1
WHERE id IN (SELECT id FROM tasks
             WHERE tenant = :tenant AND status = 'PENDING' AND type IN (SELECT value FROM json_each(:types))
               AND run_at <= :now
             ORDER BY priority DESC, run_at, id
             LIMIT :limit)
RETURNING *;

-- name: claimOneType
-- The claim transition (TaskClaim.applyTo): status and state are the claimed ones the code passes; the lease
-- runs from :now for :lease_seconds (null: the task's own); one more attempt; the version moves on.
UPDATE tasks
SET status = :claimed_status, state = :claimed_state, lease_owner = :worker, lease_token = :lease_token,
    lease_expires_at = strftime('%Y-%m-%d %H:%M:%f', :now, '+' || COALESCE(:lease_seconds, lease_seconds) || ' seconds'),
    retry_count = retry_count + 1, started_at = :now, updated_at = :now, version = version + 1
WHERE id IN (SELECT id FROM tasks
             WHERE tenant = :tenant AND status = 'PENDING' AND type = :type
               AND run_at <= :now
             ORDER BY priority DESC, run_at, id
             LIMIT :limit)
RETURNING *;

-- name: claimAnyType
-- The claim transition (TaskClaim.applyTo): status and state are the claimed ones the code passes; the lease
-- runs from :now for :lease_seconds (null: the task's own); one more attempt; the version moves on.
UPDATE tasks
SET status = :claimed_status, state = :claimed_state, lease_owner = :worker, lease_token = :lease_token,
    lease_expires_at = strftime('%Y-%m-%d %H:%M:%f', :now, '+' || COALESCE(:lease_seconds, lease_seconds) || ' seconds'),
    retry_count = retry_count + 1, started_at = :now, updated_at = :now, version = version + 1
WHERE id IN (SELECT id FROM tasks
             WHERE tenant = :tenant AND status = 'PENDING' AND run_at <= :now AND json_array_length(:types) = 0
             ORDER BY priority DESC, run_at, id
             LIMIT :limit)
RETURNING *;

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
  AND EXISTS (SELECT 1 FROM tasks p WHERE p.tenant = w.tenant AND p.status = 'PENDING' AND p.type IN (SELECT value FROM json_each(:types)))
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
-- The partial index idx_tasks_timeout holds processing tasks with a timeout only, so this reads the tasks in flight.
-- Times are text in one sortable format: the deadline is computed with strftime in the same format.
SELECT * FROM tasks
WHERE status = 'IN_PROGRESS' AND timeout_seconds IS NOT NULL AND strftime('%Y-%m-%d %H:%M:%f', started_at, '+' || timeout_seconds || ' seconds') <= :now
ORDER BY started_at
LIMIT :limit;

-- name: findFinishedBefore
-- No FOR UPDATE SKIP LOCKED: one writer connection, so no other transaction changes the rows meanwhile.
SELECT * FROM tasks
WHERE status IN (SELECT value FROM json_each(:statuses)) AND finished_at < :before
ORDER BY finished_at
LIMIT :limit;

-- name: deleteFinished
-- json_each/json_extract read the {id: version} object; PostgreSQL's uses jsonb_each_text.
-- The tasks of :versions ({"<id>": <version read>}) still at that version, still finished and still old.
DELETE FROM tasks
WHERE id IN (SELECT key FROM json_each(:versions))
  AND version = json_extract(:versions, '$."' || id || '"')
  AND status IN (SELECT value FROM json_each(:statuses)) AND finished_at < :before
RETURNING id;

-- name: stats
SELECT type, status, COUNT(*) AS n FROM tasks WHERE tenant = :tenant GROUP BY type, status ORDER BY type, status;

-- name: oldestReady
-- Per type: the ready index (tenant, type, priority, run_at) holds only pending rows.
SELECT type, MIN(run_at) AS oldest FROM tasks WHERE tenant = :tenant AND status = 'PENDING' AND run_at <= :now GROUP BY type;

-- name: finishedPerMinute
-- The minute as text (yyyy-MM-dd HH:mm; SQLite keeps times as UTC text, cut to the minute).
SELECT substr(finished_at, 1, 16) AS minute, status, COUNT(*) AS n
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
