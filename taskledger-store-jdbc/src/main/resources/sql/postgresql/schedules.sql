-- name: insert
INSERT INTO schedules (id, tenant, name, cron, every_seconds, time_zone, task_template, misfire, overlap, paused,
                       next_fire_at, anchor_at, last_fire_at, last_task_id, version, created_at, updated_at)
VALUES (:id, :tenant, :name, :cron, :every_seconds, :time_zone, CAST(:task_template AS jsonb), :misfire, :overlap, :paused,
        :next_fire_at, :anchor_at, :last_fire_at, :last_task_id, :version, :created_at, :updated_at);

-- name: get
SELECT * FROM schedules WHERE id = :id AND tenant = :tenant;

-- name: byName
SELECT * FROM schedules WHERE tenant = :tenant AND name = :name;

-- name: listFirst
SELECT * FROM schedules WHERE tenant = :tenant ORDER BY id LIMIT :limit;

-- name: listAfter
SELECT * FROM schedules WHERE tenant = :tenant AND id > :after ORDER BY id LIMIT :limit;

-- name: update
-- Conditional on the version read: of two nodes firing the same schedule, the second updates no row.
UPDATE schedules SET name = :name, cron = :cron, every_seconds = :every_seconds, time_zone = :time_zone,
       task_template = CAST(:task_template AS jsonb), misfire = :misfire, overlap = :overlap, paused = :paused,
       next_fire_at = :next_fire_at, anchor_at = :anchor_at, last_fire_at = :last_fire_at,
       last_task_id = :last_task_id, version = :version, updated_at = :updated_at
WHERE id = :id AND version = :expected_version;

-- name: delete
DELETE FROM schedules WHERE id = :id AND tenant = :tenant;

-- name: due
SELECT * FROM schedules WHERE paused = 0 AND next_fire_at <= :now ORDER BY next_fire_at LIMIT :limit;

-- name: appendEvent
INSERT INTO schedule_events (id, schedule_id, tenant, kind, detail, actor, created_at)
VALUES (:id, :schedule_id, :tenant, :kind, CAST(:detail AS jsonb), :actor, :created_at);

-- name: events
SELECT * FROM schedule_events WHERE schedule_id = :schedule_id ORDER BY created_at DESC, id DESC LIMIT :limit;
