-- Execution timeouts (TaskStore.findTimedOut): a task's timeout_seconds bounds each attempt from its started_at,
-- whatever its heartbeats do to the lease. NULL: no timeout. Written at insert only (the request's value or the
-- type's default, TASKLEDGER_TYPE_TIMEOUTS).
ALTER TABLE tasks ADD COLUMN timeout_seconds INTEGER CHECK (timeout_seconds > 0);

-- findTimedOut reads processing tasks with a timeout only: the tasks in flight, not the history or the backlog.
CREATE INDEX idx_tasks_timeout ON tasks (started_at) WHERE status = 'IN_PROGRESS' AND timeout_seconds IS NOT NULL;
