#!/usr/bin/env bash
# Event retention on PostgreSQL: deleting rows (as before V15, and as retention still does with an archive) against
# dropping daily partitions (V15, EventPartitioning). Builds two schemas from the project's migrations (V1..V14, and
# V1..V15 with daily partitions), loads EVENTS_PER_DAY events a day for DAYS days (three per task, as a task's
# created/claimed/finished events), then makes the oldest DUE_DAYS days due and measures what retention costs:
# wall time, WAL written, and task_events' size after (and after a VACUUM, for the rows layout).
#   rows:       retention's deleteOlderThan statement, 500 rows a transaction (RetentionConfig.BATCH_SIZE)
#   partitions: count and DROP TABLE per due day (EventPartitioning.dropEndedBy)
# WAL: for rows the WAL Bytes of the DELETE statements (EXPLAIN (ANALYZE, WAL)); for partitions the whole server's WAL
# meanwhile (DDL has no such figure), so on a shared server an upper bound.
# Usage: PGURL=postgresql://postgres@127.0.0.1:5432/test scripts/event-retention-drop-vs-delete.sh [per_day] [days] [due]
set -euo pipefail
URL=${PGURL:-postgresql://postgres@127.0.0.1:5432/test}
PER_DAY=${1:-100000}
DAYS=${2:-20}
DUE=${3:-10}
MIGRATIONS="$(dirname "$0")/../taskledger-store-jdbc/src/main/resources/db/migration/postgresql"
BASE="2031-01-01 00:00:00+00" # after the history partition of V15 (it ends the day after the migration)

run() { PGOPTIONS="-c search_path=$1" psql -X -q -v ON_ERROR_STOP=1 "$URL" "${@:2}"; }
value() { PGOPTIONS="-c search_path=$1" psql -X -q -t -A -v ON_ERROR_STOP=1 "$URL" -c "$2"; }

for layout in rows partitions; do
    schema="tl_retbench_${layout}_$$"
    psql -X -q "$URL" -c "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema;
        CREATE TABLE $schema.flyway_schema_history (version TEXT, description TEXT, installed_on TIMESTAMP, success BOOL)"
    last=14
    [ "$layout" = partitions ] && last=15
    for v in $(seq 1 $last); do run "$schema" -f "$MIGRATIONS"/V${v}__*.sql; done
    if [ "$layout" = partitions ]; then
        run "$schema" -c "DO \$\$ BEGIN FOR d IN 0..$DAYS - 1 LOOP
            EXECUTE format('CREATE TABLE %I PARTITION OF task_events FOR VALUES FROM (%L) TO (%L)',
                'task_events_p' || to_char(TIMESTAMPTZ '$BASE' + d * INTERVAL '1 day', 'YYYYMMDD'),
                TIMESTAMPTZ '$BASE' + d * INTERVAL '1 day', TIMESTAMPTZ '$BASE' + (d + 1) * INTERVAL '1 day');
            END LOOP; END \$\$"
    fi
    total=$((PER_DAY * DAYS))
    tasks=$((total / 3))
    t0=$(date +%s.%N)
    run "$schema" -c "INSERT INTO tasks (id, tenant, type, status, state, created_at, updated_at)
        SELECT md5('t' || g)::uuid, 'default', 'bench', 'COMPLETED', 'Completed', TIMESTAMPTZ '$BASE', TIMESTAMPTZ '$BASE'
        FROM generate_series(1, $tasks) g"
    run "$schema" -c "INSERT INTO task_events (id, task_id, status, state, actor, created_at)
        SELECT md5('e' || g || '-' || k)::uuid, md5('t' || g)::uuid, 'COMPLETED', 'Completed', 'bench',
               TIMESTAMPTZ '$BASE' + (g - 1) * (INTERVAL '1 day' * $DAYS / $tasks) + k * INTERVAL '5 ms'
        FROM generate_series(1, $tasks) g CROSS JOIN generate_series(0, 2) k"
    run "$schema" -c "VACUUM (ANALYZE) tasks, task_events"
    load=$(echo "$(date +%s.%N) - $t0" | bc)
    size_before=$(value "$schema" "SELECT SUM(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = '$schema' AND c.relkind = 'r' AND c.relname LIKE 'task_events%'")
    cutoff="TIMESTAMPTZ '$BASE' + INTERVAL '$DUE days'"
    due=$(value "$schema" "SELECT COUNT(*) FROM task_events WHERE created_at < $cutoff")
    lsn=$(value "$schema" "SELECT pg_current_wal_lsn()")
    t0=$(date +%s.%N)
    if [ "$layout" = rows ]; then
        # each batch under EXPLAIN (ANALYZE, WAL): the WAL of these statements alone (the server is shared)
        run "$schema" -c "CREATE TABLE retention_wal (bytes BIGINT)"
        run "$schema" -c "DO \$\$ DECLARE plan JSON; n BIGINT; BEGIN LOOP
            EXECUTE \$q\$EXPLAIN (ANALYZE, WAL, FORMAT JSON) DELETE FROM task_events WHERE id IN (SELECT id FROM task_events
                     WHERE created_at < $cutoff ORDER BY created_at LIMIT 500)\$q\$ INTO plan;
            n := CAST(plan->0->'Plan'->'Plans'->0->>'Actual Rows' AS BIGINT);
            INSERT INTO retention_wal VALUES (CAST(plan->0->'Plan'->>'WAL Bytes' AS BIGINT));
            COMMIT; EXIT WHEN n = 0; END LOOP; END \$\$"
        own_wal=$(value "$schema" "SELECT SUM(bytes) FROM retention_wal")
    else
        run "$schema" -c "DO \$\$ DECLARE p RECORD; n BIGINT; BEGIN
            FOR p IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                     WHERE i.inhparent = CAST('task_events' AS regclass) AND c.relname LIKE 'task_events_p%'
                       AND to_timestamp(substr(c.relname, 14), 'YYYYMMDD') AT TIME ZONE 'UTC' < $cutoff - INTERVAL '1 day' + INTERVAL '1 second' LOOP
                EXECUTE format('SELECT COUNT(*) FROM %I', p.relname) INTO n;
                EXECUTE format('DROP TABLE %I', p.relname);
                COMMIT;
            END LOOP; END \$\$"
    fi
    took=$(echo "$(date +%s.%N) - $t0" | bc)
    wal=$(value "$schema" "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$lsn')") # the whole server's
    [ "$layout" = rows ] && wal=$own_wal
    left=$(value "$schema" "SELECT COUNT(*) FROM task_events")
    size_after=$(value "$schema" "SELECT SUM(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = '$schema' AND c.relkind = 'r' AND c.relname LIKE 'task_events%'")
    t0=$(date +%s.%N)
    run "$schema" -c "VACUUM task_events"
    vacuum=$(echo "$(date +%s.%N) - $t0" | bc)
    size_vacuumed=$(value "$schema" "SELECT SUM(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = '$schema' AND c.relkind = 'r' AND c.relname LIKE 'task_events%'")
    printf '%s: loaded %d events in %.0f s; %d due: retention %.1f s, WAL %.1f MiB; %d left; task_events %.0f MiB before, %.0f MiB after, %.0f MiB after a VACUUM (%.1f s)\n' \
        "$layout" "$total" "$load" "$due" "$took" "$(echo "$wal / 1048576" | bc -l)" "$left" \
        "$(echo "$size_before / 1048576" | bc -l)" "$(echo "$size_after / 1048576" | bc -l)" \
        "$(echo "$size_vacuumed / 1048576" | bc -l)" "$vacuum"
    psql -X -q "$URL" -c "DROP SCHEMA $schema CASCADE" 2>/dev/null
done
