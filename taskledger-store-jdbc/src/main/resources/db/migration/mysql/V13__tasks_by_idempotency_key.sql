-- GET /api/v1/tasks?idempotency_key= finds a tenant's tasks by the key's input hash, of any type:
-- uniq_task_type_input_hash leads with the type. (MySQL has no partial indexes: rows without a key hold NULL.)
CREATE INDEX idx_tasks_tenant_input_hash ON tasks (tenant, input_hash);
