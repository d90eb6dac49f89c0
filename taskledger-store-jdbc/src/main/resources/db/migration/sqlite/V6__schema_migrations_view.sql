-- Seed 002's schema_migrations (id, description, executed_at): every applied version, read from Flyway's own
-- history table (flyway_schema_history, see MigrationHistory), so it is current after every migration.
CREATE VIEW schema_migrations AS
SELECT CAST(version AS TEXT) AS id,
       description,
       installed_on AS executed_at
FROM flyway_schema_history
WHERE success = 1 AND version IS NOT NULL;
