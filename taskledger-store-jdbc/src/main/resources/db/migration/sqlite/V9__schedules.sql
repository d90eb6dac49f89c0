-- Recurring schedules (docs/api.md "Schedules"). A fire inserts its tasks (idempotency key
-- schedule:<id>:<fire time>) and moves next_fire_at with an update conditional on version, in one transaction:
-- exactly one task per (schedule, fire time).
CREATE TABLE schedules (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    name TEXT NOT NULL,
    cron TEXT,
    every_seconds INTEGER,
    time_zone TEXT NOT NULL,
    task_template TEXT NOT NULL,
    misfire TEXT NOT NULL,
    overlap TEXT NOT NULL,
    paused INTEGER NOT NULL,
    next_fire_at TEXT,
    anchor_at TEXT NOT NULL,
    last_fire_at TEXT,
    last_task_id TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (tenant, name)
);

CREATE INDEX idx_schedules_due ON schedules(next_fire_at) WHERE paused = 0;

-- The audit trail of schedules (changes and fires); kept when a schedule is deleted.
CREATE TABLE schedule_events (
    id TEXT PRIMARY KEY,
    schedule_id TEXT NOT NULL,
    tenant TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT,
    actor TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX idx_schedule_events_schedule ON schedule_events(schedule_id, created_at DESC);
