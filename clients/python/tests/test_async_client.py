"""The asyncio client against the real server: the same calls as coroutines, without blocking the loop."""

from __future__ import annotations

import asyncio
import time

import pytest

from conftest import ACME_KEY
from taskledger import AsyncClient, LeaseLostError, NotFoundError, TaskCancelledError


def test_queue_calls(server, new_type: str) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        async with AsyncClient(server.url, api_key=ACME_KEY) as client:
            task = await client.create(new_type, {"n": 1}, priority=3)
            batch = await client.create_batch([{"type": new_type, "payload": i} for i in range(3)])
            assert (await client.get(task["id"]))["priority"] == 3
            assert (await client.update(task["id"], state="noted"))["state"] == "noted"
            ids = [t["id"] async for t in client.iter_tasks(type=new_type, page_size=2)]
            assert sorted(ids) == sorted([task["id"]] + [t["id"] for t in batch])
            assert len((await client.list(type=new_type, limit=1))["tasks"]) == 1

            claimed = await client.claim([new_type], limit=4, worker="aw", lease_seconds=30)
            assert len(claimed) == 4
            first, second, third, fourth = claimed
            await client.heartbeat(first["id"], first["lease_token"], progress=10)
            assert [o["outcome"] for o in await client.heartbeat_all(
                [{"id": t["id"], "lease_token": t["lease_token"]} for t in claimed])] == ["ok"] * 4
            await client.complete(first["id"], first["lease_token"], {"r": 1})
            assert [o["outcome"] for o in await client.complete_all(
                [{"id": second["id"], "lease_token": second["lease_token"]}])] == ["ok"]
            await client.fail(third["id"], third["lease_token"], "no", retryable=False)
            assert (await client.retry(third["id"]))["status"] == "pending"
            await client.release(fourth["id"], fourth["lease_token"])
            await client.cancel(fourth["id"])
            with pytest.raises(TaskCancelledError):
                await client.heartbeat(fourth["id"], fourth["lease_token"])
            assert (await client.result(first["id"]))["result"] == {"r": 1}
            assert (await client.events(first["id"]))[0]["status"] == "completed"
            assert (await client.claim_by_id(third["id"], worker="aw"))["status"] == "processing"
            doomed = await client.create(new_type + "-doomed")
            await client.delete(doomed["id"])
            with pytest.raises(NotFoundError):
                await client.get(doomed["id"])
            assert (await client.stats())["by_status"]
            assert (await client.health())["status"] == "ok"
            with pytest.raises(NotFoundError):
                await client.get("01000000-0000-7000-8000-000000000000")

    asyncio.run(scenario())


def test_long_polls_do_not_block_the_loop(server, new_type: str) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        async with AsyncClient(server.url, api_key=ACME_KEY) as client:
            started = time.monotonic()
            polls = [asyncio.ensure_future(client.claim(f"{new_type}-{i}", wait_seconds=1)) for i in range(3)]
            ticks = 0
            while not all(p.done() for p in polls):
                await asyncio.sleep(0.05)
                ticks += 1
            assert [p.result() for p in polls] == [[], [], []]
            assert time.monotonic() - started < 2.5  # the three waited side by side
            assert ticks >= 10  # and the loop kept running meanwhile

    asyncio.run(scenario())


def test_lease_lost_is_typed(server, new_type: str) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        async with AsyncClient(server.url, api_key=ACME_KEY) as client:
            task = await client.create(new_type)
            old = (await client.claim(new_type, lease_seconds=1))[0]["lease_token"]
            while not await client.claim(new_type, lease_seconds=60):
                await asyncio.sleep(0.1)
            with pytest.raises(LeaseLostError):
                await client.fail(task["id"], old, "late")

    asyncio.run(scenario())


def test_ledger_calls(server, new_type: str) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        async with AsyncClient(server.url, api_key=ACME_KEY) as client:
            await client.ledger.record(new_type, "a", "ok")
            assert await client.ledger.record_batch([{"task_name": new_type, "task_item": "b", "status": "fail"}]) == 1
            assert await client.ledger.record_batch_text(f"task_name,task_item\n{new_type},c\n") == 1
            assert (await client.ledger.get(new_type, "b"))["status"] == "fail"
            assert len((await client.ledger.list(task_name=new_type))["entries"]) == 3
            assert sorted([e["task_item"] async for e in client.ledger.iter_entries(task_name=new_type,
                                                                                      page_size=2)]) == ["a", "b", "c"]
            assert (await client.ledger.summary(new_type))[0]["total"] == 3
            report = await client.ledger.reconcile(new_type, ["a", "b", "z"])
            assert report["missing"] == ["z"] and [e["task_item"] for e in report["not_ok"]] == ["b"]
            lines = [line async for line in client.ledger.export(task_name=new_type, format="ndjson")]
            assert len(lines) == 3
            assert (await client.ledger.delete(new_type, "c"))["task_item"] == "c"

    asyncio.run(scenario())
