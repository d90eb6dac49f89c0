"""The ``taskledger`` command end to end against the real server: tables, --json, exit codes 0/1/2/3, and the
progress bar on stderr for big imports and exports."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Dict, List, Optional

from conftest import ACME_KEY, package_env
from taskledger import Client
from taskledger.cli import main


class Run:
    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def cli(server, *args: str, key: Optional[str] = ACME_KEY, stdin: Optional[str] = None,  # type: ignore[no-untyped-def]
        url: Optional[str] = None) -> Run:
    """Runs ``taskledger --url ... --key ... ARGS`` in this process (its ``main``), as a script would see it."""
    argv = ["--url", url or server.url] + (["--key", key] if key else []) + list(args)
    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO((stdin or "").encode("utf-8")), encoding="utf-8")
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as e:  # argparse's usage errors
                code = int(e.code or 0)
    finally:
        sys.stdin = saved_stdin
    return Run(code, out.getvalue(), err.getvalue())


def run_process(*args: str, env: Optional[Dict[str, str]] = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "taskledger", *args], capture_output=True, text=True,
                          env=package_env(env), timeout=60)


def rows(text: str) -> List[List[str]]:
    """A table's lines split on runs of two or more spaces (the header first)."""
    return [re.split(r"\s{2,}", line.strip()) for line in text.strip().splitlines()]


def test_tasks_create_list_get_events(server, new_type: str) -> None:  # type: ignore[no-untyped-def]
    first = cli(server, "tasks", "create", new_type, "--payload", '{"to": "ada"}', "--priority", "7", "--tag",
                "team=ops", "--max-attempts", "2")
    assert first.returncode == 0, first.stderr
    task_id = first.stdout.strip()
    for _ in range(2):
        assert cli(server, "tasks", "create", new_type).returncode == 0

    table = cli(server, "tasks", "list", "--type", new_type)
    assert table.returncode == 0
    lines = rows(table.stdout)
    assert lines[0][:3] == ["ID", "TYPE", "STATUS"] and len(lines) == 4
    assert lines[1][:3] == [task_id, new_type, "pending"]  # priority 7 comes first in claim order

    listed = json.loads(cli(server, "--json", "tasks", "list", "--type", new_type).stdout)
    assert [t["id"] for t in listed][0] == task_id and {t["status"] for t in listed} == {"pending"}
    assert len(json.loads(cli(server, "tasks", "list", "--type", new_type, "--limit", "2", "--json").stdout)) == 2
    assert len(json.loads(cli(server, "tasks", "list", "--type", new_type, "--limit", "1", "--all",
                              "--json").stdout)) == 3

    got = cli(server, "tasks", "get", task_id)
    assert got.returncode == 0 and ["status", "pending"] in rows(got.stdout)
    assert ["payload", '{"to":"ada"}'] in rows(got.stdout)
    as_json = json.loads(cli(server, "tasks", "get", task_id, "--json").stdout)
    assert (as_json["tags"], as_json["priority"], as_json["max_attempts"]) == ({"team": "ops"}, 7, 2)

    events = cli(server, "tasks", "events", task_id)
    assert rows(events.stdout)[0] == ["AT", "STATUS", "ACTOR", "STATE", "DETAIL"]
    assert rows(events.stdout)[1][1:3] == ["pending", "API"]
    assert json.loads(cli(server, "tasks", "events", task_id, "--json").stdout)[0]["status"] == "pending"


def test_cancel_retry_and_exit_codes(server, new_type: str) -> None:  # type: ignore[no-untyped-def]
    task_id = cli(server, "tasks", "create", new_type).stdout.strip()
    assert cli(server, "tasks", "cancel", task_id).returncode == 0
    again = cli(server, "tasks", "cancel", task_id)
    assert again.returncode == 1 and task_id in again.stderr  # not ok: already cancelled
    retried = cli(server, "--json", "tasks", "retry", task_id)
    assert retried.returncode == 0 and json.loads(retried.stdout)["done"][0]["status"] == "pending"

    missing = cli(server, "tasks", "get", "01000000-0000-7000-8000-000000000000")
    assert missing.returncode == 1 and "no task" in missing.stderr
    problem = cli(server, "--json", "tasks", "get", "01000000-0000-7000-8000-000000000000")
    assert problem.returncode == 1 and json.loads(problem.stderr)["type"] == "urn:taskledger:problem:not-found"

    assert cli(server, "tasks", "list", "--limit", "0").returncode == 2  # usage: refused by the parser
    assert cli(server, "tasks", "frobnicate").returncode == 2
    bad_status = cli(server, "tasks", "list", "--status", "bogus")
    assert bad_status.returncode == 2 and "400" in bad_status.stderr  # usage: refused by the server
    assert cli(server, "stats", key="wrong-key").returncode == 2



def test_a_real_process_reads_the_environment_and_exits_with_the_codes(server, new_type: str) -> None:  # type: ignore[no-untyped-def]
    env = {"TASKLEDGER_URL": server.url, "TASKLEDGER_API_KEY": ACME_KEY}
    created = run_process("tasks", "create", new_type, env=env)
    assert created.returncode == 0, created.stderr
    got = run_process("tasks", "get", created.stdout.strip(), "--json", env=env)
    assert got.returncode == 0 and json.loads(got.stdout)["type"] == new_type
    assert run_process("tasks", "get", "01000000-0000-7000-8000-000000000000", env=env).returncode == 1
    assert run_process("tasks", "list", "--limit", "x", env=env).returncode == 2
    unreachable = run_process("--url", "http://127.0.0.1:9", "stats")
    assert unreachable.returncode == 3 and "cannot connect" in unreachable.stderr


def test_bulk_retry(server, client: Client, new_type: str) -> None:  # type: ignore[no-untyped-def]
    ids = [t["id"] for t in client.create_batch([{"type": new_type, "max_attempts": 1} for _ in range(3)])]
    for task in client.claim(new_type, limit=3, worker="w"):
        client.fail(task["id"], task["lease_token"], "boom")
    client.create(new_type)  # pending: not matched

    dry = cli(server, "tasks", "bulk-retry", "--type", new_type, "--dry-run")
    assert dry.returncode == 0 and dry.stdout.startswith("3 failed task(s)") and set(ids) <= set(dry.stdout.split())
    done = cli(server, "--json", "tasks", "bulk-retry", "--type", new_type)
    assert done.returncode == 0 and json.loads(done.stdout) == {"matched": 3, "retried": 3, "skipped": {}}
    assert all(client.get(i)["status"] == "pending" for i in ids)
    nothing = cli(server, "tasks", "bulk-retry", "--type", new_type)
    assert nothing.returncode == 0 and nothing.stdout.startswith("retried 0 of 0")


def test_stats(server, client: Client, new_type: str) -> None:  # type: ignore[no-untyped-def]
    client.create(new_type)
    table = cli(server, "stats")
    assert table.returncode == 0
    lines = rows(table.stdout)
    assert lines[0] == ["TYPE", "PENDING", "PROCESSING", "COMPLETED", "FAILED", "CANCELLED", "WAITING"]
    assert [new_type, "1", "0", "0", "0", "0", "0"] in lines
    assert {"type": new_type, "status": "pending", "count": 1} in json.loads(cli(server, "stats", "--json").stdout)[
        "counts"]


def test_waiting_tasks_in_stats_and_lists(server, client: Client, new_type: str) -> None:  # type: ignore[no-untyped-def]
    parent = client.create(new_type)
    child = client.create_from({"type": new_type, "depends_on": [parent["id"]]})
    assert child["status"] == "waiting"
    assert [new_type, "1", "0", "0", "0", "0", "1"] in rows(cli(server, "stats").stdout)
    listed = json.loads(cli(server, "--json", "tasks", "list", "--type", new_type, "--status", "waiting").stdout)
    assert [t["id"] for t in listed] == [child["id"]]
    assert cli(server, "tasks", "cancel", child["id"]).returncode == 0
    assert client.get(child["id"])["status"] == "cancelled"


def test_ledger_record_get_summary(server, new_type: str) -> None:  # type: ignore[no-untyped-def]
    recorded = cli(server, "ledger", "record", new_type, "ark:/1/a", "fail", "--note", "Exception copy")
    assert recorded.returncode == 0 and ["retries", "0"] in rows(recorded.stdout)
    again = json.loads(cli(server, "--json", "ledger", "record", new_type, "ark:/1/a", "ok").stdout)
    assert again["retries"] == 1 and again["status"] == "ok"
    assert cli(server, "ledger", "record", new_type, "x", "bogus").returncode == 2
    assert json.loads(cli(server, "ledger", "get", new_type, "ark:/1/a", "--json").stdout)["status"] == "ok"
    assert cli(server, "ledger", "get", new_type, "nope").returncode == 1
    summary = rows(cli(server, "ledger", "summary", new_type).stdout)
    assert summary[0][:4] == ["NAME", "TOTAL", "OK", "FAIL"] and summary[1][:4] == [new_type, "1", "1", "0"]
    assert json.loads(cli(server, "ledger", "summary", "--json").stdout)
    assert cli(server, "ledger", "summary", new_type + "-none").returncode == 1


def test_big_import_and_export_show_progress_on_stderr(server, tmp_path: Path, new_type: str) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "items.csv"
    with open(source, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["task_name", "task_item", "status", "note"])
        for i in range(6000):
            writer.writerow([new_type, f"ark:/28722/item{i}", "ok" if i % 10 else "fail", f'note, "{i}"\nline 2'])

    imported = cli(server, "ledger", "import", str(source), "--progress")
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == "recorded 6,000 row(s)"
    assert "importing [" in imported.stderr and "6,000/6,000 rows" in imported.stderr
    quiet = cli(server, "ledger", "import", str(source))  # not a terminal: no bar unless asked
    assert quiet.returncode == 0 and quiet.stderr == ""

    out = tmp_path / "export.csv"
    exported = cli(server, "ledger", "export", new_type, "--progress", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    assert "exporting [" in exported.stderr and "6,000/6,000 rows" in exported.stderr
    with open(out, newline="", encoding="utf-8") as f:
        records = list(csv.DictReader(f))
    assert len(records) == 6000 and records[5]["note"] == 'note, "5"\nline 2' and records[5]["retries"] == "1"
    failed = cli(server, "ledger", "export", new_type, "--format", "ndjson", "--status", "fail")
    assert failed.returncode == 0 and failed.stderr == ""
    assert len([json.loads(line) for line in failed.stdout.splitlines()]) == 600


def test_import_reports_which_rows_were_refused(server, tmp_path: Path, new_type: str) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "bad.csv"
    source.write_text(f"task_name,task_item,status\n{new_type},a,ok\n{new_type},b,ok\n{new_type},c,maybe\n"
                      f"{new_type},d,ok\n", encoding="utf-8")
    result = cli(server, "ledger", "import", str(source), "--batch-size", "2")
    assert result.returncode == 2
    assert "rows 3–4 were refused" in result.stderr and "rows 1–2 were recorded" in result.stderr
    assert cli(server, "ledger", "import", str(tmp_path / "absent.csv")).returncode == 2


def test_reconcile(server, client: Client, tmp_path: Path, new_type: str) -> None:  # type: ignore[no-untyped-def]
    client.ledger.record_batch([{"task_name": new_type, "task_item": i, "status": s}
                                for i, s in (("a", "ok"), ("b", "fail"), ("c", "ok"))])
    expected = tmp_path / "expected.txt"
    expected.write_text("a\nb\nc\nd\n\n", encoding="utf-8")
    report = cli(server, "ledger", "reconcile", new_type, "--expected", str(expected))
    assert report.returncode == 1  # not ok: d is missing and b failed
    assert report.stdout.startswith(f"{new_type}: expected 4, ok 2, missing 1, not ok 1")
    assert "  d" in report.stdout.splitlines()
    as_json = json.loads(cli(server, "--json", "ledger", "reconcile", new_type, "--expected", "-",
                             stdin="a\nb\n").stdout)
    assert as_json["missing"] == [] and [e["task_item"] for e in as_json["not_ok"]] == ["b"]
    good = cli(server, "ledger", "reconcile", new_type, "--expected", "-", stdin="a\nc\n")
    assert good.returncode == 0
