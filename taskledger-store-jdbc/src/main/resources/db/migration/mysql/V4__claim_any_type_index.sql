-- Claims of any type walk this in claim order, so SKIP LOCKED locks only the rows it returns (a filesort
-- would lock every row it read).
CREATE INDEX idx_tasks_ready_any ON tasks (tenant, status, priority DESC, run_at, id);
