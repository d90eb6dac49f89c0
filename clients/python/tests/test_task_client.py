"""Seed 001's client functions: its README's own example, unchanged but for the import line, and the module's
configuration and lease handling."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from urllib.parse import urlsplit

from conftest import ACME_KEY, HERE, package_env, wait_until
from taskledger import Client, task_client

SEED_EXAMPLE = HERE / "seed001_readme_example.py.txt"  # copied verbatim from seed 001's README

RUNNER = """
import asyncio, json, sys, textwrap
code = sys.stdin.read()
# the README's snippet awaits at top level, as in a notebook: run it as the body of a coroutine
source = "async def seed001_example():\\n" + textwrap.indent(code, "    ") + "\\n    return dict(locals())\\n"
namespace = {}
exec(compile(source, "seed001_readme_example", "exec"), namespace)
print(json.dumps(asyncio.run(namespace["seed001_example"]()), default=repr))
"""


def migrated_example() -> str:
    original = SEED_EXAMPLE.read_text(encoding="utf-8")
    migrated = original.replace("from database_layer.common.task_client import (",
                                "from taskledger.task_client import (")
    changed = [(a, b) for a, b in zip(original.splitlines(), migrated.splitlines()) if a != b]
    assert changed == [("from database_layer.common.task_client import (", "from taskledger.task_client import (")]
    return migrated


def test_seed_001_readme_example_runs_with_one_changed_import(server, client: Client) -> None:  # type: ignore[no-untyped-def]
    out = subprocess.run([sys.executable, "-c", RUNNER], input=migrated_example(), capture_output=True, text=True,
                         env=package_env({"TASK_REPO_URL": server.url, "API_KEY": ACME_KEY}), timeout=60)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    task_id = result["task_id"]
    assert task_id in [t["id"] for t in result["tasks"]]  # pending before the claim
    assert result["task"]["id"] == task_id and result["task"]["status"] == "processing"
    assert result["success"] is False  # the example fails a task it had completed: the server refuses

    task = client.get(task_id)
    assert task["status"] == "completed" and task["type"] == "GENERATIVE"
    assert task["payload"]["request"]["metadata"] == {"user_id": "user123"}
    assert task["payload"]["template"]["parameters"] == {"model": "gpt-4", "max_tokens": 1024}
    assert task["tags"] == {"service": "generative-service", "source": "agent-api"}
    assert client.result(task_id)["result"] == {"generated_text": "This is the generated response",
                                                "metadata": {"tokens_used": 150}}


def test_host_and_port_configure_the_module(server, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    port = urlsplit(server.url).port
    monkeypatch.delenv("TASK_REPO_URL", raising=False)
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("PORT", str(port))
    assert task_client.url_from_env() == f"http://127.0.0.1:{port}"
    monkeypatch.setenv("API_KEY", ACME_KEY)
    task_client.configure()
    task_id = asyncio.run(task_client.create_task({"task_type": "seed001-host-port", "request": {}}))
    pending = asyncio.run(task_client.get_pending_tasks(task_type="seed001-host-port", limit=1))
    assert [t["id"] for t in pending] == [task_id]
    monkeypatch.setenv("TASK_REPO_URL", "http://repo.example:9000")
    assert task_client.url_from_env() == "http://repo.example:9000"
    monkeypatch.delenv("TASK_REPO_URL")
    monkeypatch.delenv("HOST")
    monkeypatch.delenv("PORT")
    assert task_client.url_from_env() == "http://127.0.0.1:8503"


def test_reports_go_under_the_claims_lease_token(server, client: Client, new_type: str) -> None:  # type: ignore[no-untyped-def]
    task_client.configure(server.url, ACME_KEY)

    async def scenario() -> None:
        task_id = await task_client.create_task({"task_type": new_type, "lease_seconds": 1})
        claimed = await task_client.claim_task(task_id)
        assert claimed is not None and claimed["status"] == "processing"
        assert await task_client.claim_task(task_id) is None  # taken
        # the lease expires and another worker claims the task: our late report must not overwrite its attempt
        wait_until(lambda: client.claim(new_type, worker="other", lease_seconds=60), timeout=10,
                   message="the expired task is claimed again")
        assert await task_client.complete_task(task_id, {"late": True}) is False
        assert client.get(task_id)["status"] == "processing"

        second = await task_client.create_task({"task_type": new_type, "max_attempts": 1})
        assert await task_client.claim_task(second) is not None
        assert await task_client.fail_task(second, "boom") is True
        failed = client.get(second)
        assert failed["status"] == "failed" and failed["error"] == "boom"
        assert await task_client.complete_task("01000000-0000-7000-8000-000000000000", {}) is False

    asyncio.run(scenario())
