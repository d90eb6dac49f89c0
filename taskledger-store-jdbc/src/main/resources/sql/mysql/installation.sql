-- MySQL/MariaDB: lists arrive as JSON arrays and are joined with JSON_TABLE into the primary key (STRAIGHT_JOIN +
-- FORCE INDEX: IN (subquery) scans the table, and a scan inside an UPDATE would lock rows others should take). MySQL
-- has no RETURNING, so claims and deletes lock the rows first, then change exactly those (Dialect.supportsReturning).

-- name: insertIfAbsent
-- Each database's own insert-unless-present: INSERT IGNORE.
INSERT IGNORE INTO installation_values (name, value) VALUES (:name, :value);

-- name: get
SELECT value FROM installation_values WHERE name = :name;
