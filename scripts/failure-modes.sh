#!/usr/bin/env bash
# Measures what a client sees when something Taskledger depends on fails, and whether any task is lost or
# duplicated: the figures of docs/operations.md, "Failure modes".
#
#   mvn -B -q package -DskipTests -pl taskledger-server -am     # builds taskledger-server/target/taskledger-server.jar
#   scripts/failure-modes.sh [db-short] [db-long] [broker] [node-kill] [worker-kill]   # none given: all five
#
# Every scenario runs against PRIVATE instances that this script starts and stops by pid: a PostgreSQL cluster
# (initdb into $FM_DIR/pg, port $FM_PG_PORT, default 55432) and, for `broker`, a RabbitMQ node
# (fm-<pid>@localhost, AMQP port $FM_AMQP_PORT, default 55672). Shared databases and brokers are never touched.
# Run as root, the cluster and the node run as the users `postgres` and `rabbitmq`. Servers listen on
# 127.0.0.1:18611 and 18612. Needs bash, curl, jq, PostgreSQL's initdb/pg_ctl/psql, RabbitMQ (for `broker`)
# and a JDK 21+ (`JAVA_HOME`, else `java` on PATH).
#
#   db-short     PostgreSQL stopped (pg_ctl -m fast) for $DB_SHORT_SECONDS (5) while a client creates tasks
#   db-long      the same for $DB_LONG_SECONDS (60); a worker holds a 30 s lease across it
#   broker       RabbitMQ stopped (stop_app) for $BROKER_DOWN_SECONDS (30) while a client creates tasks
#                ($BROKER_RECONNECT_MAX_MS, when set, becomes the server's TASKLEDGER_AMQP_RECONNECT_MAX_MS)
#   node-kill    two nodes, workers hold leases taken through node A, A is killed with kill -9
#   worker-kill  a worker heartbeating a task is killed with kill -9; another worker long-polls for it
#
# The client retries a 503 or a lost connection with the same Idempotency-Key (backoff 0.25 s doubling to 2 s),
# as docs/api.md asks; each scenario ends by counting the tasks in the database per key. Raw logs stay in
# $FM_DIR/<scenario>/; the summary lines are printed and appended to $FM_DIR/summary.txt.
set -u -o pipefail

for tool in curl jq; do
  command -v "$tool" >/dev/null 2>&1 || { echo "failure-modes: '$tool' is required" >&2; exit 2; }
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="${TASKLEDGER_JAR:-$ROOT/taskledger-server/target/taskledger-server.jar}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
FM_DIR="${FM_DIR:-/tmp/taskledger-failure-modes}"
FM_PG_PORT="${FM_PG_PORT:-55432}"
FM_AMQP_PORT="${FM_AMQP_PORT:-55672}"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
DB_SHORT_SECONDS="${DB_SHORT_SECONDS:-5}"
DB_LONG_SECONDS="${DB_LONG_SECONDS:-60}"
BROKER_DOWN_SECONDS="${BROKER_DOWN_SECONDS:-30}"
PORT_A=18611
PORT_B=18612
RMQ_NODE="fm-$$@localhost"

[ -f "$JAR" ] || { echo "failure-modes: no server jar at $JAR (build it first, see the top of this file)" >&2; exit 2; }
mkdir -p "$FM_DIR"
SUMMARY="$FM_DIR/summary.txt"
NODE_PIDS=()

now_ms() { date +%s%3N; }
say() { echo "$*" | tee -a "$SUMMARY"; }

# --- private PostgreSQL ---------------------------------------------------------------------------------------
as_user() { # as_user <user> <command>: run the command as that user when we are root
  if [ "$(id -u)" = 0 ]; then su "$1" -s /bin/bash -c "$2"; else bash -c "$2"; fi
}
pg_start() {
  if [ ! -d "$FM_DIR/pg" ]; then
    mkdir -p "$FM_DIR/pg" && { [ "$(id -u)" != 0 ] || chown postgres "$FM_DIR" "$FM_DIR/pg"; }
    as_user postgres "'$PG_BIN/initdb' -D '$FM_DIR/pg' -U postgres --auth=trust >'$FM_DIR/initdb.log' 2>&1" \
      || { echo "initdb failed: $FM_DIR/initdb.log" >&2; exit 1; }
  fi
  as_user postgres "'$PG_BIN/pg_ctl' -D '$FM_DIR/pg' -w -l '$FM_DIR/pg.log' \
    -o '-p $FM_PG_PORT -k $FM_DIR -c listen_addresses=127.0.0.1' start >/dev/null"
}
pg_stop() { as_user postgres "'$PG_BIN/pg_ctl' -D '$FM_DIR/pg' -w -m fast stop >/dev/null"; }
pg_running() { [ -f "$FM_DIR/pg/postmaster.pid" ]; }
psql_q() { "$PG_BIN/psql" -X -q -At -h 127.0.0.1 -p "$FM_PG_PORT" -U postgres -d postgres -c "$1"; }
DB_URL="jdbc:postgresql://127.0.0.1:$FM_PG_PORT/postgres?user=postgres"

# --- private RabbitMQ -----------------------------------------------------------------------------------------
rmq() { as_user rabbitmq "rabbitmqctl -q -n $RMQ_NODE $*"; }
rmq_start() {
  mkdir -p "$FM_DIR/rmq"
  printf 'listeners.tcp.local = 127.0.0.1:%s\nloopback_users = none\n' "$FM_AMQP_PORT" >"$FM_DIR/rmq/rabbitmq.conf"
  echo '[].' >"$FM_DIR/rmq/enabled_plugins"
  [ "$(id -u)" != 0 ] || chown -R rabbitmq "$FM_DIR/rmq"
  as_user rabbitmq "cd '$FM_DIR/rmq' && RABBITMQ_NODENAME=$RMQ_NODE RABBITMQ_NODE_PORT=$FM_AMQP_PORT \
    RABBITMQ_DIST_PORT=$((FM_AMQP_PORT + 1)) RABBITMQ_CONFIG_FILE='$FM_DIR/rmq/rabbitmq.conf' \
    RABBITMQ_ENABLED_PLUGINS_FILE='$FM_DIR/rmq/enabled_plugins' RABBITMQ_MNESIA_BASE='$FM_DIR/rmq/mnesia' \
    RABBITMQ_LOG_BASE='$FM_DIR/rmq/log' RABBITMQ_PID_FILE='$FM_DIR/rmq/node.pid' rabbitmq-server -detached" 2>/dev/null
  rmq "wait '$FM_DIR/rmq/node.pid' --timeout 60" >/dev/null
}
rmq_running() { [ -f "$FM_DIR/rmq/node.pid" ] && kill -0 "$(cat "$FM_DIR/rmq/node.pid")" 2>/dev/null; }
# The exchange (as the relay declares it), a durable queue fm-events and a binding task.# — without a bound
# queue RabbitMQ drops the messages, and the count could not be checked.
rmq_declare_queue() {
  rmq "eval 'V = <<\"/\">>, X = rabbit_misc:r(V, exchange, <<\"taskledger\">>),
    rabbit_exchange:declare(X, topic, true, false, false, [], <<\"fm\">>),
    Q = rabbit_misc:r(V, queue, <<\"fm-events\">>), rabbit_amqqueue:declare(Q, true, false, [], none, <<\"fm\">>),
    rabbit_binding:add({binding, X, <<\"task.#\">>, Q, []}, <<\"fm\">>).'" >/dev/null
}
rmq_queue_messages() { rmq "list_queues name messages" | awk '$1 == "fm-events" { print $2 }'; }

# --- Taskledger nodes -----------------------------------------------------------------------------------------
# node_start <port> <schema> [NAME=value ...]: starts a server on the private cluster, prints its pid.
node_start() {
  local port="$1" schema="$2"; shift 2
  env PORT="$port" TASKLEDGER_DB_URL="$DB_URL" TASKLEDGER_DB_SCHEMA="$schema" TASKLEDGER_NODE_ID="fm-$port" "$@" \
    "$JAVA" -jar "$JAR" >>"$FM_DIR/node-$port.log" 2>&1 &
  local pid=$! deadline=$(( $(now_ms) + 90000 ))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/health")" = 200 ]; do
    kill -0 "$pid" 2>/dev/null && [ "$(now_ms)" -lt "$deadline" ] || { echo "node on $port did not start: $FM_DIR/node-$port.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "$pid"
}
# The server runs outside this shell's job table (started in a command substitution): poll for its end.
node_stop() { kill "$1" 2>/dev/null; while kill -0 "$1" 2>/dev/null; do sleep 0.1; done; }

cleanup() {
  local pid
  for pid in "${NODE_PIDS[@]}"; do node_stop "$pid"; done
  jobs -p | while read -r pid; do kill "$pid" 2>/dev/null; done
  pg_running && pg_stop
  rmq_running && rmq "stop" >/dev/null 2>&1
}
trap cleanup EXIT

# --- clients --------------------------------------------------------------------------------------------------
# post <url> <json> [curl args...]: one request; prints "<code> <seconds> <problem type or -> <Retry-After or -> <body>"
post() {
  local url="$1" json="$2"; shift 2
  local body hdr out
  body=$(mktemp) hdr=$(mktemp)
  out=$(curl -s -o "$body" -D "$hdr" -w '%{http_code} %{time_total}' --max-time 30 -X POST "$url" \
    -H 'Content-Type: application/json' "$@" -d "$json")
  local type retry
  type=$(jq -r '.type // "-"' "$body" 2>/dev/null | head -1); [ -n "$type" ] || type=-
  retry=$(awk -F': ' 'tolower($1) == "retry-after" { gsub("\r", "", $2); print $2 }' "$hdr"); [ -n "$retry" ] || retry=-
  echo "$out $type $retry $(tr -d '\n' <"$body")"
  rm -f "$body" "$hdr"
}

# create_loop <out> <type> <seconds> <interval ms> <url> [<failover url>]: creates task <type>-<i> every
# interval for that long, each retried on 503 / no answer with the same Idempotency-Key until answered 2xx
# (on the failover URL from the second attempt, when given). One line per attempt:
# key attempt send_ms end_ms code seconds problem-type retry-after
create_loop() {
  local out="$1" type="$2" seconds="$3" interval="$4" url="$5" failover="${6:-$5}"
  local end=$(( $(now_ms) + seconds * 1000 )) i=0
  while [ "$(now_ms)" -lt "$end" ]; do
    i=$((i + 1))
    local key="$type-$i" attempt=0 backoff=0.25 target="$url" next=$(( $(now_ms) + interval ))
    while :; do
      attempt=$((attempt + 1))
      local t0 r t1
      t0=$(now_ms)
      r=$(post "$target/api/v1/tasks" "{\"type\":\"$type\",\"payload\":{\"key\":\"$key\"}}" -H "Idempotency-Key: $key")
      t1=$(now_ms)
      set -- $r
      echo "$key $attempt $t0 $t1 $1 $2 $3 $4" >>"$out"
      case "$1" in 2??) break ;; esac
      target="$failover"
      sleep "$backoff"; backoff=$(awk -v b="$backoff" 'BEGIN { b *= 2; print (b > 2 ? 2 : b) }')
    done
    local wait=$(( next - $(now_ms) )); [ "$wait" -le 0 ] || sleep "$(awk -v w="$wait" 'BEGIN { print w / 1000 }')"
  done
}

# health_loop <out> <url>: GET /health every 250 ms: send_ms end_ms code seconds detail
health_loop() {
  local out="$1" url="$2"
  while :; do
    local t0 body code t1
    t0=$(now_ms)
    body=$(curl -s -w '\n%{http_code} %{time_total}' --max-time 10 "$url/health")
    t1=$(now_ms)
    echo "$t0 $t1 $(echo "$body" | tail -1) $(echo "$body" | head -n -1 | jq -r '.detail // .database // "-"' 2>/dev/null | tr ' ' '_')" >>"$out"
    sleep 0.25
  done
}

# Creates: how many keys, how many attempts by answer, and the number of tasks per key in the database.
report_creates() {
  local log="$1" schema="$2" type="$3"
  local keys acked
  keys=$(awk '{ print $1 }' "$log" | sort -u | wc -l)
  acked=$(awk '$5 ~ /^2/ { print $1 }' "$log" | sort -u | wc -l)
  say "  creates: $keys keys, $acked answered 2xx; attempts by answer: $(awk '{ print $5 "/" $7 }' "$log" | sort | uniq -c | awk '{ printf "%s×%s ", $2, $1 }')"
  say "  replays (200 to a retry, i.e. an earlier attempt of the key had committed): $(awk '$5 == 200' "$log" | wc -l)"
  say "  Retry-After headers seen: $(awk '$8 != "-"' "$log" | wc -l)"
  local rows distinct
  rows=$(psql_q "select count(*) from $schema.tasks where type = '$type'")
  distinct=$(psql_q "select count(distinct payload->>'key') from $schema.tasks where type = '$type'")
  say "  database: $rows tasks for $distinct distinct keys (lost: $((acked - distinct < 0 ? 0 : acked - distinct)), duplicated: $((rows - distinct)))"
}

# --- scenarios ------------------------------------------------------------------------------------------------
fresh_dir() { rm -rf "$1"; mkdir -p "$1"; }
scenario_db() { # scenario_db <name> <seconds down>
  local name="$1" down="$2" dir="$FM_DIR/$1" schema="fm_$1_$(date +%s)"
  schema="${schema//-/_}"
  fresh_dir "$dir"; pg_running || pg_start
  local pid; pid=$(node_start "$PORT_A" "$schema"); NODE_PIDS+=("$pid")
  local url="http://127.0.0.1:$PORT_A"
  # a worker holding a 30 s lease across the outage
  post "$url/api/v1/tasks" '{"type":"fm.lease","lease_seconds":30}' >/dev/null
  local claim token id
  claim=$(curl -s -X POST "$url/api/v1/tasks/claim" -H 'Content-Type: application/json' -d '{"types":["fm.lease"],"worker":"fm-holder","limit":1}')
  id=$(echo "$claim" | jq -r '.tasks[0].id'); token=$(echo "$claim" | jq -r '.tasks[0].lease_token')

  health_loop "$dir/health.log" "$url" & local hpid=$!
  create_loop "$dir/creates.log" "fm.$name" $((down + 25)) 200 "$url" & local cpid=$!
  sleep 5
  local t_stop t_down t_up
  t_stop=$(now_ms); pg_stop; t_down=$(now_ms)
  sleep "$down"
  pg_start; t_up=$(now_ms)
  # the lease holder reports its completion, retrying while the answer is 503
  local r t_done
  while :; do
    r=$(post "$url/api/v1/tasks/$id/complete" "{\"lease_token\":\"$token\",\"result\":{\"ok\":true}}")
    case "$r" in 503*|000*) sleep 0.25 ;; *) break ;; esac
  done
  t_done=$(now_ms)
  wait "$cpid"; kill "$hpid"; wait "$hpid" 2>/dev/null

  say "== $name: PostgreSQL stopped for $(( (t_up - t_stop) / 1000 )) s (pg_ctl stop -m fast took $((t_down - t_stop)) ms)"
  say "  during the outage, create answers: $(awk -v a="$t_stop" -v b="$t_up" '$3 >= a && $3 < b { print $5 "/" $7 }' "$dir/creates.log" | sort | uniq -c | awk '{ printf "%s×%s ", $2, $1 }')"
  say "  their answer times (s): $(awk -v a="$t_stop" -v b="$t_up" '$3 >= a && $3 < b && $5 !~ /^2/ { print $6 }' "$dir/creates.log" | sort -n | awk '{ v[NR] = $1 } END { if (NR) printf "min %s, median %s, max %s", v[1], v[int((NR + 1) / 2)], v[NR]; else printf "none" }')"
  say "  /health during the outage: $(awk -v a="$t_down" -v b="$t_up" '$1 >= a && $1 < b { print $3 "/" $5 }' "$dir/health.log" | sort | uniq -c | awk '{ printf "%s×%s ", $2, $1 }'); slowest answer $(awk -v a="$t_down" -v b="$t_up" '$1 >= a && $1 < b { print $4 }' "$dir/health.log" | sort -n | tail -1) s"
  say "  first /health 200 after PostgreSQL was back: $(awk -v u="$t_up" '$1 >= u && $3 == 200 { print $2 - u; exit }' "$dir/health.log") ms; first 2xx create: $(awk -v u="$t_up" '$3 >= u && $5 ~ /^2/ { print $4 - u; exit }' "$dir/creates.log") ms; /health not 200 afterwards: $(awk -v u="$t_up" '$1 >= u + 3000 && $3 != 200' "$dir/health.log" | wc -l)"
  say "  the 30 s lease claimed before the outage: completion after the outage answered $(echo "$r" | awk '{ print $1 "/" $3 }') $((t_done - t_up)) ms after PostgreSQL was back"
  say "  task $id: $(psql_q "select status || ', retry_count ' || retry_count from $schema.tasks where id = '$id'"); events: $(psql_q "select string_agg(status, ' ' order by created_at) from $schema.task_events where task_id = '$id'")"
  report_creates "$dir/creates.log" "$schema" "fm.$name"
  node_stop "$pid"
}

scenario_broker() {
  local dir="$FM_DIR/broker" schema="fm_broker_$(date +%s)" down="$BROKER_DOWN_SECONDS"
  fresh_dir "$dir"; pg_running || pg_start
  rmq_running || rmq_start
  rmq_declare_queue
  local pid; pid=$(node_start "$PORT_A" "$schema" TASKLEDGER_AMQP_URL="amqp://guest:guest@127.0.0.1:$FM_AMQP_PORT/%2F" \
    ${BROKER_RECONNECT_MAX_MS:+TASKLEDGER_AMQP_RECONNECT_MAX_MS=$BROKER_RECONNECT_MAX_MS}); NODE_PIDS+=("$pid")
  local url="http://127.0.0.1:$PORT_A"
  health_loop "$dir/health.log" "$url" & local hpid=$!
  # outbox backlog, sampled from the database every 200 ms: ms unsent oldest-unsent-age-s
  ( while :; do echo "$(now_ms) $(psql_q "select count(*) || ' ' || coalesce(round(extract(epoch from now() - min(created_at))::numeric, 1), 0) from $schema.outbox where sent_at is null")"; sleep 0.2; done ) >>"$dir/outbox.log" 2>/dev/null & local opid=$!
  create_loop "$dir/creates.log" fm.broker $((down + 15)) 100 "$url" & local cpid=$!
  sleep 5
  local t_stop t_down t_up
  t_stop=$(now_ms); rmq "stop_app" >/dev/null; t_down=$(now_ms)
  sleep "$down"
  rmq "start_app" >/dev/null; t_up=$(now_ms)
  wait "$cpid"
  local deadline=$(( $(now_ms) + 120000 ))
  while [ "$(psql_q "select count(*) from $schema.outbox where sent_at is null")" != 0 ] && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.2; done
  sleep 1; kill "$opid" "$hpid"; wait "$opid" "$hpid" 2>/dev/null

  say "== broker: RabbitMQ stopped (rabbitmqctl stop_app, which took $((t_down - t_stop)) ms) for $(( (t_up - t_down) / 1000 )) s${BROKER_RECONNECT_MAX_MS:+, TASKLEDGER_AMQP_RECONNECT_MAX_MS=$BROKER_RECONNECT_MAX_MS}"
  say "  creates while it was down: $(awk -v a="$t_stop" -v b="$t_up" '$3 >= a && $3 < b { print $5 }' "$dir/creates.log" | sort | uniq -c | awk '{ printf "%s×%s ", $2, $1 }'); answer time max $(awk -v a="$t_stop" -v b="$t_up" '$3 >= a && $3 < b { print $6 }' "$dir/creates.log" | sort -n | tail -1) s (before: max $(awk -v a="$t_stop" '$3 < a { print $6 }' "$dir/creates.log" | sort -n | tail -1) s)"
  say "  /health while it was down: $(awk -v a="$t_stop" -v b="$t_up" '$1 >= a && $1 < b { print $3 }' "$dir/health.log" | sort | uniq -c | awk '{ printf "%s×%s ", $2, $1 }')"
  say "  outbox backlog: at most $(awk '{ print $2 }' "$dir/outbox.log" | sort -n | tail -1) unsent, oldest $(awk '{ print $3 }' "$dir/outbox.log" | sort -n | tail -1) s"
  say "  backlog empty $(awk -v u="$t_up" '$1 >= u && $2 == 0 { print $1 - u; exit }' "$dir/outbox.log") ms after RabbitMQ was back (sampled every 200 ms; while the client was still creating)"
  local events msgs
  events=$(psql_q "select count(*) from $schema.task_events")
  msgs=$(rmq_queue_messages)
  say "  $events task events, $(psql_q "select count(*) from $schema.outbox") outbox rows, $msgs messages in the bound queue (duplicates: $((msgs - events)))"
  report_creates "$dir/creates.log" "$schema" fm.broker
  node_stop "$pid"
  rmq "stop" >/dev/null 2>&1
}

scenario_node_kill() {
  local dir="$FM_DIR/node-kill" schema="fm_node_$(date +%s)" lease=15
  fresh_dir "$dir"; pg_running || pg_start
  local pa pb; pa=$(node_start "$PORT_A" "$schema"); NODE_PIDS+=("$pa"); pb=$(node_start "$PORT_B" "$schema"); NODE_PIDS+=("$pb")
  local a="http://127.0.0.1:$PORT_A" b="http://127.0.0.1:$PORT_B" i
  for i in $(seq 1 20); do post "$a/api/v1/tasks" "{\"type\":\"fm.node\",\"lease_seconds\":$lease,\"payload\":{\"n\":$i}}" >/dev/null; done
  curl -s -X POST "$a/api/v1/tasks/claim" -H 'Content-Type: application/json' -d '{"types":["fm.node"],"worker":"fm-alive","limit":10}' >"$dir/alive.json"
  curl -s -X POST "$a/api/v1/tasks/claim" -H 'Content-Type: application/json' -d '{"types":["fm.node"],"worker":"fm-gone","limit":10}' >"$dir/gone.json"
  create_loop "$dir/creates.log" fm.nodecreate 6 50 "$a" "$b" & local cpid=$!
  sleep 2
  local t_kill; t_kill=$(now_ms); kill -9 "$pa"
  # the worker that is still alive reports through node B, with the tokens node A handed out
  jq -r '.tasks[] | "\(.id) \(.lease_token)"' "$dir/alive.json" | while read -r id token; do
    post "$b/api/v1/tasks/$id/complete" "{\"lease_token\":\"$token\",\"result\":{\"ok\":true}}" | awk '{ print $1 }'
  done >"$dir/alive-complete.log"
  # the other worker went away with node A: a new worker long-polls node B for its tasks
  local got=0 deadline=$(( t_kill + 90000 ))
  while [ "$got" -lt 10 ] && [ "$(now_ms)" -lt "$deadline" ]; do
    local c t; c=$(curl -s -X POST "$b/api/v1/tasks/claim" -H 'Content-Type: application/json' -d '{"types":["fm.node"],"worker":"fm-new","limit":10,"wait_seconds":30}'); t=$(now_ms)
    echo "$c" | jq -r --arg t "$t" '.tasks[] | "\(.id) \(.lease_token) \($t)"' >>"$dir/reclaimed.log"
    got=$(wc -l <"$dir/reclaimed.log")
  done
  while read -r id token t; do post "$b/api/v1/tasks/$id/complete" "{\"lease_token\":\"$token\",\"result\":{\"ok\":true}}" >/dev/null; done <"$dir/reclaimed.log"
  wait "$cpid"
  say "== node-kill: node A killed with kill -9 while two workers held 10 tasks each (lease $lease s) taken through it"
  say "  the live worker's completions through node B with node A's tokens: $(sort "$dir/alive-complete.log" | uniq -c | awk '{ printf "%s×%s ", $2, $1 }')"
  local expiry_ms
  expiry_ms=$(date -d "$(jq -r '[.tasks[].lease_expires_at] | max' "$dir/gone.json")" +%s%3N)
  say "  the gone worker's 10 tasks claimed again through node B: $(wc -l <"$dir/reclaimed.log") tasks, $(awk -v k="$t_kill" '{ print $3 - k }' "$dir/reclaimed.log" | sort -n | sed -n '1p;$p' | tr '\n' ' ' | awk '{ printf "%.1f–%.1f s", $1 / 1000, $2 / 1000 }') after the kill, $(awk -v e="$expiry_ms" '{ print $3 - e }' "$dir/reclaimed.log" | sort -n | sed -n '1p;$p' | tr '\n' ' ' | awk '{ printf "%d–%d ms", $1, $2 }') after their leases expired"
  say "  creates with no answer (000) from node A: $(awk '$5 == "000" && $6 > 0.001' "$dir/creates.log" | wc -l) cut mid-request by the kill, $(awk '$5 == "000" && $6 <= 0.001' "$dir/creates.log" | wc -l) refused at once afterwards; each retried on node B with its key"
  say "  database: $(psql_q "select string_agg(status || ' ' || n, ', ') from (select status, count(*) n from $schema.tasks where type = 'fm.node' group by status) s"); completed events per task: $(psql_q "select string_agg(distinct n::text, ',') from (select count(*) n from $schema.task_events e join $schema.tasks t on t.id = e.task_id where t.type = 'fm.node' and e.status = 'COMPLETED' group by e.task_id) s")"
  report_creates "$dir/creates.log" "$schema" fm.nodecreate
  node_stop "$pb"
}

scenario_worker_kill() {
  local dir="$FM_DIR/worker-kill" schema="fm_worker_$(date +%s)" lease=10 run
  fresh_dir "$dir"; pg_running || pg_start
  local pid; pid=$(node_start "$PORT_A" "$schema"); NODE_PIDS+=("$pid")
  local url="http://127.0.0.1:$PORT_A"
  say "== worker-kill: a worker heartbeating every 3 s (lease $lease s) killed with kill -9 about 7 s after its claim"
  for run in 1 2 3; do
    post "$url/api/v1/tasks" "{\"type\":\"fm.worker$run\",\"lease_seconds\":$lease}" >/dev/null
    rm -f "$dir/claim$run.json" "$dir/beat$run"
    ( c=$(curl -s -X POST "$url/api/v1/tasks/claim" -H 'Content-Type: application/json' -d "{\"types\":[\"fm.worker$run\"],\"worker\":\"fm-doomed\",\"limit\":1}")
      echo "$c" >"$dir/claim$run.json"; now_ms >"$dir/beat$run"
      id=$(echo "$c" | jq -r '.tasks[0].id'); token=$(echo "$c" | jq -r '.tasks[0].lease_token')
      while :; do
        sleep 3; t=$(now_ms)
        [ "$(post "$url/api/v1/tasks/$id/heartbeat" "{\"lease_token\":\"$token\"}" | awk '{ print $1 }')" = 200 ] && echo "$t" >"$dir/beat$run"
      done ) & local wpid=$!
    until [ -s "$dir/claim$run.json" ]; do sleep 0.05; done
    # the other worker long-polls for the same type
    ( while :; do
        c=$(curl -s -X POST "$url/api/v1/tasks/claim" -H 'Content-Type: application/json' -d "{\"types\":[\"fm.worker$run\"],\"worker\":\"fm-survivor\",\"limit\":1,\"wait_seconds\":30}")
        [ "$(echo "$c" | jq '.tasks | length')" = 1 ] && { echo "$(now_ms) $c" >"$dir/survivor$run"; break; }
      done ) & local spid=$!
    sleep 7
    local t_kill; t_kill=$(now_ms); kill -9 "$wpid"; wait "$wpid" 2>/dev/null
    wait "$spid"
    local t_got last id token
    t_got=$(awk '{ print $1 }' "$dir/survivor$run"); last=$(cat "$dir/beat$run")
    id=$(jq -r '.tasks[0].id' "$dir/claim$run.json"); token=$(jq -r '.tasks[0].lease_token' "$dir/claim$run.json")
    say "  run $run: the other worker got the task $(( t_got - t_kill )) ms after the kill, $(( t_got - last )) ms after the last heartbeat was sent; the killed worker's token now answers $(post "$url/api/v1/tasks/$id/complete" "{\"lease_token\":\"$token\"}" | awk '{ print $1 "/" $3 }'); events: $(psql_q "select string_agg(status || coalesce('(' || (detail::jsonb->>'reason') || ')', ''), ' ' order by created_at) from $schema.task_events where task_id = '$id'")"
  done
  node_stop "$pid"
}

scenarios=("$@"); [ ${#scenarios[@]} -gt 0 ] || scenarios=(db-short db-long broker node-kill worker-kill)
say "# failure-modes $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), PostgreSQL $("$PG_BIN/postgres" --version | awk '{ print $3 }')"
for s in "${scenarios[@]}"; do
  case "$s" in
    db-short) scenario_db db-short "$DB_SHORT_SECONDS" ;;
    db-long) scenario_db db-long "$DB_LONG_SECONDS" ;;
    broker) scenario_broker ;;
    node-kill) scenario_node_kill ;;
    worker-kill) scenario_worker_kill ;;
    *) echo "failure-modes: unknown scenario '$s'" >&2; exit 2 ;;
  esac
done
