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
