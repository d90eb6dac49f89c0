-- Seed 002's tables, plus what a multi-tenant queue with leases needs: tenant, payload, tags,
-- max_attempts, lease_seconds, run_at, the lease fields, started_at and finished_at.
CREATE TABLE tasks (
    id UUID PRIMARY KEY,
    tenant TEXT NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('PENDING','IN_PROGRESS','COMPLETED','FAILED','CANCELLED')),
    state TEXT NOT NULL,
    progress SMALLINT NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    priority SMALLINT NOT NULL DEFAULT 1,
    payload JSONB NOT NULL DEFAULT '{}',
    metadata JSONB NOT NULL DEFAULT '{}',
    tags JSONB NOT NULL DEFAULT '{}',
    error TEXT,
    input_hash CHAR(64),
    retry_count INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 3,
    lease_seconds INTEGER NOT NULL DEFAULT 300,
    run_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    lease_owner TEXT,
    lease_token TEXT,
    lease_expires_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    started_at TIMESTAMPTZ,
    finished_at TIMESTAMPTZ,
    version INTEGER NOT NULL DEFAULT 0
);

-- Seed 002's idempotency index, scoped per tenant.
CREATE UNIQUE INDEX uniq_task_type_input_hash
    ON tasks(tenant, type, input_hash)
    WHERE input_hash IS NOT NULL;

CREATE INDEX idx_tasks_status_updated_at
    ON tasks(status, updated_at DESC);

-- Claim order within a type; only pending rows are indexed, so the index stays small.
CREATE INDEX idx_tasks_ready
    ON tasks(tenant, type, priority DESC, run_at, id)
    WHERE status = 'PENDING';

CREATE INDEX idx_tasks_lease_expiry
    ON tasks(lease_expires_at)
    WHERE status = 'IN_PROGRESS';

CREATE INDEX idx_tasks_tenant_id
    ON tasks(tenant, id);

CREATE INDEX idx_tasks_finished_at
    ON tasks(finished_at)
    WHERE finished_at IS NOT NULL;

CREATE TABLE task_events (
    id UUID PRIMARY KEY,
    task_id UUID NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    state TEXT,
    detail JSONB,
    actor TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_task_events_task_created
    ON task_events(task_id, created_at DESC);

CREATE INDEX idx_task_events_status_created
    ON task_events(status, created_at DESC);

CREATE TABLE task_results (
    task_id UUID PRIMARY KEY REFERENCES tasks(id) ON DELETE CASCADE,
    payload JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
