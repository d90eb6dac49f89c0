-- Workflows: a task may wait for parent tasks (depends_on). The task persistence design's statuses gain WAITING
-- (API name "waiting"): a task whose parents have not all completed; it is not PENDING, so no claim sees it.
-- SQLite cannot alter a CHECK constraint; widening one changes no stored row, so the table's definition is edited in
-- place, as SQLite's ALTER TABLE documentation describes for such changes ("making other kinds of table schema
-- changes"), without rebuilding the table (whatever columns other migrations added stay as they are).
-- writable_schema = RESET (not OFF) makes this connection re-read the schema at once: with OFF it keeps the old
-- definition's offsets in memory, and a later ALTER TABLE ... ADD COLUMN on the same connection (Flyway runs the next
-- migrations on it) splices its column into the middle of the edited text and breaks the table.
PRAGMA writable_schema = ON;
UPDATE sqlite_master
SET sql = replace(sql, 'CHECK (status IN (''PENDING'',''IN_PROGRESS'',''COMPLETED'',''FAILED'',''CANCELLED''))',
                       'CHECK (status IN (''WAITING'',''PENDING'',''IN_PROGRESS'',''COMPLETED'',''FAILED'',''CANCELLED''))')
WHERE type = 'table' AND name = 'tasks';
PRAGMA writable_schema = RESET;

-- One row per edge: child waits for parent. on_parent_failure is the child's policy (the same on each of its
-- edges); cancelled_child is 1 while the child stays cancelled because this parent failed or was cancelled, so
-- that retrying the parent revives it. Deleting either task deletes the edge.
CREATE TABLE task_dependencies (
    child_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    parent_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    tenant TEXT NOT NULL,
    position INTEGER NOT NULL,
    on_parent_failure TEXT NOT NULL CHECK (on_parent_failure IN ('CANCEL','RUN')),
    cancelled_child INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (child_id, parent_id)
) WITHOUT ROWID;
CREATE INDEX idx_task_dependencies_parent ON task_dependencies(parent_id, child_id);
