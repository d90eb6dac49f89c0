-- PostgreSQL: record answers with RETURNING; recordMany, recordAll and recordAllNew take the records as one text
-- array per column (Dialect.supportsColumnArrays), where the others run recordEach once per record. current_status
-- is the enum type inv_task_status, so statuses are cast; a parameter compared with NULL is cast too (PostgreSQL
-- cannot infer the type of an untyped NULL).
-- name: record
INSERT INTO inv_tasks AS t (tenant, task_name, task_item, retries, current_status, note, created, updated)
VALUES (:tenant, :task_name, :task_item, 0, CAST(:status AS inv_task_status), :note, :now, :now)
ON CONFLICT (tenant, task_name, task_item) DO UPDATE
SET current_status = EXCLUDED.current_status, note = EXCLUDED.note, retries = t.retries + 1, updated = EXCLUDED.updated
RETURNING *;

-- name: recordMany
-- record for several distinct keys in one statement (group commit of single records). Rows are upserted in key
-- order, so two such statements lock shared keys in the same order and cannot deadlock each other.
INSERT INTO inv_tasks AS t (tenant, task_name, task_item, retries, current_status, note, created, updated)
SELECT u.tenant, u.task_name, u.task_item, 0, CAST(u.status AS inv_task_status), u.note, :now, :now
FROM unnest(CAST(:tenant AS text[]), CAST(:task_name AS text[]), CAST(:task_item AS text[]), CAST(:status AS text[]),
            CAST(:note AS text[])) AS u(tenant, task_name, task_item, status, note)
ORDER BY u.tenant COLLATE "C", u.task_name COLLATE "C", u.task_item COLLATE "C"
ON CONFLICT (tenant, task_name, task_item) DO UPDATE
SET current_status = EXCLUDED.current_status, note = EXCLUDED.note, retries = t.retries + 1, updated = EXCLUDED.updated
RETURNING *;

-- name: recordAll
INSERT INTO inv_tasks AS t (tenant, task_name, task_item, retries, current_status, note, created, updated)
SELECT u.tenant, u.task_name, u.task_item, CAST(u.extra AS int), CAST(u.status AS inv_task_status), u.note, :now, :now
FROM unnest(CAST(:tenant AS text[]), CAST(:task_name AS text[]), CAST(:task_item AS text[]), CAST(:extra AS text[]),
            CAST(:status AS text[]), CAST(:note AS text[])) AS u(tenant, task_name, task_item, extra, status, note)
ON CONFLICT (tenant, task_name, task_item) DO UPDATE
SET current_status = EXCLUDED.current_status, note = EXCLUDED.note, retries = t.retries + EXCLUDED.retries + 1,
    updated = EXCLUDED.updated;

-- name: recordAllNew
-- recordAll's fast path: a plain insert, for a batch whose keys are all new. A key that exists (or is being
-- inserted by another transaction) breaks the unique index and the caller falls back to recordAll; the upsert's
-- speculative insertion costs about a third more per row.
INSERT INTO inv_tasks (tenant, task_name, task_item, retries, current_status, note, created, updated)
SELECT u.tenant, u.task_name, u.task_item, CAST(u.extra AS int), CAST(u.status AS inv_task_status), u.note, :now, :now
FROM unnest(CAST(:tenant AS text[]), CAST(:task_name AS text[]), CAST(:task_item AS text[]), CAST(:extra AS text[]),
            CAST(:status AS text[]), CAST(:note AS text[])) AS u(tenant, task_name, task_item, extra, status, note);

-- name: get
SELECT * FROM inv_tasks WHERE tenant = :tenant AND task_name = :task_name AND task_item = :task_item;

-- name: getForUpdate
SELECT * FROM inv_tasks WHERE tenant = :tenant AND task_name = :task_name AND task_item = :task_item FOR UPDATE;

-- name: delete
DELETE FROM inv_tasks WHERE id = :id;

-- name: list
SELECT * FROM inv_tasks
WHERE tenant = :tenant
  AND (CAST(:task_name AS text) IS NULL OR task_name = :task_name)
  AND (CAST(:status AS text) IS NULL OR current_status = CAST(:status AS inv_task_status))
  AND (CAST(:updated_after AS timestamptz) IS NULL OR updated > :updated_after)
  AND (CAST(:after_id AS bigint) IS NULL OR id > :after_id)
ORDER BY id
LIMIT :limit;

-- name: listAll
SELECT * FROM inv_tasks
WHERE tenant = :tenant
  AND (CAST(:task_name AS text) IS NULL OR task_name = :task_name)
  AND (CAST(:status AS text) IS NULL OR current_status = CAST(:status AS inv_task_status))
  AND (CAST(:updated_after AS timestamptz) IS NULL OR updated > :updated_after)
ORDER BY id;

-- name: summary
-- From the counts that V17's triggers keep (ledger_counts), not from the entries: each (task_name, status) added up
-- over its slots. A status whose sum is 0 has no entries (JdbcLedgerStore leaves it out); its bounds still count.
SELECT task_name, current_status, SUM(entries) AS n, MIN(first_created) AS first_attempt,
       MAX(last_updated) AS last_attempt, SUM(retries) AS retries
FROM ledger_counts
WHERE tenant = :tenant AND (CAST(:task_name AS text) IS NULL OR task_name = :task_name)
GROUP BY task_name, current_status
ORDER BY task_name, current_status;

-- name: findItems
SELECT t.* FROM unnest(CAST(:items AS text[])) AS u(item)
JOIN inv_tasks t ON t.tenant = :tenant AND t.task_name = :task_name AND t.task_item = u.item;

-- name: unreconciled
-- reconcile: of the items, those with no entry (t.id null) and the entries that are not ok, in the order asked.
-- Only these rows come back: most items of a reconcile are ok, and reading their entries cost more than the
-- lookups themselves. Each item is one probe of the unique index, whatever the statistics say: the LATERAL
-- subquery with LIMIT 1 is not flattened into a join, and COLLATE "C" matches the key columns' collation (V5), so
-- the item is part of the index condition. As a plain join on a table not yet analysed (a ledger loaded moments
-- ago, autovacuum off) the planner took (tenant, task_name) for one row and compared every entry of the name with
-- every item: 30 s for 5,000 items against 100,000 entries, against 29 ms now.
SELECT u.item AS asked_item, t.*
FROM unnest(CAST(:items AS text[])) WITH ORDINALITY AS u(item, n)
LEFT JOIN LATERAL (
    SELECT * FROM inv_tasks i
    WHERE i.tenant = :tenant AND i.task_name = :task_name AND i.task_item = u.item COLLATE "C"
    LIMIT 1
) t ON true
WHERE t.id IS NULL OR t.current_status <> 'ok'
ORDER BY u.n;
