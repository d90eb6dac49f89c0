-- Workflows: a task may wait for parent tasks (depends_on). The task persistence design's statuses gain WAITING
-- (API name "waiting"): a task whose parents have not all completed; it is not PENDING, so no claim sees it.
-- MariaDB keeps a column's CHECK with the column: MODIFY replaces it.
ALTER TABLE tasks MODIFY status VARCHAR(16) NOT NULL
    CHECK (status IN ('WAITING','PENDING','IN_PROGRESS','COMPLETED','FAILED','CANCELLED'));

-- One row per edge: child waits for parent. on_parent_failure is the child's policy (the same on each of its
-- edges); cancelled_child is 1 while the child stays cancelled because this parent failed or was cancelled, so
-- that retrying the parent revives it. Deleting either task deletes the edge.
CREATE TABLE task_dependencies (
    child_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    parent_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    tenant VARCHAR(128) NOT NULL,
    position INT NOT NULL,
    on_parent_failure VARCHAR(8) NOT NULL CHECK (on_parent_failure IN ('CANCEL','RUN')),
    cancelled_child SMALLINT NOT NULL DEFAULT 0,
    PRIMARY KEY (child_id, parent_id),
    KEY idx_task_dependencies_parent (parent_id, child_id),
    CONSTRAINT fk_task_dependencies_child FOREIGN KEY (child_id) REFERENCES tasks(id) ON DELETE CASCADE,
    CONSTRAINT fk_task_dependencies_parent FOREIGN KEY (parent_id) REFERENCES tasks(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
