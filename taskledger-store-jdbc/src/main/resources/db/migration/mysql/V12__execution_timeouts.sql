-- Execution timeouts (TaskStore.findTimedOut): a task's timeout_seconds bounds each attempt from its started_at,
-- whatever its heartbeats do to the lease. NULL: no timeout. Written at insert only (the request's value or the
-- type's default, TASKLEDGER_TYPE_TIMEOUTS). No new index: MySQL has no partial indexes, and findTimedOut reads
-- the processing tasks (the tasks in flight) through idx_tasks_lease_expiry (status, lease_expires_at).
ALTER TABLE tasks ADD COLUMN timeout_seconds INT NULL CHECK (timeout_seconds > 0);
