-- MySQL/MariaDB: lists arrive as JSON arrays and are joined with JSON_TABLE into the keys (STRAIGHT_JOIN: the
-- list drives the join). The edges of workflows (task_dependencies).

-- name: insert
INSERT INTO task_dependencies (child_id, parent_id, tenant, position, on_parent_failure, cancelled_child)
VALUES (:child_id, :parent_id, :tenant, :position, :on_parent_failure, :cancelled_child);

-- name: parentsOf
SELECT d.* FROM JSON_TABLE(:ids, '$[*]' COLUMNS (v VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin PATH '$')) AS j
STRAIGHT_JOIN task_dependencies d FORCE INDEX (PRIMARY) ON d.child_id = j.v
WHERE d.tenant = :tenant ORDER BY d.child_id, d.position;

-- name: childrenOf
SELECT d.* FROM JSON_TABLE(:ids, '$[*]' COLUMNS (v VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin PATH '$')) AS j
STRAIGHT_JOIN task_dependencies d FORCE INDEX (idx_task_dependencies_parent) ON d.parent_id = j.v
WHERE d.tenant = :tenant ORDER BY d.parent_id, d.child_id;

-- name: childPage
SELECT * FROM task_dependencies WHERE parent_id = :parent_id AND tenant = :tenant ORDER BY child_id LIMIT :limit;

-- name: childPageAfter
SELECT * FROM task_dependencies WHERE parent_id = :parent_id AND tenant = :tenant AND child_id > :after
ORDER BY child_id LIMIT :limit;

-- name: lockTasks
-- The children about to be judged, locked in id order through the primary key (READ COMMITTED: later reads see
-- what the transaction that held the lock committed).
SELECT t.id FROM JSON_TABLE(:ids, '$[*]' COLUMNS (v VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin PATH '$')) AS j
STRAIGHT_JOIN tasks t FORCE INDEX (PRIMARY) ON t.id = j.v
WHERE t.tenant = :tenant ORDER BY t.id FOR UPDATE;

-- name: markCancelledChild
UPDATE task_dependencies SET cancelled_child = :cancelled_child
WHERE child_id = :child_id AND parent_id = :parent_id AND tenant = :tenant;
