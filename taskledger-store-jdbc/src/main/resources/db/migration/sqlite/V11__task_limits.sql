-- Concurrency and rate limits (ClaimLimits): a task may carry a concurrency key, immutable after insert, and a
-- tenant's limits live in task_limits, one row per (tenant, type, key) where '' stands for "any type" / "no key".
-- The rate window (recent starts, "<epoch millis>:<count>,…") is kept in the row.
ALTER TABLE tasks ADD COLUMN concurrency_key TEXT;

CREATE TABLE task_limits (
    tenant TEXT NOT NULL,
    type TEXT NOT NULL,
    concurrency_key TEXT NOT NULL,
    max_running INT CHECK (max_running >= 0),
    rate_count INT CHECK (rate_count > 0),
    rate_period_seconds INT CHECK (rate_period_seconds > 0),
    rate_starts TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (tenant, type, concurrency_key)
);
