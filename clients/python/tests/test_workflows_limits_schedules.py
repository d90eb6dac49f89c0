"""The calls added for workflows, execution timeouts, limits, schedules and bulk actions, against the real server:
what they send is what docs/api.md describes, and the worker stops a handler at its execution timeout."""

from __future__ import annotations

import asyncio
from typing import Any, Dict

import pytest

from conftest import wait_until
from taskledger import Client, NotFoundError, TaskContext, TimedOutError, ValidationError, Worker
from test_worker import run, until


def test_depends_on_waits_for_the_parent_and_children_see_its_result(client: Client, new_type: str) -> None:
    parent = client.create(new_type, {"p": 1})
    child = client.create(new_type, {"c": 1}, depends_on=[parent["id"]], on_parent_failure="run")
    assert child["status"] == "waiting"
    assert [p["task"]["id"] for p in client.parents(child["id"])] == [parent["id"]]
    kids = client.children(parent["id"], limit=10)
    assert [(c["task"]["id"], c["on_parent_failure"]) for c in kids["children"]] == [(child["id"], "run")]
    claimed = client.claim(new_type, limit=5)
    assert [t["id"] for t in claimed] == [parent["id"]]  # the child is not ready yet
    client.complete(parent["id"], claimed[0]["lease_token"], {"rows": 7})
    assert client.get(child["id"])["status"] == "pending"
    assert client.parents(child["id"])[0]["result"] == {"rows": 7}


def test_a_batch_carries_a_whole_graph_by_ref(client: Client, new_type: str) -> None:
    tasks = client.create_batch([
        {"type": new_type, "ref": "extract"},
        {"type": new_type, "ref": "load", "depends_on": ["extract"]},
    ])
    assert [t["status"] for t in tasks] == ["pending", "waiting"]
    with pytest.raises(ValidationError) as bad:
        client.create_batch([{"type": new_type, "ref": "a", "depends_on": ["b"]}, {"type": new_type, "ref": "b"}])
    assert bad.value.status == 422


def test_timeout_seconds_is_sent_and_a_late_worker_gets_timed_out(client: Client, new_type: str) -> None:
    task = client.create(new_type, timeout_seconds=1, concurrency_key="acct-1")
    assert task["timeout_seconds"] == 1 and task["concurrency_key"] == "acct-1"
    claimed = client.claim(new_type)[0]
    assert claimed.get("deadline_at")
    wait_until(lambda: client.get(task["id"])["status"] != "processing", timeout=10, message="the timeout")
    with pytest.raises(TimedOutError):
        client.complete(task["id"], claimed["lease_token"], {"late": True})
    assert client.get(task["id"])["error"] == "timed out"


def test_the_worker_stops_a_handler_at_its_timeout_and_reports_nothing(server, new_type: str) -> None:  # type: ignore[no-untyped-def]
    seen: Dict[str, Any] = {}

    async def handler(task: TaskContext) -> str:
        seen["started"] = True
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            seen["reason"] = task.stop_reason
            raise
        return "never"

    async def scenario(client) -> None:  # type: ignore[no-untyped-def]
        task = await client.create(new_type, timeout_seconds=1, max_attempts=1)
        worker = await Worker(client, [new_type], handler, poll_wait=1).start()
        await until(lambda: _value("reason" in seen), timeout=5, message="the handler's stop")
        assert seen == {"started": True, "reason": "timed out"}
        await until(lambda: _failed(client, task["id"]), timeout=10, message="the server failing the attempt")
        await worker.shutdown(5)
        stats = worker.stats()
        assert (stats.tasks_completed, stats.tasks_failed, stats.tasks_dropped) == (0, 0, 1)

    run(scenario, server.url)


async def _value(value: Any) -> Any:
    return value


async def _failed(client, task_id: str) -> bool:  # type: ignore[no-untyped-def]
    task = await client.get(task_id)
    return task["status"] == "failed" and task.get("error") == "timed out"


def test_limits_are_set_listed_and_removed(client: Client, new_type: str) -> None:
    limit = client.put_limit(new_type, max_running=2, rate=(10, 60))
    assert (limit["type"], limit["max_running"], limit["rate"]) == (new_type, 2, {"count": 10, "period_seconds": 60})
    client.create(new_type, concurrency_key="k")
    client.create(new_type, concurrency_key="k")
    client.create(new_type, concurrency_key="k")
    assert len(client.claim(new_type, limit=10)) == 2  # max_running 2
    assert [lim["running"] for lim in client.limits() if lim["type"] == new_type] == [2]
    client.delete_limit(new_type)
    with pytest.raises(NotFoundError):
        client.delete_limit(new_type)


def test_schedules_round_trip(client: Client, new_type: str) -> None:
    name = "py-" + new_type
    created = client.schedules.put(name, every="PT1H", task={"type": new_type, "payload": {"s": 1}})
    assert created["name"] == name and created["paused"] is False
    assert client.schedules.put(name, every="PT1H", task={"type": new_type, "payload": {"s": 1}})["version"] == \
        created["version"]  # the same definition changes nothing
    assert len(client.schedules.next(created["id"], 3)) == 3
    assert client.schedules.pause(created["id"])["paused"] is True
    assert client.schedules.resume(created["id"])["paused"] is False
    changed = client.schedules.update(created["id"], every="PT2H", expected_version=client.schedules.get(
        created["id"])["version"])
    assert changed["every"] == "PT2H"
    assert name in [s["name"] for s in client.schedules.iter_schedules(page_size=1)]
    kinds = [e["kind"] for e in client.schedules.events(created["id"])]
    assert kinds[0] == "updated" and "created" in kinds
    client.schedules.delete(created["id"])
    with pytest.raises(NotFoundError):
        client.schedules.get(created["id"])


def test_bulk_retry_previews_then_applies(client: Client, new_type: str) -> None:
    for i in range(3):
        task = client.create(new_type, {"i": i}, max_attempts=1)
        claimed = client.claim(new_type)[0]
        client.fail(task["id"], claimed["lease_token"], "boom", retryable=False)
    preview = client.bulk("retry", status="failed", type=new_type, dry_run=True)
    assert (preview["matched"], preview["applied"], preview["dry_run"]) == (3, 0, True)
    done = client.bulk("retry", status="failed", type=new_type)
    assert (done["matched"], done["applied"], done["more"]) == (3, 3, False)
    assert len(client.list(status="pending", type=new_type)["tasks"]) == 3
    assert [e["detail"].get("bulk") for e in client.iter_events(client.list(status="pending", type=new_type)[
        "tasks"][0]["id"], page_size=1)][0] is True


def test_whoami_workers_and_throughput(client: Client, new_type: str) -> None:
    assert client.whoami()["tenant"] == "acme"
    client.create(new_type)
    claimed = client.claim(new_type, worker="py-worker-" + new_type)[0]
    client.complete(claimed["id"], claimed["lease_token"])
    assert "py-worker-" + new_type in [w["worker"] for w in client.workers()]
    minutes = client.throughput()["minutes"]
    assert len(minutes) == 60 and minutes[-1]["completed"] >= 1


def test_lists_sort_on_the_server_and_find_a_task_by_its_key(client: Client, new_type: str) -> None:
    made = [client.create(new_type, {"i": i}, priority=i % 3, idempotency_key=f"{new_type}-{i}") for i in range(7)]
    newest_first = [t["id"] for t in client.iter_tasks(type=new_type, status="pending", sort="created_at",
                                                       order="desc", page_size=2)]
    assert newest_first == [t["id"] for t in reversed(made)]
    by_priority = [t["priority"] for t in client.iter_tasks(type=new_type, sort="priority", order="asc", page_size=3)]
    assert by_priority == sorted(by_priority) and len(by_priority) == 7
    client.cancel(made[4]["id"])
    found = client.list(idempotency_key=f"{new_type}-4")["tasks"]  # any status by default
    assert [(t["id"], t["status"]) for t in found] == [(made[4]["id"], "cancelled")]
    with pytest.raises(ValidationError):
        client.list(status="failed", sort="priority")
