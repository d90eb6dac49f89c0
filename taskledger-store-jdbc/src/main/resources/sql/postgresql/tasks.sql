-- PostgreSQL: lists arrive as text[] and whole batches as one text array per column (Dialect.supportsColumnArrays),
-- unnested and cast back to the column types; a parameter compared with NULL is cast, since PostgreSQL cannot infer
-- the type of an untyped NULL. Claims and deletes answer with RETURNING.
-- input_hash is CHAR(64): a parameter compared with it is cast to bpchar, since input_hash = <varchar or text> compares
-- as text and cannot use its indexes (a walk of every task of the tenant instead of one index probe).

-- name: insertTasks
-- PostgreSQL only: SQLite and MySQL run insertEach as a JDBC batch and read back existingIds.
-- StoreTx.insertTasks: the tasks (one whose (tenant, type, input_hash) exists is skipped),
-- the events of those inserted, and (when :notify_payload is not null and a task was inserted) the ready
-- notification, in one round trip. The events' foreign key is checked at the end of the statement, when the
-- inserted tasks exist.
WITH inserted AS (
    INSERT INTO tasks (id, tenant, type, status, state, progress, priority, payload, metadata, tags, error, input_hash,
                       retry_count, max_attempts, lease_seconds, run_at, lease_owner, lease_token, lease_expires_at,
                       created_at, updated_at, started_at, finished_at, version, concurrency_key, timeout_seconds)
    SELECT CAST(u.id AS uuid), u.tenant, u.type, u.status, u.state, CAST(u.progress AS smallint), CAST(u.priority AS smallint),
           CAST(u.payload AS jsonb), CAST(u.metadata AS jsonb), CAST(u.tags AS jsonb), u.error, u.input_hash,
           CAST(u.retry_count AS int), CAST(u.max_attempts AS int), CAST(u.lease_seconds AS int), CAST(u.run_at AS timestamptz),
           u.lease_owner, u.lease_token, CAST(u.lease_expires_at AS timestamptz), CAST(u.created_at AS timestamptz),
           CAST(u.updated_at AS timestamptz), CAST(u.started_at AS timestamptz), CAST(u.finished_at AS timestamptz),
           CAST(u.version AS int), u.concurrency_key, CAST(u.timeout_seconds AS int)
    FROM unnest(CAST(:id AS text[]), CAST(:tenant AS text[]), CAST(:type AS text[]), CAST(:status AS text[]),
                CAST(:state AS text[]), CAST(:progress AS text[]), CAST(:priority AS text[]), CAST(:payload AS text[]),
                CAST(:metadata AS text[]), CAST(:tags AS text[]), CAST(:error AS text[]), CAST(:input_hash AS text[]),
                CAST(:retry_count AS text[]), CAST(:max_attempts AS text[]), CAST(:lease_seconds AS text[]),
                CAST(:run_at AS text[]), CAST(:lease_owner AS text[]), CAST(:lease_token AS text[]),
                CAST(:lease_expires_at AS text[]), CAST(:created_at AS text[]), CAST(:updated_at AS text[]),
                CAST(:started_at AS text[]), CAST(:finished_at AS text[]), CAST(:version AS text[]),
                CAST(:concurrency_key AS text[]), CAST(:timeout_seconds AS text[]))
         WITH ORDINALITY AS u(id, tenant, type, status, state, progress, priority, payload, metadata, tags, error, input_hash,
                              retry_count, max_attempts, lease_seconds, run_at, lease_owner, lease_token, lease_expires_at,
                              created_at, updated_at, started_at, finished_at, version, concurrency_key, timeout_seconds, ord)
    ORDER BY u.ord
    ON CONFLICT (tenant, type, input_hash) WHERE input_hash IS NOT NULL DO NOTHING
    RETURNING id
), events AS (
    INSERT INTO task_events (id, task_id, status, state, detail, actor, created_at)
    SELECT CAST(e.id AS uuid), CAST(e.task_id AS uuid), e.status, e.state, CAST(e.detail AS jsonb), e.actor,
           CAST(e.created_at AS timestamptz)
    FROM unnest(CAST(:event_id AS text[]), CAST(:event_task_id AS text[]), CAST(:event_status AS text[]),
                CAST(:event_state AS text[]), CAST(:event_detail AS text[]), CAST(:event_actor AS text[]),
                CAST(:event_created_at AS text[])) WITH ORDINALITY AS e(id, task_id, status, state, detail, actor, created_at, ord)
    WHERE CAST(e.task_id AS uuid) IN (SELECT id FROM inserted)
    ORDER BY e.ord
)
SELECT i.id, (SELECT pg_notify(CAST(:notify_channel AS text), CAST(:notify_payload AS text))
              WHERE CAST(:notify_payload AS text) IS NOT NULL) AS notified
FROM inserted i;

-- name: findByInputHash
SELECT * FROM tasks WHERE tenant = :tenant AND type = :type AND input_hash = :input_hash;

-- name: get
SELECT * FROM tasks WHERE id = :id AND tenant = :tenant;

-- name: getAll
-- The ids as text[], joined into the primary key.
SELECT t.* FROM unnest(CAST(:ids AS text[])) AS u(id) JOIN tasks t ON t.id = CAST(u.id AS uuid)
WHERE t.tenant = :tenant;

-- name: update
-- JSON columns are jsonb: the text parameters are cast.
UPDATE tasks
SET status = :status, state = :state, progress = :progress, priority = :priority,
    metadata = CAST(:metadata AS jsonb), tags = CAST(:tags AS jsonb), error = :error, retry_count = :retry_count,
    max_attempts = :max_attempts, lease_seconds = :lease_seconds, run_at = :run_at, lease_owner = :lease_owner,
    lease_token = :lease_token, lease_expires_at = :lease_expires_at, updated_at = :updated_at,
    started_at = :started_at, finished_at = :finished_at, version = version + 1
WHERE id = :id AND tenant = :tenant AND version = :version;

-- name: updateAll
-- PostgreSQL only: the others run update once per task.
-- update for many tasks at once; rows whose version moved on are not written (and not returned)
UPDATE tasks t
SET status = u.status, state = u.state, progress = CAST(u.progress AS smallint), priority = CAST(u.priority AS smallint),
    metadata = CAST(u.metadata AS jsonb), tags = CAST(u.tags AS jsonb), error = u.error,
    retry_count = CAST(u.retry_count AS int), max_attempts = CAST(u.max_attempts AS int),
    lease_seconds = CAST(u.lease_seconds AS int), run_at = CAST(u.run_at AS timestamptz), lease_owner = u.lease_owner,
    lease_token = u.lease_token, lease_expires_at = CAST(u.lease_expires_at AS timestamptz),
    updated_at = CAST(u.updated_at AS timestamptz), started_at = CAST(u.started_at AS timestamptz),
    finished_at = CAST(u.finished_at AS timestamptz), version = t.version + 1
FROM unnest(CAST(:id AS text[]), CAST(:tenant AS text[]), CAST(:status AS text[]), CAST(:state AS text[]),
            CAST(:progress AS text[]), CAST(:priority AS text[]), CAST(:metadata AS text[]), CAST(:tags AS text[]),
            CAST(:error AS text[]), CAST(:retry_count AS text[]), CAST(:max_attempts AS text[]),
            CAST(:lease_seconds AS text[]), CAST(:run_at AS text[]), CAST(:lease_owner AS text[]),
            CAST(:lease_token AS text[]), CAST(:lease_expires_at AS text[]), CAST(:updated_at AS text[]),
            CAST(:started_at AS text[]), CAST(:finished_at AS text[]), CAST(:version AS text[]))
     AS u(id, tenant, status, state, progress, priority, metadata, tags, error, retry_count, max_attempts,
          lease_seconds, run_at, lease_owner, lease_token, lease_expires_at, updated_at, started_at, finished_at, version)
WHERE t.id = CAST(u.id AS uuid) AND t.tenant = u.tenant AND t.version = CAST(u.version AS int)
RETURNING t.id;

-- name: delete
DELETE FROM tasks WHERE id = :id AND tenant = :tenant;

-- name: listById
-- Tag containment is jsonb @>; NULL checks cast the parameter (its type cannot be inferred).
SELECT * FROM tasks
WHERE tenant = :tenant
  AND (CAST(:status AS text) IS NULL OR status = :status)
  AND (CAST(:type AS text) IS NULL OR type = :type)
  AND (CAST(:tags AS jsonb) IS NULL OR tags @> CAST(:tags AS jsonb))
  AND (CAST(:created_after AS timestamptz) IS NULL OR created_at > :created_after)
  AND (CAST(:created_before AS timestamptz) IS NULL OR created_at < :created_before)
  AND (CAST(:input_hash AS text) IS NULL OR input_hash = CAST(:input_hash AS bpchar))
  AND (CAST(:after_id AS uuid) IS NULL OR id > :after_id)
ORDER BY id
LIMIT :limit;

-- name: listByIdDesc
-- listById, newest first (sort=created_at&order=desc): the same index read backwards.
-- Tag containment is jsonb @>; NULL checks cast the parameter (its type cannot be inferred).
SELECT * FROM tasks
WHERE tenant = :tenant
  AND (CAST(:status AS text) IS NULL OR status = :status)
  AND (CAST(:type AS text) IS NULL OR type = :type)
  AND (CAST(:tags AS jsonb) IS NULL OR tags @> CAST(:tags AS jsonb))
  AND (CAST(:created_after AS timestamptz) IS NULL OR created_at > :created_after)
  AND (CAST(:created_before AS timestamptz) IS NULL OR created_at < :created_before)
  AND (CAST(:input_hash AS text) IS NULL OR input_hash = CAST(:input_hash AS bpchar))
  AND (CAST(:after_id AS uuid) IS NULL OR id < :after_id)
ORDER BY id DESC
LIMIT :limit;

-- name: listPending
-- Tag containment is jsonb @>; NULL checks cast the parameter (its type cannot be inferred).
SELECT * FROM tasks
WHERE tenant = :tenant AND status = 'PENDING'
  AND (CAST(:status AS text) IS NULL OR status = :status)
  AND (CAST(:type AS text) IS NULL OR type = :type)
  AND (CAST(:tags AS jsonb) IS NULL OR tags @> CAST(:tags AS jsonb))
  AND (CAST(:created_after AS timestamptz) IS NULL OR created_at > :created_after)
  AND (CAST(:created_before AS timestamptz) IS NULL OR created_at < :created_before)
  AND (CAST(:input_hash AS text) IS NULL OR input_hash = CAST(:input_hash AS bpchar))
  AND (CAST(:after_id AS uuid) IS NULL
       OR priority < :after_priority
       OR (priority = :after_priority AND (run_at > :after_run_at OR (run_at = :after_run_at AND id > :after_id))))
ORDER BY priority DESC, run_at, id
LIMIT :limit;

-- name: listPendingReversed
-- listPending in the exact reverse of claim order (sort=priority&order=asc): the claim-order index read backwards.
-- Tag containment is jsonb @>; NULL checks cast the parameter (its type cannot be inferred).
SELECT * FROM tasks
WHERE tenant = :tenant AND status = 'PENDING'
  AND (CAST(:status AS text) IS NULL OR status = :status)
  AND (CAST(:type AS text) IS NULL OR type = :type)
  AND (CAST(:tags AS jsonb) IS NULL OR tags @> CAST(:tags AS jsonb))
  AND (CAST(:created_after AS timestamptz) IS NULL OR created_at > :created_after)
  AND (CAST(:created_before AS timestamptz) IS NULL OR created_at < :created_before)
  AND (CAST(:input_hash AS text) IS NULL OR input_hash = CAST(:input_hash AS bpchar))
  AND (CAST(:after_id AS uuid) IS NULL
       OR priority > :after_priority
       OR (priority = :after_priority AND (run_at < :after_run_at OR (run_at = :after_run_at AND id < :after_id))))
ORDER BY priority, run_at DESC, id DESC
LIMIT :limit;

-- name: claim
-- The claim statements lock the chosen rows with FOR UPDATE SKIP LOCKED, so concurrent claims take different
-- tasks instead of waiting, and answer with RETURNING. claimOneType and claimAnyType differ only in the type filter:
-- one type walks the ready index in claim order; a list (= ANY) makes the database read every ready task of its types.
-- The claim transition (TaskClaim.applyTo): status and state are the claimed ones the code passes; the lease
-- runs from :now for :lease_seconds (null: the task's own); one more attempt; the version moves on.
UPDATE tasks t
SET status = :claimed_status, state = :claimed_state, lease_owner = :worker, lease_token = :lease_token,
    lease_expires_at = CAST(:now AS timestamptz) + make_interval(secs => COALESCE(CAST(:lease_seconds AS int), t.lease_seconds)),
    retry_count = t.retry_count + 1, started_at = :now, updated_at = :now, version = t.version + 1
FROM (SELECT id FROM tasks
      WHERE tenant = :tenant AND status = 'PENDING' AND type = ANY(CAST(:types AS text[])) AND run_at <= :now
      ORDER BY priority DESC, run_at, id
      LIMIT :limit
      FOR UPDATE SKIP LOCKED) c
WHERE t.id = c.id
RETURNING t.*;

-- name: claimOneType
-- The claim transition (TaskClaim.applyTo): status and state are the claimed ones the code passes; the lease
-- runs from :now for :lease_seconds (null: the task's own); one more attempt; the version moves on.
UPDATE tasks t
SET status = :claimed_status, state = :claimed_state, lease_owner = :worker, lease_token = :lease_token,
    lease_expires_at = CAST(:now AS timestamptz) + make_interval(secs => COALESCE(CAST(:lease_seconds AS int), t.lease_seconds)),
    retry_count = t.retry_count + 1, started_at = :now, updated_at = :now, version = t.version + 1
FROM (SELECT id FROM tasks
      WHERE tenant = :tenant AND status = 'PENDING' AND type = :type AND run_at <= :now
      ORDER BY priority DESC, run_at, id
      LIMIT :limit
      FOR UPDATE SKIP LOCKED) c
WHERE t.id = c.id
RETURNING t.*;

-- name: claimAnyType
-- The claim transition (TaskClaim.applyTo): status and state are the claimed ones the code passes; the lease
-- runs from :now for :lease_seconds (null: the task's own); one more attempt; the version moves on.
UPDATE tasks t
SET status = :claimed_status, state = :claimed_state, lease_owner = :worker, lease_token = :lease_token,
    lease_expires_at = CAST(:now AS timestamptz) + make_interval(secs => COALESCE(CAST(:lease_seconds AS int), t.lease_seconds)),
    retry_count = t.retry_count + 1, started_at = :now, updated_at = :now, version = t.version + 1
FROM (SELECT id FROM tasks
      WHERE tenant = :tenant AND status = 'PENDING' AND run_at <= :now AND cardinality(CAST(:types AS text[])) = 0
      ORDER BY priority DESC, run_at, id
      LIMIT :limit
      FOR UPDATE SKIP LOCKED) c
WHERE t.id = c.id
RETURNING t.*;

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
  AND EXISTS (SELECT 1 FROM tasks p WHERE p.tenant = w.tenant AND p.status = 'PENDING' AND p.type = ANY(CAST(:types AS text[])))
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
SELECT * FROM tasks
WHERE status = 'IN_PROGRESS' AND timeout_seconds IS NOT NULL
  AND started_at + make_interval(secs => timeout_seconds) <= :now
ORDER BY started_at
LIMIT :limit;

-- name: findFinishedBefore
-- Locks the rows until the transaction ends; a row another transaction is changing (a retry) is skipped.
SELECT * FROM tasks
WHERE status = ANY(CAST(:statuses AS text[])) AND finished_at < :before
ORDER BY finished_at
LIMIT :limit
FOR UPDATE SKIP LOCKED;

-- name: deleteFinished
-- The tasks of :versions ({"<id>": <version read>}) still at that version, still finished and still old.
DELETE FROM tasks t
USING jsonb_each_text(CAST(:versions AS jsonb)) AS v(id, version)
WHERE t.id = CAST(v.id AS uuid) AND t.version = CAST(v.version AS int)
  AND t.status = ANY(CAST(:statuses AS text[])) AND t.finished_at < :before
RETURNING t.id;

-- name: stats
SELECT type, status, COUNT(*) AS n FROM tasks WHERE tenant = :tenant GROUP BY type, status ORDER BY type, status;

-- name: oldestReady
-- Per type: the ready index (tenant, type, priority, run_at) holds only pending rows.
SELECT type, MIN(run_at) AS oldest FROM tasks WHERE tenant = :tenant AND status = 'PENDING' AND run_at <= :now GROUP BY type;

-- name: notifyReady
-- PostgreSQL only (LISTEN/NOTIFY): wakes other service nodes' long-polling claims.
SELECT pg_notify(CAST(:channel AS text), CAST(:payload AS text));

-- name: readClock
-- Store.readClock: the server's clock now (not the transaction's start, as now() would be).
SELECT clock_timestamp() AS now;

-- name: finishedPerMinute
-- The minute as text (yyyy-MM-dd HH:mm, UTC): each dialect truncates its own way.
SELECT to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS minute, status, COUNT(*) AS n
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
