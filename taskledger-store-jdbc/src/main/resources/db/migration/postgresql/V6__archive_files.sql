-- Retention's archive files whose batch is deleted but whose file may not be in place yet: a name is added in
-- the transaction that deletes its batch and removed once the file is renamed into place (RetentionService).
CREATE TABLE archive_files (
    name TEXT PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL
);
