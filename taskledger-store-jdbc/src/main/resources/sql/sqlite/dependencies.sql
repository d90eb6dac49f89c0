-- SQLite: lists arrive as JSON arrays, read with json_each. The edges of workflows (task_dependencies).

-- name: insert
INSERT INTO task_dependencies (child_id, parent_id, tenant, position, on_parent_failure, cancelled_child)
VALUES (:child_id, :parent_id, :tenant, :position, :on_parent_failure, :cancelled_child);

-- name: parentsOf
SELECT * FROM task_dependencies WHERE tenant = :tenant AND child_id IN (SELECT value FROM json_each(:ids))
ORDER BY child_id, position;

-- name: childrenOf
SELECT * FROM task_dependencies WHERE tenant = :tenant AND parent_id IN (SELECT value FROM json_each(:ids))
ORDER BY parent_id, child_id;

-- name: childPage
SELECT * FROM task_dependencies WHERE parent_id = :parent_id AND tenant = :tenant ORDER BY child_id LIMIT :limit;

-- name: childPageAfter
SELECT * FROM task_dependencies WHERE parent_id = :parent_id AND tenant = :tenant AND child_id > :after
ORDER BY child_id LIMIT :limit;

-- name: markCancelledChild
UPDATE task_dependencies SET cancelled_child = :cancelled_child
WHERE child_id = :child_id AND parent_id = :parent_id AND tenant = :tenant;
