-- GET /api/v1/ledger/summary from counts kept as entries change, instead of a scan of inv_tasks. ledger_counts holds,
-- per (tenant, task_name, current_status, slot): how many entries, the sum of their retries, and bounds for the
-- earliest created and latest updated of the name; the summary adds a name's rows up. PostgreSQL's V17 says why.
-- SQLite has one writer at a time, so there is no lock to spread: every change goes to slot 0 (the column is there
-- so that the statements are the same as on the other databases). Triggers run per row, in the writing transaction.
--
-- Bounds only fall (first_created) or rise (last_updated) as entries are written; when an entry holding one leaves
-- its name (a delete, a key changed by hand) or its updated goes back (a clock behind another node's), and no other
-- entry of the name holds the same value, the name's bounds are recounted from its entries.
CREATE TABLE ledger_counts (
    tenant TEXT NOT NULL,
    task_name VARCHAR(255) NOT NULL,
    current_status TEXT NOT NULL,
    slot INTEGER NOT NULL,
    entries INTEGER NOT NULL,
    retries INTEGER NOT NULL,
    first_created TIMESTAMP NULL,
    last_updated TIMESTAMP NULL,
    PRIMARY KEY (tenant, task_name, current_status, slot)
) WITHOUT ROWID;

CREATE TRIGGER inv_tasks_counts_insert AFTER INSERT ON inv_tasks
BEGIN
    INSERT INTO ledger_counts (tenant, task_name, current_status, slot, entries, retries, first_created, last_updated)
    VALUES (NEW.tenant, NEW.task_name, NEW.current_status, 0, 1, NEW.retries, NEW.created, NEW.updated)
    ON CONFLICT (tenant, task_name, current_status, slot) DO UPDATE
    SET entries = entries + excluded.entries, retries = retries + excluded.retries,
        first_created = COALESCE(MIN(first_created, excluded.first_created), first_created, excluded.first_created),
        last_updated = COALESCE(MAX(last_updated, excluded.last_updated), last_updated, excluded.last_updated);
END;

-- An updated entry leaves its old (tenant, task_name, status) and joins its new one (the same row when the status
-- stayed: retries only).
CREATE TRIGGER inv_tasks_counts_update AFTER UPDATE ON inv_tasks
BEGIN
    INSERT INTO ledger_counts (tenant, task_name, current_status, slot, entries, retries, first_created, last_updated)
    VALUES (OLD.tenant, OLD.task_name, OLD.current_status, 0, -1, -OLD.retries, NULL, NULL)
    ON CONFLICT (tenant, task_name, current_status, slot) DO UPDATE
    SET entries = entries + excluded.entries, retries = retries + excluded.retries;
    INSERT INTO ledger_counts (tenant, task_name, current_status, slot, entries, retries, first_created, last_updated)
    VALUES (NEW.tenant, NEW.task_name, NEW.current_status, 0, 1, NEW.retries, NEW.created, NEW.updated)
    ON CONFLICT (tenant, task_name, current_status, slot) DO UPDATE
    SET entries = entries + excluded.entries, retries = retries + excluded.retries,
        first_created = COALESCE(MIN(first_created, excluded.first_created), first_created, excluded.first_created),
        last_updated = COALESCE(MAX(last_updated, excluded.last_updated), last_updated, excluded.last_updated);
END;

-- An entry that left its name, or whose updated went back, held a bound no other entry holds: recount the name's.
CREATE TRIGGER inv_tasks_counts_update_bounds AFTER UPDATE ON inv_tasks
WHEN ((NEW.created <> OLD.created OR NEW.tenant <> OLD.tenant OR NEW.task_name <> OLD.task_name)
       AND OLD.created <= (SELECT MIN(first_created) FROM ledger_counts WHERE tenant = OLD.tenant AND task_name = OLD.task_name)
       AND NOT EXISTS (SELECT 1 FROM inv_tasks WHERE tenant = OLD.tenant AND task_name = OLD.task_name AND created = OLD.created))
  OR ((NEW.updated < OLD.updated OR NEW.tenant <> OLD.tenant OR NEW.task_name <> OLD.task_name)
       AND OLD.updated >= (SELECT MAX(last_updated) FROM ledger_counts WHERE tenant = OLD.tenant AND task_name = OLD.task_name)
       AND NOT EXISTS (SELECT 1 FROM inv_tasks WHERE tenant = OLD.tenant AND task_name = OLD.task_name AND updated = OLD.updated))
BEGIN
    UPDATE ledger_counts
    SET first_created = (SELECT MIN(created) FROM inv_tasks WHERE tenant = OLD.tenant AND task_name = OLD.task_name),
        last_updated = (SELECT MAX(updated) FROM inv_tasks WHERE tenant = OLD.tenant AND task_name = OLD.task_name)
    WHERE tenant = OLD.tenant AND task_name = OLD.task_name;
END;

CREATE TRIGGER inv_tasks_counts_delete AFTER DELETE ON inv_tasks
BEGIN
    INSERT INTO ledger_counts (tenant, task_name, current_status, slot, entries, retries, first_created, last_updated)
    VALUES (OLD.tenant, OLD.task_name, OLD.current_status, 0, -1, -OLD.retries, NULL, NULL)
    ON CONFLICT (tenant, task_name, current_status, slot) DO UPDATE
    SET entries = entries + excluded.entries, retries = retries + excluded.retries;
END;

CREATE TRIGGER inv_tasks_counts_delete_bounds AFTER DELETE ON inv_tasks
WHEN (OLD.created <= (SELECT MIN(first_created) FROM ledger_counts WHERE tenant = OLD.tenant AND task_name = OLD.task_name)
       AND NOT EXISTS (SELECT 1 FROM inv_tasks WHERE tenant = OLD.tenant AND task_name = OLD.task_name AND created = OLD.created))
  OR (OLD.updated >= (SELECT MAX(last_updated) FROM ledger_counts WHERE tenant = OLD.tenant AND task_name = OLD.task_name)
       AND NOT EXISTS (SELECT 1 FROM inv_tasks WHERE tenant = OLD.tenant AND task_name = OLD.task_name AND updated = OLD.updated))
BEGIN
    UPDATE ledger_counts
    SET first_created = (SELECT MIN(created) FROM inv_tasks WHERE tenant = OLD.tenant AND task_name = OLD.task_name),
        last_updated = (SELECT MAX(updated) FROM inv_tasks WHERE tenant = OLD.tenant AND task_name = OLD.task_name)
    WHERE tenant = OLD.tenant AND task_name = OLD.task_name;
END;

-- Backfill: the entries there are, counted once, in slot 0.
INSERT INTO ledger_counts (tenant, task_name, current_status, slot, entries, retries, first_created, last_updated)
SELECT tenant, task_name, current_status, 0, COUNT(*), SUM(retries), MIN(created), MAX(updated)
FROM inv_tasks
WHERE true
GROUP BY tenant, task_name, current_status;
