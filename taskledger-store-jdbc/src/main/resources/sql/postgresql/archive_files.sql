-- name: add
INSERT INTO archive_files (name, created_at) VALUES (:name, :created_at);

-- name: names
SELECT name FROM archive_files;

-- name: remove
DELETE FROM archive_files WHERE name = :name;
