-- Concurrency and rate limits (ClaimLimits): a task may carry a concurrency key, immutable after insert, and a
-- tenant's limits live in task_limits, one row per (tenant, type, key) where '' stands for "any type" / "no key".
-- The rate window (recent starts, "<epoch millis>:<count>,…") is kept in the row: limited claims lock the rows of
-- their tenant, so the window is read and written under that lock.
ALTER TABLE tasks ADD COLUMN concurrency_key VARCHAR(200) NULL;

CREATE TABLE task_limits (
    tenant VARCHAR(128) NOT NULL,
    type VARCHAR(128) NOT NULL,
    concurrency_key VARCHAR(200) NOT NULL,
    max_running INT NULL CHECK (max_running >= 0),
    rate_count INT NULL CHECK (rate_count > 0),
    rate_period_seconds INT NULL CHECK (rate_period_seconds > 0),
    rate_starts MEDIUMTEXT NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    PRIMARY KEY (tenant, type, concurrency_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
