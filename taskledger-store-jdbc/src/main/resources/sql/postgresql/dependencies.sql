-- PostgreSQL: lists arrive as text[], unnested and cast back to uuid. The edges of workflows (task_dependencies).

-- name: insert
INSERT INTO task_dependencies (child_id, parent_id, tenant, position, on_parent_failure, cancelled_child)
VALUES (:child_id, :parent_id, :tenant, :position, :on_parent_failure, :cancelled_child);

-- name: parentsOf
SELECT d.* FROM unnest(CAST(:ids AS text[])) AS u(id) JOIN task_dependencies d ON d.child_id = CAST(u.id AS uuid)
WHERE d.tenant = :tenant ORDER BY d.child_id, d.position;

-- name: childrenOf
SELECT d.* FROM unnest(CAST(:ids AS text[])) AS u(id) JOIN task_dependencies d ON d.parent_id = CAST(u.id AS uuid)
WHERE d.tenant = :tenant ORDER BY d.parent_id, d.child_id;

-- name: childPage
SELECT * FROM task_dependencies WHERE parent_id = :parent_id AND tenant = :tenant ORDER BY child_id LIMIT :limit;

-- name: childPageAfter
SELECT * FROM task_dependencies WHERE parent_id = :parent_id AND tenant = :tenant AND child_id > :after
ORDER BY child_id LIMIT :limit;

-- name: lockTasks
-- The children about to be judged, locked in id order (two settling transactions take them in the same order).
SELECT t.id FROM tasks t WHERE t.tenant = :tenant AND t.id IN (SELECT CAST(u.id AS uuid) FROM unnest(CAST(:ids AS text[])) AS u(id))
ORDER BY t.id FOR UPDATE;

-- name: markCancelledChild
UPDATE task_dependencies SET cancelled_child = :cancelled_child
WHERE child_id = :child_id AND parent_id = :parent_id AND tenant = :tenant;
