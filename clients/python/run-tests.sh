#!/bin/sh
# The Python client's tests, as `mvn verify` runs them (clients/python/pom.xml, phase integration-test, after the
# server jar is built). Uses Debian's /usr/bin/python3 with python3-pytest (TASKLEDGER_TEST_PYTHON overrides).
# Without Python or pytest it prints why and skips; with TASKLEDGER_TEST_REQUIRE_SERVICES=true (CI) that fails.
set -u
cd "$(dirname "$0")"
python="${TASKLEDGER_TEST_PYTHON:-/usr/bin/python3}"

skip() {
  if [ "${TASKLEDGER_TEST_REQUIRE_SERVICES:-false}" = "true" ]; then
    echo "[python client] FAILED: $1 (TASKLEDGER_TEST_REQUIRE_SERVICES=true)" >&2
    exit 1
  fi
  echo "[python client] SKIPPED: $1"
  exit 0
}

[ -x "$python" ] || skip "$python not found, so the Python client's tests did not run (Debian: apt-get install python3 python3-pytest)"
"$python" -c 'import pytest' 2>/dev/null || skip "pytest is not installed for $python, so the Python client's tests did not run (Debian: apt-get install python3-pytest)"

export PYTHONDONTWRITEBYTECODE=1
exec "$python" -m pytest -q -p no:cacheprovider tests
