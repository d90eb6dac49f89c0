-- PostgreSQL: lists arrive as text[] and whole batches as one text array per column (Dialect.supportsColumnArrays),
-- unnested and cast back to the column types; a parameter compared with NULL is cast, since PostgreSQL cannot infer
-- the type of an untyped NULL. Claims and deletes answer with RETURNING.

-- name: appendAll
-- PostgreSQL only: the others run append once per event in a JDBC batch.
INSERT INTO task_events (id, task_id, status, state, detail, actor, created_at)
SELECT CAST(u.id AS uuid), CAST(u.task_id AS uuid), u.status, u.state, CAST(u.detail AS jsonb), u.actor,
       CAST(u.created_at AS timestamptz)
FROM unnest(CAST(:id AS text[]), CAST(:task_id AS text[]), CAST(:status AS text[]), CAST(:state AS text[]),
            CAST(:detail AS text[]), CAST(:actor AS text[]), CAST(:created_at AS text[]))
     AS u(id, task_id, status, state, detail, actor, created_at);

-- name: copyEvents
-- PostgreSQL only: the events of the tasks copyTasks wrote, right after it.
COPY task_events (id, task_id, status, state, detail, actor, created_at) FROM STDIN;

-- name: latest
SELECT * FROM task_events WHERE task_id = :task_id ORDER BY created_at DESC, id DESC LIMIT :limit;

-- name: olderThan
-- The next page after latest: keyset on (created_at, id) in the same order.
SELECT * FROM task_events
WHERE task_id = :task_id AND (created_at < :at OR (created_at = :at AND id < :id))
ORDER BY created_at DESC, id DESC LIMIT :limit;

-- name: deleteOlderThan
-- DELETE ... LIMIT is MySQL's (SQLite has it only when built with SQLITE_ENABLE_UPDATE_DELETE_LIMIT): the
-- oldest ids come from a subquery.
DELETE FROM task_events
WHERE id IN (SELECT id FROM task_events WHERE created_at < :before ORDER BY created_at LIMIT :limit);

-- name: findOlderThan
SELECT * FROM task_events WHERE created_at < :before ORDER BY created_at LIMIT :limit FOR UPDATE SKIP LOCKED;

-- name: deleteAll
-- The ids as text[] cast to uuid[]; RETURNING tells which existed.
DELETE FROM task_events WHERE id = ANY(CAST(CAST(:ids AS text[]) AS uuid[])) RETURNING id;

-- Time partitions (EventPartitions, docs/architecture.md "Event partitions"). A statement ending in Ddl answers the
-- DDL to run (column ddl), built by format(): %I quotes the partition's name, %L its bounds.

-- name: partitions
-- Every partition but the default one, oldest first; its bounds read back from the catalog (range_from NULL: MINVALUE).
SELECT p.name,
       CAST((regexp_match(p.bound, 'FROM \(''([^'']+)''\)'))[1] AS timestamptz) AS range_from,
       CAST((regexp_match(p.bound, 'TO \(''([^'']+)''\)'))[1] AS timestamptz) AS range_to
FROM (SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = CAST('task_events' AS regclass)) p
WHERE p.bound <> 'DEFAULT'
ORDER BY range_to;

-- name: defaultHolds
SELECT EXISTS (SELECT 1 FROM task_events_default WHERE created_at >= :range_from AND created_at < :range_to) AS holds;

-- name: createDdl
-- Autovacuum as V9 set for task_events (a partitioned table itself has no storage settings).
SELECT format('CREATE TABLE %I PARTITION OF task_events FOR VALUES FROM (%L) TO (%L) WITH ('
              'autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000, '
              'autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000)',
              CAST(:name AS text), CAST(:range_from AS timestamptz), CAST(:range_to AS timestamptz)) AS ddl;

-- name: createDetachedDdl
-- A partition to be, while the default partition still holds rows of its range (they move into it before it is
-- attached: creating it as a partition would fail).
SELECT format('CREATE TABLE %I (LIKE task_events INCLUDING DEFAULTS) WITH ('
              'autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000, '
              'autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000)',
              CAST(:name AS text)) AS ddl;

-- name: moveFromDefaultDdl
SELECT format('WITH moved AS (DELETE FROM task_events_default WHERE created_at >= %L AND created_at < %L RETURNING *) '
              'INSERT INTO %I SELECT * FROM moved',
              CAST(:range_from AS timestamptz), CAST(:range_to AS timestamptz), CAST(:name AS text)) AS ddl;

-- name: attachDdl
SELECT format('ALTER TABLE task_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
              CAST(:name AS text), CAST(:range_from AS timestamptz), CAST(:range_to AS timestamptz)) AS ddl;

-- name: count
-- The events of one partition's range (:range_from NULL: since always); only that partition is read.
SELECT COUNT(*) AS n FROM task_events
WHERE created_at >= COALESCE(CAST(:range_from AS timestamptz), '-infinity') AND created_at < :range_to;

-- name: holdsAny
SELECT EXISTS (SELECT 1 FROM task_events
               WHERE created_at >= COALESCE(CAST(:range_from AS timestamptz), '-infinity') AND created_at < :range_to)
       AS holds;

-- name: lockTimeout
-- For the rest of the transaction.
SELECT set_config('lock_timeout', :timeout, true);

-- name: lockAll
-- The partitioned table alone (not its partitions): every statement on events takes a lock on it first.
LOCK TABLE ONLY task_events IN ACCESS EXCLUSIVE MODE;

-- name: dropDdl
SELECT format('DROP TABLE %I', CAST(:name AS text)) AS ddl;
