-- Seed 002's schema_migrations (id VARCHAR(128), description TEXT, executed_at TIMESTAMPTZ): every applied
-- version, read from Flyway's own history table (flyway_schema_history, see MigrationHistory), so it is current
-- after every migration. Flyway writes installed_on as a local timestamp of the session's time zone.
CREATE VIEW schema_migrations AS
SELECT CAST(version AS VARCHAR(128)) AS id,
       CAST(description AS TEXT) AS description,
       CAST(installed_on AS TIMESTAMPTZ) AS executed_at
FROM flyway_schema_history
WHERE success AND version IS NOT NULL;
