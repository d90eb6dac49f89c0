-- Seed 002's tables in SQLite: UUIDs as text, JSON as text, timestamps as UTC text
-- 'yyyy-MM-dd HH:mm:ss.SSS' (fixed width, so text order is time order).
CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('PENDING','IN_PROGRESS','COMPLETED','FAILED','CANCELLED')),
    state TEXT NOT NULL,
    progress SMALLINT NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    priority SMALLINT NOT NULL DEFAULT 1,
    payload TEXT NOT NULL DEFAULT '{}',
    metadata TEXT NOT NULL DEFAULT '{}',
    tags TEXT NOT NULL DEFAULT '{}',
    error TEXT,
    input_hash CHAR(64),
    retry_count INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 3,
    lease_seconds INTEGER NOT NULL DEFAULT 300,
    run_at TEXT NOT NULL,
    lease_owner TEXT,
    lease_token TEXT,
    lease_expires_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    version INTEGER NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX uniq_task_type_input_hash ON tasks(tenant, type, input_hash) WHERE input_hash IS NOT NULL;
CREATE INDEX idx_tasks_status_updated_at ON tasks(status, updated_at DESC);
CREATE INDEX idx_tasks_ready ON tasks(tenant, type, priority DESC, run_at, id) WHERE status = 'PENDING';
CREATE INDEX idx_tasks_lease_expiry ON tasks(lease_expires_at) WHERE status = 'IN_PROGRESS';
CREATE INDEX idx_tasks_tenant_id ON tasks(tenant, id);
CREATE INDEX idx_tasks_finished_at ON tasks(finished_at) WHERE finished_at IS NOT NULL;

CREATE TABLE task_events (
    id TEXT PRIMARY KEY,
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    state TEXT,
    detail TEXT,
    actor TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX idx_task_events_task_created ON task_events(task_id, created_at DESC);
CREATE INDEX idx_task_events_status_created ON task_events(status, created_at DESC);

CREATE TABLE task_results (
    task_id TEXT PRIMARY KEY REFERENCES tasks(id) ON DELETE CASCADE,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL
);
