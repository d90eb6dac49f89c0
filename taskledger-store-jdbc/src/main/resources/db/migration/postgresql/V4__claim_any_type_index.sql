-- Claims of any type walk this in claim order and stop at the limit, instead of sorting every ready task.
CREATE INDEX idx_tasks_ready_any ON tasks (tenant, priority DESC, run_at, id) WHERE status = 'PENDING';
