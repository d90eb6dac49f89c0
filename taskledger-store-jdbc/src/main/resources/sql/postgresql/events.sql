-- name: appendAll
INSERT INTO task_events (id, task_id, status, state, detail, actor, created_at)
SELECT CAST(u.id AS uuid), CAST(u.task_id AS uuid), u.status, u.state, CAST(u.detail AS jsonb), u.actor,
       CAST(u.created_at AS timestamptz)
FROM unnest(CAST(:id AS text[]), CAST(:task_id AS text[]), CAST(:status AS text[]), CAST(:state AS text[]),
            CAST(:detail AS text[]), CAST(:actor AS text[]), CAST(:created_at AS text[]))
     AS u(id, task_id, status, state, detail, actor, created_at);

-- name: latest
SELECT * FROM task_events WHERE task_id = :task_id ORDER BY created_at DESC, id DESC LIMIT :limit;

-- name: deleteOlderThan
DELETE FROM task_events
WHERE id IN (SELECT id FROM task_events WHERE created_at < :before ORDER BY created_at LIMIT :limit);

-- name: findOlderThan
SELECT * FROM task_events WHERE created_at < :before ORDER BY created_at LIMIT :limit FOR UPDATE SKIP LOCKED;

-- name: deleteAll
DELETE FROM task_events WHERE id = ANY(CAST(CAST(:ids AS text[]) AS uuid[])) RETURNING id;
