#!/usr/bin/env bash
# Measures the API calls behind each page of the web console (/ui) on PostgreSQL with 1,000,000 tasks.
#
#   scripts/console-page-load.sh            # needs psql, curl, a PostgreSQL at $PGURL, and the server jar
#
# It starts the server jar on a schema of its own (created by the server's migrations), fills it with SQL
# (1,000,000 tasks of 20 types over the last 24 hours: 70 % completed, 5 % failed, 1 % cancelled, 0.1 % processing
# held by 50 workers, the rest pending; one event per task; and 1,000,000 ledger entries of 10 task names), runs ANALYZE, then times each call 7 times with curl and
# prints the median and the slowest, in milliseconds. The schema is dropped at the end unless KEEP=1; REUSE=1 measures
# a schema kept by an earlier run (KEEP=1) instead of filling a new one.
set -euo pipefail
cd "$(dirname "$0")/.."

PGURL=${PGURL:-postgresql://postgres@127.0.0.1:5432/test}
JDBC=${JDBC:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
SCHEMA=${SCHEMA:-console_bench}
PORT=${PORT:-18599}
TASKS=${TASKS:-1000000}
JAR=taskledger-server/target/taskledger-server.jar
BASE=http://127.0.0.1:$PORT

[ -f "$JAR" ] || { echo "build the jar first: mvn -q -o package -pl taskledger-server -am -DskipTests" >&2; exit 2; }
[ "${REUSE:-0}" = 1 ] || psql "$PGURL" -q -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE"

TASKLEDGER_DB_URL="$JDBC" TASKLEDGER_DB_SCHEMA=$SCHEMA PORT=$PORT HOST=127.0.0.1 java -jar "$JAR" > /tmp/console-page-load-server.log 2>&1 &
SERVER=$!
cleanup() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  [ "${KEEP:-0}" = 1 ] || psql "$PGURL" -q -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE"
}
trap cleanup EXIT
for _ in $(seq 1 120); do curl -sf "$BASE/health" >/dev/null && break; sleep 1; done
curl -sf "$BASE/health" >/dev/null || { echo "the server did not start; see /tmp/console-page-load-server.log" >&2; exit 1; }

if [ "${REUSE:-0}" != 1 ]; then
echo "filling $SCHEMA with $TASKS tasks ..."
start=$(date +%s)
psql "$PGURL" -q -v ON_ERROR_STOP=1 <<SQL
SET search_path TO $SCHEMA;
INSERT INTO tasks (id, tenant, type, status, state, progress, priority, payload, metadata, tags, error, input_hash, retry_count,
                   max_attempts, lease_seconds, run_at, lease_owner, lease_expires_at, created_at, updated_at,
                   started_at, finished_at, version)
-- ids in creation order, as the server's UUIDv7 ids are: the creation time's milliseconds in the first 6 bytes
SELECT encode(overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send((extract(epoch FROM c.at) * 1000)::bigint) FROM 3)
                      FROM 1 FOR 6), 'hex')::uuid,
       'default', 'type-' || (g % 20), s.status, s.status, 0, 1 + g % 3,
       jsonb_build_object('n', g), '{}'::jsonb, jsonb_build_object('batch', 'b' || (g % 100)),
       CASE WHEN s.status = 'FAILED' THEN 'boom ' || g END,
       encode(sha256(convert_to(E'key\\n' || 'order-' || g, 'UTF8')), 'hex'), -- InputHash.ofKey("order-<g>")
       0, 3, 300, c.at,
       CASE WHEN s.status IN ('COMPLETED', 'FAILED', 'IN_PROGRESS') THEN 'worker-' || (g % 50) END,
       CASE WHEN s.status = 'IN_PROGRESS' THEN now() + interval '5 minutes' END,
       c.at, CASE WHEN s.status = 'IN_PROGRESS' THEN now() - (g % 90) * interval '1 second' ELSE c.at + interval '2 seconds' END,
       CASE WHEN s.status <> 'PENDING' THEN c.at + interval '1 second' END,
       CASE WHEN s.status IN ('COMPLETED', 'FAILED', 'CANCELLED') THEN c.at + interval '2 seconds' END, 1
FROM generate_series(1, $TASKS) AS g
CROSS JOIN LATERAL (SELECT now() - g * (interval '86400 seconds' / $TASKS) AS at) AS c
CROSS JOIN LATERAL (SELECT CASE WHEN g % 1000 = 999 THEN 'IN_PROGRESS' WHEN g % 100 < 70 THEN 'COMPLETED'
                                WHEN g % 100 < 75 THEN 'FAILED' WHEN g % 100 < 76 THEN 'CANCELLED'
                                ELSE 'PENDING' END AS status) AS s;
INSERT INTO task_events (id, task_id, status, state, detail, actor, created_at)
SELECT gen_random_uuid(), id, 'PENDING', 'Queued', '{}'::jsonb, 'API', created_at FROM tasks;
INSERT INTO inv_tasks (tenant, created, updated, task_name, task_item, retries, current_status)
SELECT 'default', now() - g * interval '1 second', now() - g * interval '1 second' + interval '1 second', 'job-' || (g % 10),
       'ark:/item/' || g, g % 3,
       (CASE WHEN g % 20 = 0 THEN 'fail' WHEN g % 50 = 1 THEN 'pending' ELSE 'ok' END)::inv_task_status
FROM generate_series(1, $TASKS) AS g;
VACUUM ANALYZE tasks;
VACUUM ANALYZE task_events;
VACUUM ANALYZE inv_tasks;
SQL
echo "filled in $(( $(date +%s) - start )) s"
fi

TASK=$(curl -sf "$BASE/api/v1/tasks?status=failed&type=type-12&limit=1" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | head -n1)
time_ms() { # path, [method, body]
  local times=()
  for _ in 1 2 3 4 5 6 7; do
    if [ $# -gt 1 ]; then
      t=$(curl -s -o /dev/null -w '%{time_total}' -X "$2" -H 'Content-Type: application/json' -d "$3" "$BASE$1")
    else
      t=$(curl -s -o /dev/null -w '%{time_total}' "$BASE$1")
    fi
    times+=("$(awk -v t="$t" 'BEGIN { printf "%.1f", t * 1000 }')")
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  printf '%-72s median %7s ms   max %7s ms\n' "${2:-GET} $1" "$(echo "$sorted" | sed -n 4p)" "$(echo "$sorted" | tail -n1)"
}

echo "page: overview"
time_ms /api/v1/stats
time_ms /api/v1/stats/throughput
time_ms /api/v1/workers
echo "page: tasks"
time_ms "/api/v1/tasks?status=pending&limit=50"
time_ms "/api/v1/tasks?status=failed&type=type-12&limit=50"
time_ms "/api/v1/tasks?status=all&tag=batch:b7&limit=50"
time_ms "/api/v1/tasks?status=completed&created_after=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)&limit=50"
echo "page: tasks, sorted (each sort read from an index in its order; the filters narrow the walk)"
time_ms "/api/v1/tasks?status=pending&sort=priority&order=asc&limit=50"
time_ms "/api/v1/tasks?status=pending&type=type-12&sort=priority&order=asc&limit=50"
time_ms "/api/v1/tasks?status=pending&sort=created_at&order=desc&limit=50"
time_ms "/api/v1/tasks?status=all&sort=created_at&order=desc&limit=50"
time_ms "/api/v1/tasks?status=failed&type=type-12&sort=created_at&order=desc&limit=50"
time_ms "/api/v1/tasks?status=cancelled&type=type-12&sort=created_at&order=desc&limit=50"
echo "page: tasks, search by idempotency key"
time_ms "/api/v1/tasks?idempotency_key=order-777777&limit=50"
echo "page: task"
time_ms "/api/v1/tasks/$TASK"
time_ms "/api/v1/tasks/$TASK/events?limit=50"
echo "page: bulk (preview)"
time_ms /api/v1/tasks/bulk/retry POST '{"filter":{"status":"failed","type":"type-12"},"dry_run":true}'
echo "page: ledger"
time_ms /api/v1/ledger/summary
time_ms "/api/v1/ledger?task_name=job-3&limit=50"
time_ms "/api/v1/ledger?task_name=job-3&status=fail&limit=50"
seq 3 10 1000000 | sed 's|^|ark:/item/|' > /tmp/console-page-load-items.txt # 100,000 items of job-3 (all recorded; 5 % of them not ok)
times=()
for _ in 1 2 3; do
  times+=("$(curl -s -o /dev/null -w '%{time_total}' -X POST -H 'Content-Type: text/plain' --data-binary @/tmp/console-page-load-items.txt \
    "$BASE/api/v1/ledger/reconcile?task_name=job-3" | awk '{ printf "%.1f", $1 * 1000 }')")
done
printf '%-72s runs %s ms\n' "POST /api/v1/ledger/reconcile (100,000 items)" "${times[*]}"
time_ms "/api/v1/ledger/export?task_name=job-3&status=fail&format=csv"
