-- MySQL/MariaDB: lists arrive as JSON arrays and are joined with JSON_TABLE into the primary key (STRAIGHT_JOIN +
-- FORCE INDEX: IN (subquery) scans the table, and a scan inside an UPDATE would lock rows others should take). MySQL
-- has no RETURNING, so claims and deletes lock the rows first, then change exactly those (Dialect.supportsReturning).

-- name: put
-- The upsert is ON DUPLICATE KEY UPDATE.
INSERT INTO task_results (task_id, payload, created_at)
VALUES (:task_id, :payload, :created_at)
ON DUPLICATE KEY UPDATE payload = VALUES(payload), created_at = VALUES(created_at);

-- name: get
SELECT * FROM task_results WHERE task_id = :task_id;
