#!/usr/bin/env bash
# A nightly schedule, as a deploy script sets it up: creates (or, when run again, replaces) the schedule
# "nightly-report" that creates a "report" task every night at 02:30 Berlin time, then prints its next three
# fire times. Safe to run any number of times: PUT by name is an upsert.
#
#   TASKLEDGER_URL=http://127.0.0.1:8503 scripts/nightly-schedule.sh
#
# Set TASKLEDGER_API_KEY when the server requires a key. Exits 1 when the server refuses, 2 when curl/jq are missing.
set -eu -o pipefail

for tool in curl jq; do
  command -v "$tool" >/dev/null 2>&1 || { echo "nightly-schedule: '$tool' is required but not installed" >&2; exit 2; }
done

BASE="${TASKLEDGER_URL:-http://127.0.0.1:8503}"
BASE="${BASE%/}"
NAME="${SCHEDULE_NAME:-nightly-report}"
AUTH=()
if [ -n "${TASKLEDGER_API_KEY:-}" ]; then AUTH=(-H "X-API-Key: ${TASKLEDGER_API_KEY}"); fi

schedule=$(curl -sS --fail-with-body -X PUT "$BASE/api/v1/schedules/$NAME" "${AUTH[@]}" \
  -H 'Content-Type: application/json' -d '{
    "cron": "30 2 * * *",
    "time_zone": "Europe/Berlin",
    "misfire": "fire_once",
    "overlap": "skip_if_running",
    "task": {"type": "report", "payload": {"kind": "nightly"}, "max_attempts": 5, "lease_seconds": 3600}
  }') || { echo "nightly-schedule: the server refused: $schedule" >&2; exit 1; }

id=$(jq -r .id <<<"$schedule")
echo "schedule $NAME ($id), version $(jq -r .version <<<"$schedule"), next fire $(jq -r .next_fire_at <<<"$schedule")"
curl -sS --fail-with-body "$BASE/api/v1/schedules/$id/next?count=3" "${AUTH[@]}" | jq -r '.fire_times[]'
