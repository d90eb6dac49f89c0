-- No statement reads tasks by (status, updated_at) or task_events by (status, created_at) (sql/sqlite/tasks.sql,
-- events.sql); each cost a write on every transition, and an index on status is one the planner may take for a
-- claim's status = 'PENDING' instead of the claim-order partial indexes (idx_tasks_ready, idx_tasks_ready_any).
DROP INDEX IF EXISTS idx_tasks_status_updated_at;
DROP INDEX IF EXISTS idx_task_events_status_created;
