-- Seed 000's inv_tasks, in PostgreSQL types: INT AUTO_INCREMENT -> serial INT, ENUM -> an enum type,
-- MEDIUMTEXT -> TEXT, TIMESTAMP -> TIMESTAMPTZ (whole seconds are written). A tenant column joins the
-- unique key. Same index names as the seed.
CREATE TYPE inv_task_status AS ENUM ('ok', 'fail', 'pending', 'partial', 'unknown');

CREATE TABLE inv_tasks (
    id SERIAL PRIMARY KEY,
    tenant TEXT NOT NULL DEFAULT 'default',
    created TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    task_name VARCHAR(255) NOT NULL,
    task_item VARCHAR(511) NOT NULL,
    retries INT NOT NULL DEFAULT 0,
    current_status inv_task_status NOT NULL DEFAULT 'unknown',
    note TEXT NULL DEFAULT NULL
);

CREATE UNIQUE INDEX inx_tasks ON inv_tasks (tenant, task_name, task_item);
CREATE INDEX updated_inx ON inv_tasks (updated);
CREATE INDEX task_name_inx ON inv_tasks (task_name);
CREATE INDEX task_item_inx ON inv_tasks (task_item);
CREATE INDEX status_inx ON inv_tasks (current_status);
