-- No statement reads tasks by (status, updated_at) or task_events by (status, created_at) (sql/mysql/tasks.sql,
-- events.sql); each cost a write on every transition, and an index led by status is one the optimizer may take
-- for a claim's status = 'PENDING' instead of the claim-order indexes (idx_tasks_ready, idx_tasks_ready_any).
DROP INDEX idx_tasks_status_updated_at ON tasks;
DROP INDEX idx_task_events_status_created ON task_events;
