"""The worker runtime against the real server: concurrency, heartbeats, cancellation, failures, a crashed
worker's task finished by another, and a graceful shutdown on SIGTERM that hands back unstarted tasks."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import threading
import time
from typing import Any, Awaitable, Callable, Dict, List, Optional

from conftest import ACME_KEY, HERE, package_env
from taskledger import AsyncClient, NonRetryableError, TaskContext, TaskStopped, Worker


async def until(check: Callable[[], Awaitable[Any]], timeout: float = 15.0, message: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = await check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{message} did not happen within {timeout} s")
        await asyncio.sleep(0.05)


def run(scenario: Callable[[AsyncClient], Awaitable[None]], url: str) -> None:
    async def main() -> None:
        async with AsyncClient(url, api_key=ACME_KEY, timeout=15) as client:
            await scenario(client)

    asyncio.run(main())


async def statuses(client: AsyncClient, task_type: str, status: str) -> List[Dict[str, Any]]:
    return (await client.list(type=task_type, status=status, limit=100))["tasks"]


def test_concurrency_limit_and_results(server, new_type: str) -> None:  # type: ignore[no-untyped-def]
    running = {"now": 0, "most": 0}

    async def handler(task: TaskContext) -> Dict[str, int]:
        running["now"] += 1
        running["most"] = max(running["most"], running["now"])
        await asyncio.sleep(0.2)
        running["now"] -= 1
        return {"double": task.payload * 2}

    async def scenario(client: AsyncClient) -> None:
        await client.create_batch([{"type": new_type, "payload": i} for i in range(6)])
        worker = await Worker(client, new_type, handler, concurrency=2, poll_wait=1).start()
        done = await until(lambda: _all(client, new_type, "completed", 6), message="six completions")
        assert await worker.shutdown(5)
        assert running["most"] == 2
        for task in done:
            assert (await client.result(task["id"]))["result"] == {"double": task["payload"] * 2}
        stats = worker.stats()
        assert stats.tasks_completed == 6 and stats.tasks_failed == 0 and stats.tasks_claimed == 6

    run(scenario, server.url)


async def _all(client: AsyncClient, task_type: str, status: str, n: int) -> Optional[List[Dict[str, Any]]]:
    tasks = await statuses(client, task_type, status)
    return tasks if len(tasks) == n else None


def test_plain_function_handlers_run_on_threads(server, new_type: str) -> None:  # type: ignore[no-untyped-def]
    threads = set()

    def handler(task: TaskContext) -> str:
        threads.add(threading.current_thread().name)
        time.sleep(0.1)
        task.progress_blocking(50, "half way")
        return "ok"

    async def scenario(client: AsyncClient) -> None:
        await client.create_batch([{"type": new_type} for _ in range(4)])
        worker = await Worker(client.sync, [new_type], handler, concurrency=2, poll_wait=1).start()
        await until(lambda: _all(client, new_type, "completed", 4), message="four completions")
        assert await worker.shutdown(5)
        assert threads and all(name.startswith("taskledger-handler") for name in threads)

    run(scenario, server.url)


def test_heartbeats_keep_a_short_lease(server, new_type: str) -> None:  # type: ignore[no-untyped-def]
    async def handler(task: TaskContext) -> str:
        await asyncio.sleep(2.5)  # longer than the 1 s lease
        return "slow but fine"

    async def scenario(client: AsyncClient) -> None:
        task = await client.create(new_type)
        worker = await Worker(client, [new_type], handler, lease_seconds=1, poll_wait=1).start()
        await until(lambda: _all(client, new_type, "completed", 1), message="the completion")
        await worker.shutdown(5)
        done = await client.get(task["id"])
        assert done["retry_count"] == 1  # never lost and claimed again
        assert [e["status"] for e in await client.events(task["id"])] == ["completed", "processing", "pending"]
        assert worker.stats().heartbeat_requests >= 3

    run(scenario, server.url)


def test_cancel_cancels_the_handler_and_reports_nothing(server, new_type: str) -> None:  # type: ignore[no-untyped-def]
    seen: Dict[str, Any] = {}

    async def handler(task: TaskContext) -> str:
        await task.progress(30, "working")
        seen["started"] = True
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            seen["cancelled"] = task.cancelled
            seen["reason"] = task.stop_reason
            raise
        return "never"

    async def scenario(client: AsyncClient) -> None:
        task = await client.create(new_type)
        worker = await Worker(client, [new_type], handler, heartbeat_interval=0.2, poll_wait=1).start()
        await until(lambda: _true(seen.get("started")), message="the handler start")
        assert (await client.get(task["id"]))["progress"] == 30
        await client.cancel(task["id"])
        await until(lambda: _true("cancelled" in seen), timeout=5, message="the handler's cancellation")
        assert seen == {"started": True, "cancelled": True, "reason": "cancelled"}
        await worker.shutdown(5)
        assert (await client.get(task["id"]))["status"] == "cancelled"
        assert [e["status"] for e in await client.events(task["id"])][0] == "cancelled"  # nothing after it
        stats = worker.stats()
        assert (stats.tasks_completed, stats.tasks_failed, stats.tasks_dropped) == (0, 0, 1)

    run(scenario, server.url)


async def _true(value: Any) -> Any:
    return value


def test_a_thread_handler_sees_the_cancellation(server, new_type: str) -> None:  # type: ignore[no-untyped-def]
    seen: Dict[str, Any] = {}

    def handler(task: TaskContext) -> str:
        seen["started"] = True
        seen["stopped"] = task.wait_cancelled(10)
        try:
            task.check_cancelled()
        except TaskStopped as e:
            seen["error"] = str(e)
        return "finished anyway"  # not reported: the task was cancelled

    async def scenario(client: AsyncClient) -> None:
        task = await client.create(new_type)
        worker = await Worker(client, [new_type], handler, heartbeat_interval=0.2, poll_wait=1).start()
        await until(lambda: _true(seen.get("started")), message="the handler start")
        await client.cancel(task["id"])
        await until(lambda: _true("error" in seen), timeout=5, message="the handler seeing the cancellation")
        assert seen["stopped"] is True and "cancelled" in seen["error"]
        await worker.shutdown(5)
        assert (await client.get(task["id"]))["status"] == "cancelled"
        assert worker.stats().tasks_completed == 0

    run(scenario, server.url)


class Flaky(Exception):
    pass


def test_retryable_failures_are_retried_and_non_retryable_fail_at_once(server, new_type: str) -> None:  # type: ignore[no-untyped-def]
    async def handler(task: TaskContext) -> Any:
        kind = task.payload["kind"]
        if kind == "flaky" and task.attempt == 1:
            raise Flaky("try again")
        if kind == "bad":
            raise NonRetryableError("no recipient")
        if kind == "key":
            try:
                {}["missing"]
            except KeyError as e:
                raise RuntimeError("lookup failed") from e
        if kind == "not-json":
            return {"when": object()}
        return {"attempt": task.attempt}

    async def scenario(client: AsyncClient) -> None:
        tasks = await client.create_batch([{"type": new_type, "payload": {"kind": k}, "max_attempts": 3}
                                           for k in ("flaky", "bad", "key", "not-json")])
        flaky, bad, key, not_json = (t["id"] for t in tasks)
        worker = await Worker(client, [new_type], handler, concurrency=4, poll_wait=1, non_retryable=[KeyError],
                              retry_delay=lambda attempt: 0).start()
        await until(lambda: _settled(client, new_type, 4), message="every task settled")
        await worker.shutdown(5)
        done = await client.get(flaky)
        assert done["status"] == "completed" and done["retry_count"] == 2
        assert (await client.result(flaky))["result"] == {"attempt": 2}
        for task_id, text in ((bad, "NonRetryableError: no recipient"),
                              (key, "RuntimeError: lookup failed; caused by KeyError: 'missing'"),
                              (not_json, "not JSON-serialisable")):
            failed = await client.get(task_id)
            assert failed["status"] == "failed" and failed["retry_count"] == 1, failed
            assert text in failed["error"]

    run(scenario, server.url)


async def _settled(client: AsyncClient, task_type: str, n: int) -> bool:
    finished = await statuses(client, task_type, "completed") + await statuses(client, task_type, "failed")
    return len(finished) == n


def _start_worker_process(server, task_type: str, concurrency: int, prefetch: int, lease: int,  # type: ignore[no-untyped-def]
                          hold: float) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(HERE / "worker_process.py"), server.url, ACME_KEY, task_type,
                             str(concurrency), str(prefetch), str(lease), str(hold)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=package_env())


def _await_line(process: subprocess.Popen, prefix: str) -> str:
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith(prefix):
            return line.strip()
    raise AssertionError(f"the worker process ended without printing {prefix!r}: {process.stderr.read()}")  # type: ignore[union-attr]


def test_a_crashed_workers_task_is_finished_by_another_after_its_lease_expires(server, new_type: str) -> None:  # type: ignore[no-untyped-def]
    async def handler(task: TaskContext) -> str:
        return "finished by the second worker"

    async def scenario(client: AsyncClient) -> None:
        task = await client.create(new_type)
        crashing = _start_worker_process(server, new_type, 1, 0, lease=1, hold=60)
        try:
            assert _await_line(crashing, "started ") == f"started {task['id']}"
        finally:
            crashing.kill()  # SIGKILL: no shutdown, no report, no release
            crashing.wait(10)
            crashing.stdout.close()  # type: ignore[union-attr]
            crashing.stderr.close()  # type: ignore[union-attr]
        assert (await client.get(task["id"]))["status"] == "processing"
        worker = await Worker(client, [new_type], handler, poll_wait=1).start()
        await until(lambda: _all(client, new_type, "completed", 1), timeout=10, message="the takeover")
        await worker.shutdown(5)
        assert (await client.result(task["id"]))["result"] == "finished by the second worker"
        events = [(e["status"], e["actor"]) for e in await client.events(task["id"])]
        assert events[0] == ("completed", f"WORKER:{worker.worker_id}")
        assert ("pending", "SYSTEM") in events  # the lease expired and the server put it back
        assert (await client.get(task["id"]))["retry_count"] == 2

    run(scenario, server.url)


def test_sigterm_finishes_running_tasks_and_hands_back_unstarted_ones(server, new_type: str) -> None:  # type: ignore[no-untyped-def]
    async def scenario(client: AsyncClient) -> None:
        tasks = await client.create_batch([{"type": new_type, "payload": i} for i in range(4)])
        worker = _start_worker_process(server, new_type, 1, 3, lease=30, hold=1.0)
        try:
            started = _await_line(worker, "started ").split()[1]
            await until(lambda: _all(client, new_type, "processing", 4), timeout=10, message="all four claimed")
            worker.send_signal(signal.SIGTERM)
            assert _await_line(worker, "stopped ") == "stopped clean=True released=3"
            assert worker.wait(15) == 0
        finally:
            if worker.poll() is None:
                worker.kill()
            worker.stdout.close()  # type: ignore[union-attr]
            worker.stderr.close()  # type: ignore[union-attr]
        assert (await client.get(started))["status"] == "completed"  # the running handler was let finish
        for task in tasks:
            if task["id"] == started:
                continue
            back = await client.get(task["id"])
            assert back["status"] == "pending" and back["retry_count"] == 0  # ready at once, attempt not counted
            assert [e["status"] for e in await client.events(task["id"])][:2] == ["pending", "processing"]

    run(scenario, server.url)
