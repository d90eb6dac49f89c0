-- GET /api/v1/ledger/summary from counts kept as entries change, instead of a scan of inv_tasks. ledger_counts holds,
-- per (tenant, task_name, current_status, slot): how many entries, the sum of their retries, and bounds for the
-- earliest created and latest updated of the name; the summary adds a name's rows up. PostgreSQL's V17 says why;
-- here the triggers run per row (MySQL has no statement-level triggers) and a connection adds its changes to the rows
-- of its own slot (its connection id modulo 16), so concurrent writers of one task_name and status update different
-- rows instead of queueing on one row's lock until each commits. A slot's count may go below zero; only the sum over
-- slots means anything. tenant is ledger_tenants.id, task_name compares as inv_tasks' does (utf8mb4_unicode_ci).
--
-- Bounds only fall (first_created) or rise (last_updated) as entries are written; when an entry holding one leaves
-- its name (a delete, a key changed by hand) or its updated goes back (a clock behind another node's), and no other
-- entry of the name holds the same value, ledger_counts_rebound recounts the name's bounds from its entries.
--
-- Creating triggers needs the TRIGGER privilege, and with binary logging on, SUPER or log_bin_trust_function_creators.
-- The backfill counts the entries there are when it runs: start this version with the earlier one's nodes stopped
-- (docs/operations.md, "Upgrading"), or an entry written between the triggers and the backfill counts twice.
CREATE TABLE `ledger_counts` (
	`tenant` INT NOT NULL,
	`task_name` VARCHAR(255) NOT NULL COLLATE 'utf8mb4_unicode_ci',
	`current_status` ENUM('ok','fail','pending','partial','unknown') NOT NULL COLLATE 'utf8mb4_unicode_ci',
	`slot` TINYINT NOT NULL,
	`entries` BIGINT NOT NULL,
	`retries` BIGINT NOT NULL,
	`first_created` TIMESTAMP NULL DEFAULT NULL,
	`last_updated` TIMESTAMP NULL DEFAULT NULL,
	PRIMARY KEY (`tenant`, `task_name`, `current_status`, `slot`) USING BTREE
)
COLLATE='utf8mb4_unicode_ci'
ENGINE=InnoDB
;

DELIMITER $$

-- The earliest created and latest updated of (t, n) after an entry that held gone_created / gone_updated (null: held
-- none) left it or moved. Locks the name's rows first (a writer of the name still running commits first, and two of
-- these on one name take turns); reads the entries with locking reads (the latest committed rows).
CREATE PROCEDURE ledger_counts_rebound(IN t INT, IN n VARCHAR(255) CHARACTER SET utf8mb4, IN gone_created TIMESTAMP,
                                       IN gone_updated TIMESTAMP)
BEGIN
    DECLARE lo TIMESTAMP DEFAULT NULL;
    DECLARE hi TIMESTAMP DEFAULT NULL;
    DECLARE held_by INT DEFAULT NULL;
    DECLARE recount BOOLEAN DEFAULT FALSE;
    DECLARE CONTINUE HANDLER FOR NOT FOUND SET held_by = NULL;
    SELECT MIN(first_created), MAX(last_updated) INTO lo, hi FROM ledger_counts
    WHERE tenant = t AND task_name = n COLLATE utf8mb4_unicode_ci FOR UPDATE;
    IF gone_created IS NOT NULL AND gone_created <= lo THEN
        SET held_by = NULL;
        SELECT id INTO held_by FROM inv_tasks
        WHERE tenant = t AND task_name = n COLLATE utf8mb4_unicode_ci AND created = lo LIMIT 1 LOCK IN SHARE MODE;
        SET recount = held_by IS NULL;
    END IF;
    IF NOT recount AND gone_updated IS NOT NULL AND gone_updated >= hi THEN
        SET held_by = NULL;
        SELECT id INTO held_by FROM inv_tasks
        WHERE tenant = t AND task_name = n COLLATE utf8mb4_unicode_ci AND updated = hi LIMIT 1 LOCK IN SHARE MODE;
        SET recount = held_by IS NULL;
    END IF;
    IF recount THEN
        SELECT MIN(created), MAX(updated) INTO lo, hi FROM inv_tasks
        WHERE tenant = t AND task_name = n COLLATE utf8mb4_unicode_ci LOCK IN SHARE MODE;
        UPDATE ledger_counts SET first_created = lo, last_updated = hi
        WHERE tenant = t AND task_name = n COLLATE utf8mb4_unicode_ci;
    END IF;
END$$

CREATE TRIGGER inv_tasks_counts_insert AFTER INSERT ON inv_tasks FOR EACH ROW
BEGIN
    INSERT INTO ledger_counts (tenant, task_name, current_status, slot, entries, retries, first_created, last_updated)
    VALUES (NEW.tenant, NEW.task_name, NEW.current_status, CONNECTION_ID() % 16, 1, NEW.retries, NEW.created, NEW.updated)
    ON DUPLICATE KEY UPDATE entries = entries + VALUES(entries), retries = retries + VALUES(retries),
        first_created = COALESCE(LEAST(first_created, VALUES(first_created)), first_created, VALUES(first_created)),
        last_updated = COALESCE(GREATEST(last_updated, VALUES(last_updated)), last_updated, VALUES(last_updated));
END$$

-- An updated entry leaves its old (tenant, task_name, status) and joins its new one (the same row when the status
-- stayed: retries only).
CREATE TRIGGER inv_tasks_counts_update AFTER UPDATE ON inv_tasks FOR EACH ROW
BEGIN
    INSERT INTO ledger_counts (tenant, task_name, current_status, slot, entries, retries, first_created, last_updated)
    VALUES (OLD.tenant, OLD.task_name, OLD.current_status, CONNECTION_ID() % 16, -1, -OLD.retries, NULL, NULL),
           (NEW.tenant, NEW.task_name, NEW.current_status, CONNECTION_ID() % 16, 1, NEW.retries, NEW.created, NEW.updated)
    ON DUPLICATE KEY UPDATE entries = entries + VALUES(entries), retries = retries + VALUES(retries),
        first_created = COALESCE(LEAST(first_created, VALUES(first_created)), first_created, VALUES(first_created)),
        last_updated = COALESCE(GREATEST(last_updated, VALUES(last_updated)), last_updated, VALUES(last_updated));
    IF NEW.updated < OLD.updated OR NEW.created <> OLD.created OR NEW.tenant <> OLD.tenant
            OR NEW.task_name <> OLD.task_name THEN
        CALL ledger_counts_rebound(OLD.tenant, OLD.task_name,
            IF(NEW.created <> OLD.created OR NEW.tenant <> OLD.tenant OR NEW.task_name <> OLD.task_name, OLD.created, NULL),
            OLD.updated);
    END IF;
END$$

CREATE TRIGGER inv_tasks_counts_delete AFTER DELETE ON inv_tasks FOR EACH ROW
BEGIN
    INSERT INTO ledger_counts (tenant, task_name, current_status, slot, entries, retries, first_created, last_updated)
    VALUES (OLD.tenant, OLD.task_name, OLD.current_status, CONNECTION_ID() % 16, -1, -OLD.retries, NULL, NULL)
    ON DUPLICATE KEY UPDATE entries = entries + VALUES(entries), retries = retries + VALUES(retries);
    CALL ledger_counts_rebound(OLD.tenant, OLD.task_name, OLD.created, OLD.updated);
END$$

DELIMITER ;

-- Backfill: the entries there are, counted once, in slot 0.
INSERT INTO ledger_counts (tenant, task_name, current_status, slot, entries, retries, first_created, last_updated)
SELECT tenant, task_name, current_status, 0, COUNT(*), SUM(retries), MIN(created), MAX(updated)
FROM inv_tasks
GROUP BY tenant, task_name, current_status;
