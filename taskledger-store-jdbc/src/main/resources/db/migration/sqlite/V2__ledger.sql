-- Seed 000's inv_tasks in SQLite: the seed's column names and types where SQLite takes them, the ENUM as
-- a CHECK, timestamps as SQLite's CURRENT_TIMESTAMP text ('yyyy-MM-dd HH:mm:ss', UTC). A tenant column
-- joins the unique key. Same index names as the seed.
CREATE TABLE inv_tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant TEXT NOT NULL DEFAULT 'default',
    created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    task_name VARCHAR(255) NOT NULL,
    task_item VARCHAR(511) NOT NULL,
    retries INT NOT NULL DEFAULT 0,
    current_status TEXT NOT NULL DEFAULT 'unknown' CHECK (current_status IN ('ok','fail','pending','partial','unknown')),
    note MEDIUMTEXT NULL DEFAULT NULL
);

CREATE UNIQUE INDEX inx_tasks ON inv_tasks (tenant, task_name, task_item);
CREATE INDEX updated_inx ON inv_tasks (updated);
CREATE INDEX task_name_inx ON inv_tasks (task_name);
CREATE INDEX task_item_inx ON inv_tasks (task_item);
CREATE INDEX status_inx ON inv_tasks (current_status);
