-- Every index of tasks and task_events serves a statement of sql/postgresql/{tasks,events}.sql:
--   tasks_pkey (id)                          get, getAll, update, updateAll, delete, deleteFinished
--   uniq_task_type_input_hash                insertTasks' ON CONFLICT, findByInputHash
--   idx_tasks_ready (tenant, type, ...)      claimOneType, claim (a list of types)   -- pending rows only
--   idx_tasks_ready_any (tenant, ...)        claimAnyType, listPending, oldestReady   -- pending rows only
--   idx_tasks_lease_expiry                   findExpiredLeases                        -- leased rows only
--   idx_tasks_finished_at                    findFinishedBefore (retention)           -- finished rows only
--   idx_tasks_tenant_id (tenant, id)         listById
--   idx_task_events_task_created             latest (a task's events)
--   idx_task_events_created                  findOlderThan, deleteOlderThan (event retention)
-- No statement reads tasks by (status, updated_at) or task_events by (status, created_at). Worse, with a long
-- history the statistics say status is ~100% COMPLETED, so the planner took idx_tasks_status_updated_at for a
-- claim's status = 'PENDING' (an estimated handful of rows) and sorted every pending row (10.8 ms and 4,175
-- buffers per claim instead of 0.67 ms and 494). Without it, every index a claim can use holds pending rows only
-- and is already in claim order, whatever the statistics say. Both also cost a write on every transition.
DROP INDEX IF EXISTS idx_tasks_status_updated_at;
DROP INDEX IF EXISTS idx_task_events_status_created;

-- Autovacuum per table. The defaults (vacuum after 20% of the table changed, analyze after 10%) wait for
-- ~1,000,000 dead rows and ~500,000 changed rows in a table of 5,000,000 tasks: the dead rows of a busy hour pile
-- up in the table and its indexes, and the statistics never see a transient backlog of pending tasks. Here they
-- run after 1% dead rows and 0.5% changed rows (plus 1,000), so both stay small next to the history.
-- Every transition changes an indexed column (no HOT updates), so tasks' dead rows are the queue's churn.
ALTER TABLE tasks SET (
    autovacuum_vacuum_scale_factor = 0.01,
    autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.005,
    autovacuum_analyze_threshold = 1000
);
-- task_events is appended to and deleted from by retention: vacuum after retention's deletes (in batches), so
-- their space is reused instead of the table growing, and analyze as for tasks. (The insert-driven settings,
-- autovacuum_vacuum_insert_*, exist from PostgreSQL 13 on; Taskledger supports 12, and no query here relies on
-- index-only scans.)
ALTER TABLE task_events SET (
    autovacuum_vacuum_scale_factor = 0.02,
    autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.01,
    autovacuum_analyze_threshold = 1000
);
