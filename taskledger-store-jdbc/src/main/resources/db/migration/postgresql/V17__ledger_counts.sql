-- GET /api/v1/ledger/summary from counts kept as entries change, instead of a scan of inv_tasks (6.9-11.2 s at
-- 10,000,000 entries). ledger_counts holds, per (tenant, task_name, current_status, slot): how many entries, the sum
-- of their retries, and bounds for the earliest created and latest updated of the name. The summary adds a name's
-- rows up (its statuses with a non-zero count, and the bounds over all its rows).
--
-- Striped: a transaction adds its changes to the rows of its own slot (its transaction id modulo 16), so concurrent
-- writers of one task_name and status update different rows instead of queueing on one row's lock until each
-- commits. A slot's count may go below zero (an entry counted in one slot, re-recorded or deleted in another); only
-- the sum over slots means anything.
--
-- Kept by triggers on inv_tasks, in the writing transaction: every path that writes entries (single records, group
-- commits, batches, the fast path for new keys, deletes, and SQL run by hand or by the benchmark's loader) keeps
-- them. Statement-level triggers see each statement's rows at once (transition tables), so a batch of 5,000 records
-- updates one row per (tenant, task_name, status) it touched. INSERT ... ON CONFLICT DO UPDATE fires the insert
-- trigger for the rows it inserted and the update trigger for the rows it updated.
--
-- Bounds: first_created only falls as entries are inserted and last_updated only rises as they are written (LEAST /
-- GREATEST). They can move the other way only when an entry holding one leaves its name (a delete, a key changed by
-- hand) or an entry's updated goes back (a clock behind another node's): then, unless another entry of the name
-- holds the same value, ledger_counts_rebound recounts the name's bounds from its entries (a walk of the name's
-- entries, as the summary did before, but only on such a change).
CREATE TABLE ledger_counts (
    tenant TEXT COLLATE "C" NOT NULL,
    task_name VARCHAR(255) COLLATE "C" NOT NULL,
    current_status inv_task_status NOT NULL,
    slot SMALLINT NOT NULL,
    entries BIGINT NOT NULL,
    retries BIGINT NOT NULL,
    first_created TIMESTAMPTZ NULL,
    last_updated TIMESTAMPTZ NULL,
    PRIMARY KEY (tenant, task_name, current_status, slot)
) WITH (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
        autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);
-- Every write updates a row here in place: no indexed column changes, so with room left on the page (fillfactor)
-- the updates are HOT and pruned as the page is read; the table stays a few pages per name.

-- The earliest created and latest updated of (t, n) after an entry that held gone_created / gone_updated (null: held
-- none) left it or moved. Locks the name's rows first, so that a writer of the name still running commits before the
-- entries are read (its own bounds then go on top), and so that two of these on one name take turns.
CREATE FUNCTION ledger_counts_rebound(t TEXT, n TEXT, gone_created TIMESTAMPTZ, gone_updated TIMESTAMPTZ)
RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    lo TIMESTAMPTZ;
    hi TIMESTAMPTZ;
BEGIN
    PERFORM 1 FROM ledger_counts WHERE tenant = t AND task_name = n ORDER BY current_status, slot FOR UPDATE;
    SELECT MIN(first_created), MAX(last_updated) INTO lo, hi FROM ledger_counts WHERE tenant = t AND task_name = n;
    IF (gone_created IS NULL OR gone_created > lo
            OR EXISTS (SELECT 1 FROM inv_tasks WHERE tenant = t AND task_name = n AND created = lo))
       AND (gone_updated IS NULL OR gone_updated < hi
            OR EXISTS (SELECT 1 FROM inv_tasks WHERE tenant = t AND task_name = n AND updated = hi)) THEN
        RETURN; -- another entry still holds each bound
    END IF;
    SELECT MIN(created), MAX(updated) INTO lo, hi FROM inv_tasks WHERE tenant = t AND task_name = n;
    UPDATE ledger_counts SET first_created = lo, last_updated = hi WHERE tenant = t AND task_name = n;
END $$;

CREATE FUNCTION ledger_counts_inserted() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO ledger_counts AS c (tenant, task_name, current_status, slot, entries, retries, first_created, last_updated)
    SELECT e.tenant, e.task_name, e.current_status, CAST(txid_current() % 16 AS SMALLINT), COUNT(*), SUM(e.retries),
           MIN(e.created), MAX(e.updated)
    FROM new_entries e
    GROUP BY e.tenant, e.task_name, e.current_status
    ORDER BY e.tenant, e.task_name, e.current_status
    ON CONFLICT (tenant, task_name, current_status, slot) DO UPDATE
    SET entries = c.entries + EXCLUDED.entries, retries = c.retries + EXCLUDED.retries,
        first_created = LEAST(c.first_created, EXCLUDED.first_created),
        last_updated = GREATEST(c.last_updated, EXCLUDED.last_updated);
    RETURN NULL;
END $$;

-- An updated entry leaves its old (tenant, task_name, status) and joins its new one: -1 and its old retries there,
-- +1 and its new retries here (the same row when the status stayed: retries only). A name whose bounds may have to
-- be recounted has all its rows locked first, in order, before this transaction locks any of them by its changes:
-- two such transactions of one name then wait for each other instead of each holding a row the other needs.
CREATE FUNCTION ledger_counts_updated() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM 1 FROM ledger_counts c
    WHERE (c.tenant, c.task_name) IN (
        SELECT o.tenant, o.task_name FROM old_entries o JOIN new_entries e ON e.id = o.id
        WHERE e.updated < o.updated OR e.created <> o.created OR e.tenant <> o.tenant OR e.task_name <> o.task_name)
    ORDER BY c.tenant, c.task_name, c.current_status, c.slot
    FOR UPDATE OF c;
    INSERT INTO ledger_counts AS c (tenant, task_name, current_status, slot, entries, retries, first_created, last_updated)
    SELECT d.tenant, d.task_name, d.current_status, CAST(txid_current() % 16 AS SMALLINT), SUM(d.n), SUM(d.retries),
           MIN(d.created), MAX(d.updated)
    FROM (SELECT o.tenant, o.task_name, o.current_status, -1 AS n, -o.retries AS retries,
                 CAST(NULL AS TIMESTAMPTZ) AS created, CAST(NULL AS TIMESTAMPTZ) AS updated
          FROM old_entries o
          UNION ALL
          SELECT e.tenant, e.task_name, e.current_status, 1, e.retries, e.created, e.updated FROM new_entries e) d
    GROUP BY d.tenant, d.task_name, d.current_status
    ORDER BY d.tenant, d.task_name, d.current_status
    ON CONFLICT (tenant, task_name, current_status, slot) DO UPDATE
    SET entries = c.entries + EXCLUDED.entries, retries = c.retries + EXCLUDED.retries,
        first_created = LEAST(c.first_created, EXCLUDED.first_created),
        last_updated = GREATEST(c.last_updated, EXCLUDED.last_updated);
    PERFORM ledger_counts_rebound(o.tenant, o.task_name,
                                  MIN(CASE WHEN e.tenant <> o.tenant OR e.task_name <> o.task_name OR e.created <> o.created
                                           THEN o.created END),
                                  MAX(o.updated))
    FROM old_entries o JOIN new_entries e ON e.id = o.id
    WHERE e.updated < o.updated OR e.created <> o.created OR e.tenant <> o.tenant OR e.task_name <> o.task_name
    GROUP BY o.tenant, o.task_name
    ORDER BY o.tenant, o.task_name;
    RETURN NULL;
END $$;

-- A deleted entry may have held a bound: its name's rows are locked first, in order (see ledger_counts_updated).
CREATE FUNCTION ledger_counts_deleted() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM 1 FROM ledger_counts c
    WHERE (c.tenant, c.task_name) IN (SELECT o.tenant, o.task_name FROM old_entries o)
    ORDER BY c.tenant, c.task_name, c.current_status, c.slot
    FOR UPDATE OF c;
    INSERT INTO ledger_counts AS c (tenant, task_name, current_status, slot, entries, retries, first_created, last_updated)
    SELECT o.tenant, o.task_name, o.current_status, CAST(txid_current() % 16 AS SMALLINT), -COUNT(*), -SUM(o.retries),
           NULL, NULL
    FROM old_entries o
    GROUP BY o.tenant, o.task_name, o.current_status
    ORDER BY o.tenant, o.task_name, o.current_status
    ON CONFLICT (tenant, task_name, current_status, slot) DO UPDATE
    SET entries = c.entries + EXCLUDED.entries, retries = c.retries + EXCLUDED.retries;
    PERFORM ledger_counts_rebound(o.tenant, o.task_name, MIN(o.created), MAX(o.updated))
    FROM old_entries o
    GROUP BY o.tenant, o.task_name
    ORDER BY o.tenant, o.task_name;
    RETURN NULL;
END $$;

CREATE FUNCTION ledger_counts_truncated() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    DELETE FROM ledger_counts;
    RETURN NULL;
END $$;

-- The table is locked (SHARE ROW EXCLUSIVE) from the first trigger to the end of this migration's transaction, so
-- no entry is written between the triggers and the backfill: each entry is counted once.
CREATE TRIGGER inv_tasks_counts_insert AFTER INSERT ON inv_tasks REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_counts_inserted();
CREATE TRIGGER inv_tasks_counts_update AFTER UPDATE ON inv_tasks REFERENCING OLD TABLE AS old_entries NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_counts_updated();
CREATE TRIGGER inv_tasks_counts_delete AFTER DELETE ON inv_tasks REFERENCING OLD TABLE AS old_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_counts_deleted();
CREATE TRIGGER inv_tasks_counts_truncate AFTER TRUNCATE ON inv_tasks
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_counts_truncated();

-- Backfill: the entries there are, counted once (one scan of inv_tasks), in slot 0.
INSERT INTO ledger_counts (tenant, task_name, current_status, slot, entries, retries, first_created, last_updated)
SELECT tenant, task_name, current_status, 0, COUNT(*), SUM(retries), MIN(created), MAX(updated)
FROM inv_tasks
GROUP BY tenant, task_name, current_status;
