-- Workflows: a task may wait for parent tasks (depends_on). The task persistence design's statuses gain WAITING
-- (API name "waiting"): a task whose parents have not all completed; it is not PENDING, so no claim sees it.
ALTER TABLE tasks DROP CONSTRAINT IF EXISTS tasks_status_check;
ALTER TABLE tasks ADD CONSTRAINT tasks_status_check
    CHECK (status IN ('WAITING','PENDING','IN_PROGRESS','COMPLETED','FAILED','CANCELLED'));

-- One row per edge: child waits for parent. on_parent_failure is the child's policy (the same on each of its
-- edges); cancelled_child is 1 while the child stays cancelled because this parent failed or was cancelled, so
-- that retrying the parent revives it. Deleting either task deletes the edge.
CREATE TABLE task_dependencies (
    child_id UUID NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    parent_id UUID NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    tenant TEXT NOT NULL,
    position INTEGER NOT NULL,
    on_parent_failure TEXT NOT NULL CHECK (on_parent_failure IN ('CANCEL','RUN')),
    cancelled_child SMALLINT NOT NULL DEFAULT 0,
    PRIMARY KEY (child_id, parent_id)
);
-- The children of a parent, in child id order (settling a finished parent; GET /tasks/{id}/children).
CREATE INDEX idx_task_dependencies_parent ON task_dependencies(parent_id, child_id);
