"""A real Taskledger server for the tests: the built jar, on a temporary SQLite file (and, when
TASKLEDGER_TEST_POSTGRES_URL is set, on a fresh PostgreSQL schema), listening on a free port.

The jar is ``taskledger-server/target/taskledger-server.jar`` (``mvn -B -o -q -DskipTests package -pl
taskledger-server -am``). Java comes from ``TASKLEDGER_JAVA``, ``JAVA_HOME`` or the PATH (21+). Without the jar,
or without PostgreSQL, the tests skip with the reason; ``TASKLEDGER_TEST_REQUIRE_SERVICES=true`` makes that a
failure. Leases are rescued every 100 ms so lease-expiry tests stay quick.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import pytest

HERE = Path(__file__).resolve().parent
PACKAGE_ROOT = HERE.parent
REPO = PACKAGE_ROOT.parent.parent
JAR = REPO / "taskledger-server" / "target" / "taskledger-server.jar"
REQUIRE = os.environ.get("TASKLEDGER_TEST_REQUIRE_SERVICES", "").lower() == "true"
POSTGRES_URL = os.environ.get("TASKLEDGER_TEST_POSTGRES_URL")

sys.path.insert(0, str(PACKAGE_ROOT))  # the package from this checkout, not an installed copy

ACME_KEY = "acme-key"
GLOBEX_KEY = "globex-key"
ADMIN_KEY = "admin-key"


def skip_or_fail(reason: str) -> None:
    if REQUIRE:
        pytest.fail(reason + " (TASKLEDGER_TEST_REQUIRE_SERVICES=true)", pytrace=False)
    pytest.skip(reason)


def java() -> str:
    explicit = os.environ.get("TASKLEDGER_JAVA")
    if explicit:
        return explicit
    home = os.environ.get("JAVA_HOME")
    if home and Path(home, "bin", "java").exists():
        return str(Path(home, "bin", "java"))
    return shutil.which("java") or "java"


def java_major(path: str) -> int:
    """The major version of the java at ``path`` (0 when it does not run)."""
    try:
        out = subprocess.run([path, "-version"], capture_output=True, text=True, timeout=30).stderr
    except OSError:
        return 0
    m = re.search(r'version "(\d+)', out)
    return int(m.group(1)) if m else 0


class Server:
    """One server process; ``url`` is where it listens."""

    def __init__(self, backend: str, db_url: str, schema: Optional[str], workdir: Path) -> None:
        self.backend = backend
        self.schema = schema
        self.log_path = workdir / f"server-{backend}.log"
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TZ", "JAVA_HOME")}
        env.update({
            "TASKLEDGER_DB_URL": db_url,
            "HOST": "127.0.0.1",
            "PORT": "0",
            "TASKLEDGER_API_KEYS": f"acme={ACME_KEY},globex={GLOBEX_KEY}",
            "TASKLEDGER_ADMIN_KEY": ADMIN_KEY,
            "TASKLEDGER_LEASE_CHECK_MS": "100",
            "TASKLEDGER_POLL_MS": "100",
        })
        if schema:
            env["TASKLEDGER_DB_SCHEMA"] = schema
        self._log = open(self.log_path, "w", encoding="utf-8")
        self.process = subprocess.Popen([java(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-jar", str(JAR)],
                                        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, text=True)
        lines: "queue.Queue[Optional[str]]" = queue.Queue()
        threading.Thread(target=self._pump, args=(lines,), daemon=True).start()
        self.url = self._await_listening(lines)

    def _pump(self, lines: "queue.Queue[Optional[str]]") -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._log.write(line)
            self._log.flush()
            lines.put(line)
        lines.put(None)

    def _await_listening(self, lines: "queue.Queue[Optional[str]]") -> str:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            if line is None:
                break
            m = re.search(r"listening on (http://[^ ]+:\d+)", line)
            if m:
                return m.group(1)
        self.stop()
        pytest.fail(f"the {self.backend} server did not start; its output:\n"
                    + self.log_path.read_text(encoding="utf-8")[-4000:], pytrace=False)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


def _drop_postgres_schema(jdbc_url: str, schema: str) -> None:
    """Drops the test's schema with psql when it is installed (the server made it; Python has no driver)."""
    psql = shutil.which("psql")
    if not psql:
        sys.stderr.write(f"psql not found: schema {schema} is left in the test database\n")
        return
    parts = urllib.parse.urlsplit(jdbc_url[len("jdbc:"):])
    subprocess.run([psql, urllib.parse.urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, "")),
                    "-q", "-c", f"DROP SCHEMA IF EXISTS {schema} CASCADE"],
                   check=False, capture_output=True, timeout=30)


def _backends() -> List[str]:
    return ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="taskledger-pytest-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session", params=_backends())
def server(request: pytest.FixtureRequest, workdir: Path) -> Iterator[Server]:
    """The server on each backend; the PostgreSQL one only when TASKLEDGER_TEST_POSTGRES_URL is set."""
    if not JAR.exists():
        skip_or_fail(f"{JAR} is not built (mvn -B -o -q -DskipTests package -pl taskledger-server -am)")
    if java_major(java()) < 21:
        skip_or_fail(f"{java()} is not Java 21+, which the server needs (set JAVA_HOME or TASKLEDGER_JAVA)")
    backend = request.param
    schema = None
    if backend == "sqlite":
        db_url = str(workdir / "taskledger.db")
    else:
        if not POSTGRES_URL:
            skip_or_fail("TASKLEDGER_TEST_POSTGRES_URL is not set, so the Python tests do not run against PostgreSQL")
        assert POSTGRES_URL is not None
        db_url = POSTGRES_URL
        schema = "pytest_" + uuid.uuid4().hex[:12]
    srv = Server(backend, db_url, schema, workdir)
    yield srv
    srv.stop()
    if schema and POSTGRES_URL:
        _drop_postgres_schema(POSTGRES_URL, schema)


@pytest.fixture
def client(server: Server):  # type: ignore[no-untyped-def]
    from taskledger import Client

    c = Client(server.url, api_key=ACME_KEY, timeout=15)
    yield c
    c.close()


@pytest.fixture
def new_type() -> str:
    """A task type (and ledger name) no other test uses, so tests can share one server."""
    return "t-" + uuid.uuid4().hex[:10]


def package_env(extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    """The environment for a subprocess that imports this checkout's package."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(PACKAGE_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    for name in ("TASKLEDGER_URL", "TASKLEDGER_API_KEY", "TASK_REPO_URL", "API_KEY", "HOST", "PORT"):
        env.pop(name, None)
    env.update(extra or {})
    return env


def wait_until(condition, timeout: float = 10.0, interval: float = 0.05, message: str = "condition"):  # type: ignore[no-untyped-def]
    """Polls ``condition`` until it returns a true value (which is returned), failing after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{message} did not happen within {timeout} s")
        time.sleep(interval)


# On PostgreSQL only the tests whose outcome depends on the store run again (the client calls, the ledger, seed
# 001's module, the worker); the CLI and the asyncio wrappers add client-side behaviour only, proven on SQLite.
BACKEND_INDEPENDENT = {"test_cli.py", "test_async_client.py"}


def pytest_collection_modifyitems(config, items) -> None:  # type: ignore[no-untyped-def]
    items[:] = [item for item in items
                if not (Path(str(item.fspath)).name in BACKEND_INDEPENDENT
                        and getattr(item, "callspec", None) is not None
                        and item.callspec.params.get("server") == "postgresql")]


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    """One line per distinct skip reason (a backend's reason would otherwise repeat for every test)."""
    reasons: Dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = report.longrepr
        reason = str(longrepr[2]) if isinstance(longrepr, tuple) else str(longrepr)
        reasons[reason] = reasons.get(reason, 0) + 1
    for reason, count in sorted(reasons.items()):
        terminalreporter.write_line(f"skipped {count} test(s): {reason}")
