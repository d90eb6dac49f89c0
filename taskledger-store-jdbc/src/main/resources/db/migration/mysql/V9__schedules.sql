-- Recurring schedules (docs/api.md "Schedules"). A fire inserts its tasks (idempotency key
-- schedule:<id>:<fire time>) and moves next_fire_at with an update conditional on version, in one transaction:
-- exactly one task per (schedule, fire time) however many nodes fire.
CREATE TABLE schedules (
    id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    tenant VARCHAR(128) NOT NULL,
    name VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    cron VARCHAR(200) NULL,
    every_seconds BIGINT NULL,
    time_zone VARCHAR(64) NOT NULL,
    task_template LONGTEXT NOT NULL CHECK (JSON_VALID(task_template)),
    misfire VARCHAR(16) NOT NULL,
    overlap VARCHAR(16) NOT NULL,
    paused TINYINT NOT NULL,
    next_fire_at DATETIME(3) NULL,
    anchor_at DATETIME(3) NOT NULL,
    last_fire_at DATETIME(3) NULL,
    last_task_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NULL,
    version INT NOT NULL,
    created_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uniq_schedules_tenant_name (tenant, name),
    KEY idx_schedules_due (paused, next_fire_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The audit trail of schedules (changes and fires); kept when a schedule is deleted.
CREATE TABLE schedule_events (
    id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    schedule_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    tenant VARCHAR(128) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    detail LONGTEXT NULL CHECK (detail IS NULL OR JSON_VALID(detail)),
    actor VARCHAR(255) NOT NULL,
    created_at DATETIME(3) NOT NULL,
    PRIMARY KEY (id),
    KEY idx_schedule_events_schedule (schedule_id, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
