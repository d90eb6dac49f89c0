-- Retention's archive files whose batch is deleted but whose file may not be in place yet: a name is added in
-- the transaction that deletes its batch and removed once the file is renamed into place (RetentionService).
CREATE TABLE archive_files (
    name VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created_at DATETIME(3) NOT NULL,
    PRIMARY KEY (name)
) ENGINE=InnoDB;
