-- The ledger's key columns compare as bytes (COLLATE "C"), not by the database's locale. Equality is the same
-- either way (PostgreSQL's deterministic collations break ties by bytes), but every insert and lookup compares
-- items in the unique index and in task_item_inx, and a locale comparison (strcoll) costs more: recording in
-- bulk got about 5% faster on C.UTF-8, more under a locale such as en_US.UTF-8. Listings by task_name
-- (the summary) now sort in code point order on every database. Rebuilds the indexes on these columns once
-- (not the table).
ALTER TABLE inv_tasks
    ALTER COLUMN tenant TYPE TEXT COLLATE "C",
    ALTER COLUMN task_name TYPE VARCHAR(255) COLLATE "C",
    ALTER COLUMN task_item TYPE VARCHAR(511) COLLATE "C";
