-- Recurring schedules (docs/api.md "Schedules"). A fire inserts its tasks (idempotency key
-- schedule:<id>:<fire time>) and moves next_fire_at with an update conditional on version, in one transaction:
-- exactly one task per (schedule, fire time) however many nodes fire.
CREATE TABLE schedules (
    id UUID PRIMARY KEY,
    tenant TEXT NOT NULL,
    name TEXT NOT NULL,
    cron TEXT,
    every_seconds BIGINT,
    time_zone TEXT NOT NULL,
    task_template JSONB NOT NULL,
    misfire TEXT NOT NULL,
    overlap TEXT NOT NULL,
    paused SMALLINT NOT NULL,
    next_fire_at TIMESTAMPTZ,
    anchor_at TIMESTAMPTZ NOT NULL,
    last_fire_at TIMESTAMPTZ,
    last_task_id UUID,
    version INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT uniq_schedules_tenant_name UNIQUE (tenant, name)
);

CREATE INDEX idx_schedules_due ON schedules(next_fire_at) WHERE paused = 0;

-- The audit trail of schedules (changes and fires); kept when a schedule is deleted.
CREATE TABLE schedule_events (
    id UUID PRIMARY KEY,
    schedule_id UUID NOT NULL,
    tenant TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail JSONB,
    actor TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX idx_schedule_events_schedule ON schedule_events(schedule_id, created_at DESC);
