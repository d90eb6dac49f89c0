-- name: insertIfAbsent
INSERT INTO installation_values (name, value) VALUES (:name, :value) ON CONFLICT (name) DO NOTHING;

-- name: get
SELECT value FROM installation_values WHERE name = :name;
