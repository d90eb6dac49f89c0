-- GET /api/v1/tasks?idempotency_key= (the console's search box) finds a tenant's tasks by the key's input hash, of
-- any type: uniq_task_type_input_hash leads with the type, so without it that is a walk of every task of the tenant.
-- Only rows with a key (or a dedupe hash) are indexed; input_hash never changes after the insert.
CREATE INDEX idx_tasks_tenant_input_hash ON tasks (tenant, input_hash) WHERE input_hash IS NOT NULL;
