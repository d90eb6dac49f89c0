#!/usr/bin/env bash
# Replays seed 000's four curl scripts (addfail.sh, add.sh, get.sh, del.sh, then get.sh again) against a
# running Taskledger and checks every field of every reply with jq.
#
#   TASKLEDGER_URL=http://127.0.0.1:8503 scripts/seed000-replay.sh
#
# The commands are the seed's, flag for flag (-F on GET and DELETE too, piped through jq); only the seed's
# http://localhost:38001 becomes ${TASKLEDGER_URL} (path /mrtreplic/task kept), and the item gets a per-run
# suffix so runs never see each other's entry. When the server requires an API key, set TASKLEDGER_API_KEY
# (sent as X-API-Key; the seed's scripts themselves send none). Prints PASS/FAIL per check; exits 1 on any
# failure, 2 when bash/curl/jq are missing.
set -u -o pipefail

for tool in curl jq; do
  command -v "$tool" >/dev/null 2>&1 || { echo "seed000-replay: '$tool' is required but not installed" >&2; exit 2; }
done

BASE="${TASKLEDGER_URL:-http://127.0.0.1:8503}"
BASE="${BASE%/}"
URL="$BASE/mrtreplic/task"
ITEM="ark:/28722/bk0003d9n5m.$(date +%s).$$.$RANDOM"
AUTH=()
if [ -n "${TASKLEDGER_API_KEY:-}" ]; then AUTH=(-H "X-API-Key: ${TASKLEDGER_API_KEY}"); fi

failures=0
checks=0

# check <label> <json> <jq boolean expression> [jq --arg name value ...]
check() {
  local label="$1" json="$2" expr="$3"; shift 3
  checks=$((checks + 1))
  if [ -n "$json" ] && printf '%s' "$json" | jq -e "$@" "$expr" >/dev/null 2>&1; then
    echo "PASS  $label"
  else
    echo "FAIL  $label"
    failures=$((failures + 1))
  fi
}

# The seed's reply shape: a flat object, every value a string, exactly these keys (note only when set).
check_shape() {
  local step="$1" json="$2" with_note="$3"
  check "$step: reply is a JSON object" "$json" 'type == "object"'
  check "$step: every value is a string" "$json" '[.[] | type] | all(. == "string")'
  if [ "$with_note" = yes ]; then
    check "$step: keys are task_name, retries, note, created, current_status, id, updated, task_item" "$json" \
      'keys == ["created","current_status","id","note","retries","task_item","task_name","updated"]'
  else
    check "$step: keys are task_name, retries, created, current_status, id, updated, task_item (no note)" "$json" \
      'keys == ["created","current_status","id","retries","task_item","task_name","updated"]'
  fi
  check "$step: task_name is changeToken" "$json" '.task_name == "changeToken"'
  check "$step: task_item is the item sent" "$json" '.task_item == $item' --arg item "$ITEM"
  check "$step: id is a positive integer in a string" "$json" '.id | test("^[1-9][0-9]*$")'
  check "$step: created is yyyy-MM-dd HH:mm:ss" "$json" '.created | test("^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$")'
  check "$step: updated is yyyy-MM-dd HH:mm:ss" "$json" '.updated | test("^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$")'
  check "$step: updated >= created" "$json" '.updated >= .created'
}

echo "seed000-replay: $URL, item $ITEM"

# addfail.sh
addfail=$(curl -s -X POST  -F "name=changeToken"  -F "item=$ITEM"  -F "status=fail" -F "note=Exception copy"   "${AUTH[@]}" "$URL" | jq)
echo "$addfail"
check_shape "addfail" "$addfail" yes
check "addfail: retries is \"0\"" "$addfail" '.retries == "0"'
check "addfail: current_status is fail" "$addfail" '.current_status == "fail"'
check "addfail: note is \"Exception copy\"" "$addfail" '.note == "Exception copy"'
check "addfail: updated == created (first attempt)" "$addfail" '.updated == .created'
id=$(printf '%s' "$addfail" | jq -r '.id // empty' 2>/dev/null)
created=$(printf '%s' "$addfail" | jq -r '.created // empty' 2>/dev/null)
first_updated=$(printf '%s' "$addfail" | jq -r '.updated // empty' 2>/dev/null)

sleep 1 # the seed's second attempt came later; whole-second timestamps can then show it

# add.sh
add=$(curl -s -X POST  -F "name=changeToken"  -F "item=$ITEM"  -F "status=ok"   "${AUTH[@]}" "$URL" |jq)
echo "$add"
check_shape "add" "$add" no
check "add: retries is \"1\"" "$add" '.retries == "1"'
check "add: current_status is ok" "$add" '.current_status == "ok"'
check "add: note is gone (absent, not empty)" "$add" 'has("note") | not'
check "add: same id as addfail" "$add" '.id == $id' --arg id "$id"
check "add: same created as addfail" "$add" '.created == $created' --arg created "$created"
check "add: updated moved on (> first updated)" "$add" '.updated > $u' --arg u "$first_updated"

# get.sh
get=$(curl -s -X GET  -F "name=changeToken"  -F "item=$ITEM"  -F "status=ok"   "${AUTH[@]}" "$URL" | jq)
echo "$get"
check_shape "get" "$get" no
check "get: equals the add reply" "$get" '. == $add' --argjson add "${add:-null}"

# del.sh
del=$(curl -s -X DELETE  -F "name=changeToken"  -F "item=$ITEM"  -F "status=ok"   "${AUTH[@]}" "$URL" | jq)
echo "$del"
check_shape "del" "$del" no
check "del: answers the entry as it was (equals the get reply)" "$del" '. == $get' --argjson get "${get:-null}"

# get.sh after del.sh
gone=$(curl -s -X GET  -F "name=changeToken"  -F "item=$ITEM"  -F "status=ok"   "${AUTH[@]}" "$URL" | jq)
echo "$gone"
check "get after del: reply is {}" "$gone" '. == {}'

echo "seed000-replay: $((checks - failures))/$checks checks passed"
[ "$failures" -eq 0 ]
