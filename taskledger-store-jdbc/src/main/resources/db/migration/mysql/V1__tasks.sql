-- Seed 002's tables on MySQL 8 / MariaDB 10.6+: ids as CHAR(36), JSON as LONGTEXT checked by JSON_VALID
-- (so the text round-trips exactly), timestamps as DATETIME(3) in UTC (sessions run with time_zone +00:00).
-- Identifiers compare exactly (utf8mb4_bin), as on PostgreSQL and SQLite.
CREATE TABLE tasks (
    id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    tenant VARCHAR(128) NOT NULL,
    type VARCHAR(128) NOT NULL,
    status VARCHAR(16) NOT NULL CHECK (status IN ('PENDING','IN_PROGRESS','COMPLETED','FAILED','CANCELLED')),
    state TEXT NOT NULL,
    progress SMALLINT NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    priority SMALLINT NOT NULL DEFAULT 1,
    payload LONGTEXT NOT NULL CHECK (JSON_VALID(payload)),
    metadata LONGTEXT NOT NULL CHECK (JSON_VALID(metadata)),
    tags LONGTEXT NOT NULL CHECK (JSON_VALID(tags)),
    error MEDIUMTEXT NULL,
    input_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    retry_count INT NOT NULL DEFAULT 0,
    max_attempts INT NOT NULL DEFAULT 3,
    lease_seconds INT NOT NULL DEFAULT 300,
    run_at DATETIME(3) NOT NULL,
    lease_owner VARCHAR(200) NULL,
    lease_token VARCHAR(64) NULL,
    lease_expires_at DATETIME(3) NULL,
    created_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    started_at DATETIME(3) NULL,
    finished_at DATETIME(3) NULL,
    version INT NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    -- NULL input_hash values never collide in a MySQL unique index: seed 002's partial index, in effect.
    UNIQUE KEY uniq_task_type_input_hash (tenant, type, input_hash),
    KEY idx_tasks_status_updated_at (status, updated_at),
    -- Claims of one type walk this in claim order, so SKIP LOCKED locks only the rows it returns (a filesort
    -- would lock every row it read).
    KEY idx_tasks_ready (tenant, status, type, priority DESC, run_at, id),
    KEY idx_tasks_lease_expiry (status, lease_expires_at),
    KEY idx_tasks_tenant_id (tenant, id),
    KEY idx_tasks_finished_at (finished_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE task_events (
    id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    task_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    status VARCHAR(16) NOT NULL,
    state TEXT NULL,
    detail LONGTEXT NULL CHECK (detail IS NULL OR JSON_VALID(detail)),
    actor VARCHAR(255) NOT NULL,
    created_at DATETIME(3) NOT NULL,
    PRIMARY KEY (id),
    KEY idx_task_events_task_created (task_id, created_at),
    KEY idx_task_events_status_created (status, created_at),
    KEY idx_task_events_created (created_at),
    CONSTRAINT fk_task_events_task FOREIGN KEY (task_id) REFERENCES tasks(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE task_results (
    task_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    payload LONGTEXT NOT NULL CHECK (JSON_VALID(payload)),
    created_at DATETIME(3) NOT NULL,
    PRIMARY KEY (task_id),
    CONSTRAINT fk_task_results_task FOREIGN KEY (task_id) REFERENCES tasks(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
