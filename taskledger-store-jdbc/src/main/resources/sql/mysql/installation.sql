-- name: insertIfAbsent
INSERT IGNORE INTO installation_values (name, value) VALUES (:name, :value);

-- name: get
SELECT value FROM installation_values WHERE name = :name;
