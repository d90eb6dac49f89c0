-- task_events becomes a table partitioned by RANGE (created_at), so that event retention drops whole partitions
-- (EventPartitions, RetentionService) instead of deleting rows one by one (docs/architecture.md "Event partitions").
--
-- The existing table is kept as it is and attached as the partition task_events_history, covering every time
-- before the boundary: the start of the UTC day after both now and its newest event. Attaching is instant once its
-- rows are known to lie in that range: the CHECK constraint below is validated first (one sequential scan, no
-- rewrite). The one step that grows with the table is the unique index (id, created_at) the partitioned primary key
-- needs on every partition (docs/operations.md "Upgrading" has a measurement). Its existing
-- indexes on (task_id, created_at DESC) and (created_at) become the partition's parts of the parent's indexes, and
-- its foreign key to tasks (ON DELETE CASCADE) the partition's part of the parent's. Its autovacuum settings (V9)
-- stay; later partitions get the same settings when the server creates them.
--
-- Partitions from the boundary on are created by the server (a day each, ahead of time); task_events_default takes
-- any row no partition covers, so an insert never fails.
--
-- The primary key becomes (id, created_at): a partitioned table's unique keys must include the partition key. Event
-- ids are random UUIDs chosen by the writer, so they stay unique in practice; every lookup by id (deleteAll) is
-- served by this index's leading column in each partition.
DO $$
DECLARE
    boundary TIMESTAMPTZ;
BEGIN
    SELECT (date_trunc('day', GREATEST(now(), COALESCE(MAX(created_at), now())) AT TIME ZONE 'UTC')
            + INTERVAL '1 day') AT TIME ZONE 'UTC'
    INTO boundary
    FROM task_events;

    ALTER TABLE task_events RENAME TO task_events_history;
    -- its key becomes (id, created_at), the parent's, below
    ALTER TABLE task_events_history DROP CONSTRAINT task_events_pkey;
    ALTER TABLE task_events_history RENAME CONSTRAINT task_events_task_id_fkey TO task_events_history_task_id_fkey;
    ALTER INDEX idx_task_events_task_created RENAME TO task_events_history_task_created;
    ALTER INDEX idx_task_events_created RENAME TO task_events_history_created;

    CREATE TABLE task_events (
        id UUID NOT NULL,
        task_id UUID NOT NULL CONSTRAINT task_events_task_id_fkey REFERENCES tasks(id) ON DELETE CASCADE,
        status TEXT NOT NULL,
        state TEXT,
        detail JSONB,
        actor TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
        PRIMARY KEY (id, created_at)
    ) PARTITION BY RANGE (created_at);

    CREATE INDEX idx_task_events_task_created ON task_events (task_id, created_at DESC);
    CREATE INDEX idx_task_events_created ON task_events (created_at);

    EXECUTE format('ALTER TABLE task_events_history ADD CONSTRAINT task_events_history_range CHECK (created_at < %L) NOT VALID',
                   boundary);
    ALTER TABLE task_events_history VALIDATE CONSTRAINT task_events_history_range;
    ALTER TABLE task_events_history ADD CONSTRAINT task_events_history_pkey PRIMARY KEY (id, created_at);
    EXECUTE format('ALTER TABLE task_events ATTACH PARTITION task_events_history FOR VALUES FROM (MINVALUE) TO (%L)',
                   boundary);
    ALTER TABLE task_events_history DROP CONSTRAINT task_events_history_range;

    CREATE TABLE task_events_default PARTITION OF task_events DEFAULT WITH (
        autovacuum_vacuum_scale_factor = 0.02,
        autovacuum_vacuum_threshold = 1000,
        autovacuum_analyze_scale_factor = 0.01,
        autovacuum_analyze_threshold = 1000
    );
END
$$;
