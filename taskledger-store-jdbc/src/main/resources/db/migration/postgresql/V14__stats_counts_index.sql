-- GET /api/v1/stats (the console's overview, every 2 s; /metrics' task gauges) counts the tenant's tasks per type and
-- status. Without this index that is a scan of the whole table; with it an index-only scan of three small columns:
-- 776 ms → 299 ms for 1,000,000 tasks on the shared test machine under load (scripts/console-page-load.sh). Claims
-- keep using idx_tasks_ready (partial, in claim order). Only PostgreSQL was measured, so only PostgreSQL has it.
CREATE INDEX idx_tasks_tenant_type_status ON tasks(tenant, type, status);
