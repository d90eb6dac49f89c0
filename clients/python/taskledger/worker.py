"""The worker runtime: runs a handler for the tasks of some types, as the Java ``Worker`` does (docs/client.md).

>>> async def send_email(task: TaskContext) -> dict:
...     await mailer.send(task.payload["to"])
...     return {"sent": True}                      # the result; raise to fail the task
>>> Worker(client, ["email"], send_email, concurrency=8).run_forever()   # until SIGTERM / SIGINT

What it does:

* **Claims** with one long-polling request for as many tasks as it has free places (``concurrency`` handler
  slots plus ``prefetch`` places for claimed tasks waiting for a slot); waiting tasks start in claim order.
* **Heartbeats** every task it holds (waiting or running) every lease/3, all due tasks in one request.
* **Cancellation**: when a heartbeat (or ``task.progress``) learns that the task was cancelled, its lease was
  lost or it was deleted, the handler is stopped (an ``async`` handler is cancelled with
  ``asyncio.CancelledError``; a plain function runs on a thread, which cannot be interrupted, so it sees
  ``task.cancelled`` turn true) and **nothing is reported** for the task.
* **Reports** the handler's return value as the result (completions that pile up share one request), or its
  exception as a failure: retryable (the server's backoff, or ``retry_delay``) unless it is a
  :class:`NonRetryableError` or one of ``non_retryable`` (also as the ``__cause__``). Every call carries the
  claim's lease token; no answer or a 503 is retried with backoff.
* **Shutdown** (SIGTERM / SIGINT under :meth:`Worker.run`, or :meth:`Worker.shutdown`): stops claiming (the
  outstanding long-poll is let finish), hands back every claimed task whose handler has not started
  (``POST /api/v1/tasks/{id}/release``: ready at once for another worker, the attempt not counted), waits up to
  ``shutdown_timeout`` for running handlers and their reports, then stops the rest unreported (their leases
  expire and another worker takes them). A second signal, or :meth:`Worker.shutdown_now`, stops at once.
"""

from __future__ import annotations

import asyncio
import collections
import inspect
import json
import logging
import os
import signal
import socket
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Deque, Dict, List, Optional, Sequence, Tuple, Type, Union

from .aio import AsyncClient
from .client import Client
from .errors import (
    ApiError,
    ConflictError,
    NotFoundError,
    PayloadTooLargeError,
    ProblemType,
    ServerUnavailableError,
    TaskledgerError,
    TransportError,
    ValidationError,
)
from .types import Outcome, Task

LOG = logging.getLogger("taskledger.worker")

MAX_CLAIM = 1000  # the server's limit for one claim
MAX_ERROR_LENGTH = 10_000
HEARTBEAT_RETRY_SECONDS = 0.2
MAX_TICK_SECONDS = 0.1

WAITING, RUNNING, FINISHED, DROPPED = "waiting", "running", "finished", "dropped"


class NonRetryableError(Exception):
    """Raise from a handler when trying again cannot help: the task fails at once, without a retry."""


class TaskStopped(Exception):
    """The task was cancelled, its lease lost, or the worker is stopping: stop working on it.

    Raised by :meth:`TaskContext.check_cancelled` and :meth:`TaskContext.progress`; nothing is reported.
    """


@dataclass(frozen=True)
class WorkerStats:
    claim_requests: int
    tasks_claimed: int
    completion_requests: int
    tasks_completed: int
    tasks_failed: int
    tasks_dropped: int
    tasks_released: int
    heartbeat_requests: int


class _InFlight:
    """A claimed task, from claim until its outcome is reported or it is dropped.

    WAITING (no handler slot yet) → RUNNING → FINISHED (report it); WAITING or RUNNING → DROPPED (cancelled,
    lease lost, handed back or worker stopped: report nothing). State changes happen on the event loop only.
    """

    def __init__(self, task: Task, lease_seconds: Optional[int], interval: float) -> None:
        self.task = task
        self.id: str = task["id"]
        self.lease_token: Optional[str] = task.get("lease_token")
        self.lease_seconds = lease_seconds
        self.interval = interval
        self.next_beat = time.monotonic() + interval
        self.lease_ends = 0.0
        self.lease_renewed(time.monotonic())
        self.state = WAITING
        self.drop_reason: Optional[str] = None
        self.stopped = threading.Event()
        self.handle: Optional["asyncio.Task[None]"] = None
        self.is_async = False
        # The attempt's execution timeout (timeout_seconds), counted by the server from the claim, a little
        # earlier and by its clock: end on the early side. None: no timeout.
        timeout = task.get("timeout_seconds")
        self.deadline: Optional[float] = (
            None if timeout is None else time.monotonic() + float(timeout) - min(1.0, float(timeout) / 10))

    def past_deadline(self, now: float) -> bool:
        """True once the attempt's execution timeout has run out at ``now`` (monotonic)."""
        return self.deadline is not None and now >= self.deadline

    def lease_renewed(self, sent_at: float) -> None:
        """The lease now runs from ``sent_at`` (monotonic: when the claim or heartbeat that set it was sent, or
        answered). It is taken to end a tenth of its length (at most 1 s) early, so this worker's own clock
        need not agree with the server's."""
        lease = float(self.lease_seconds or int(self.task.get("lease_seconds") or 300))
        self.lease_ends = sent_at + lease - min(1.0, lease / 10)


class TaskContext:
    """What a handler gets: the claimed task, its payload, and ways to report progress and see cancellation."""

    def __init__(self, flight: _InFlight, worker: "Worker") -> None:
        self._f = flight
        self._w = worker

    @property
    def task(self) -> Task:
        """The task as claimed (status processing, with its lease token)."""
        return self._f.task

    @property
    def id(self) -> str:
        return self._f.id

    @property
    def type(self) -> str:
        return self._f.task["type"]

    @property
    def payload(self) -> Any:
        return self._f.task.get("payload")

    @property
    def attempt(self) -> int:
        """This attempt's number: 1 on the first claim, 2 after one failure, ..."""
        return int(self._f.task.get("retry_count", 1))

    @property
    def lease_token(self) -> Optional[str]:
        return self._f.lease_token

    @property
    def worker_id(self) -> str:
        return self._w.worker_id

    @property
    def cancelled(self) -> bool:
        """True once the handler should stop (cancelled, lease lost, worker stopping); nothing will be reported."""
        return self._f.stopped.is_set()

    @property
    def stop_reason(self) -> Optional[str]:
        """Why the handler should stop (``cancelled``, ``lease lost``, ``deleted``, ``worker stopped``), or None."""
        return self._f.drop_reason

    def check_cancelled(self) -> None:
        """Raises :class:`TaskStopped` once :attr:`cancelled`: call it between the steps of long work."""
        if self._f.stopped.is_set():
            raise TaskStopped(f"task {self.id} stopped: {self._f.drop_reason}")

    def wait_cancelled(self, timeout: Optional[float] = None) -> bool:
        """For a handler on a thread: sleeps up to ``timeout`` seconds, returning early (True) when stopped."""
        return self._f.stopped.wait(timeout)

    async def progress(self, percent: int, state: Optional[str] = None) -> None:
        """Reports progress (0-100) and a state text now, which also extends the lease.

        Raises :class:`TaskStopped` when the server answers that the task was cancelled or the lease lost.
        """
        self.check_cancelled()
        try:
            await self._w._client.heartbeat(self.id, self.lease_token, lease_seconds=self._f.lease_seconds,
                                            progress=percent, state=state)
        except (ConflictError, NotFoundError) as e:
            self._w._lost(self._f, _reason(e.type, e.current_status))
            raise TaskStopped(f"task {self.id} stopped: {self._f.drop_reason}") from e

    def progress_blocking(self, percent: int, state: Optional[str] = None) -> None:
        """:meth:`progress` for a handler that runs on a thread (a plain function)."""
        self.check_cancelled()
        try:
            self._w._client.sync.heartbeat(self.id, self.lease_token, lease_seconds=self._f.lease_seconds,
                                           progress=percent, state=state)
        except (ConflictError, NotFoundError) as e:
            reason = _reason(e.type, e.current_status)
            self._w._call_soon(self._w._lost, self._f, reason)
            raise TaskStopped(f"task {self.id} stopped: {reason}") from e


Handler = Callable[[TaskContext], Any]


class Worker:
    """Runs ``handler`` for tasks of ``types``. Only ``client``, ``types`` and ``handler`` are required.

    :param client: a :class:`Client` or :class:`AsyncClient`
    :param handler: ``async def handler(task: TaskContext) -> result`` (cancelled when the task is), or a plain
        function, which runs on a thread of the worker's own
    :param concurrency: handlers at once (default 4)
    :param prefetch: claimed tasks that may wait for a slot (default 0: with long tasks and several workers, a
        prefetched task would wait here while another worker sits idle)
    :param poll_wait: seconds a claim long-polls (at most 30)
    :param lease_seconds: lease of every claim (default: each task's own)
    :param heartbeat_interval: seconds between heartbeats (default: a third of the lease)
    :param shutdown_timeout: how long a graceful shutdown waits for running handlers
    :param non_retryable: exception classes that fail the task at once (besides :class:`NonRetryableError`)
    :param retry_delay: ``attempt -> seconds`` before a retry (default: the server's exponential backoff)
    """

    def __init__(
        self,
        client: Union[Client, AsyncClient],
        types: Union[str, Sequence[str]],
        handler: Handler,
        *,
        concurrency: int = 4,
        prefetch: int = 0,
        worker_id: Optional[str] = None,
        poll_wait: float = 5.0,
        lease_seconds: Optional[int] = None,
        heartbeat_interval: Optional[float] = None,
        shutdown_timeout: float = 30.0,
        non_retryable: Sequence[Type[BaseException]] = (),
        retry_delay: Optional[Callable[[int], float]] = None,
        max_batch: int = 500,
    ) -> None:
        if not 1 <= concurrency <= 1000:
            raise ValueError("concurrency must be between 1 and 1000")
        if prefetch < 0:
            raise ValueError("prefetch must not be negative")
        self.types: List[str] = [types] if isinstance(types, str) else list(types)
        if not self.types:
            raise ValueError("a worker needs at least one task type")
        self._client = client if isinstance(client, AsyncClient) else AsyncClient(client=client,
                                                                                  max_threads=concurrency + 8)
        self.handler = handler
        self._is_async = inspect.iscoroutinefunction(handler) or inspect.iscoroutinefunction(
            getattr(handler, "__call__", None))
        self.concurrency = concurrency
        self.capacity = concurrency + prefetch
        self.worker_id = worker_id or f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.poll_wait = min(30.0, max(0.0, poll_wait))
        self.lease_seconds = lease_seconds
        self.heartbeat_interval = heartbeat_interval
        self.shutdown_timeout = shutdown_timeout
        self.non_retryable: Tuple[Type[BaseException], ...] = (NonRetryableError, *non_retryable)
        self.retry_delay = retry_delay
        self.max_batch = max_batch

        self._in_flight: Dict[str, _InFlight] = {}
        self._waiting: Deque[_InFlight] = collections.deque()
        self._occupied = 0  # waiting + running: the places a claim must leave alone
        self._running = 0
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._handler_pool: Optional[ThreadPoolExecutor] = None
        self._tasks: List["asyncio.Task[None]"] = []
        self._poller: Optional["asyncio.Task[None]"] = None
        # asyncio primitives are made in start(), inside the loop (Python 3.9 binds them to a loop at creation)
        self._place_freed: asyncio.Event
        self._idle: asyncio.Event
        self._stop_requested: asyncio.Event
        self._completions: "asyncio.Queue[Optional[Tuple[_InFlight, Any]]]"
        self._started = False
        self._stopping = False
        self._stopped = False
        self._discarding = False
        self._signals = 0
        self._counts = collections.Counter()  # type: collections.Counter[str]

    # ---- lifecycle ----

    def run_forever(self) -> bool:
        """Runs the worker in a new event loop until SIGTERM or SIGINT; returns :meth:`run`'s answer."""
        return asyncio.run(self.run())

    async def run(self, *, handle_signals: bool = True) -> bool:
        """Starts, runs until :meth:`stop` (or SIGTERM / SIGINT when ``handle_signals`` and on the main
        thread), then shuts down gracefully. Returns True when every task in flight finished and was reported."""
        await self.start()
        installed: List[int] = []
        loop = asyncio.get_running_loop()
        if handle_signals and threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                try:
                    loop.add_signal_handler(sig, self._on_signal, sig)
                    installed.append(sig)
                except (NotImplementedError, RuntimeError):  # pragma: no cover - e.g. Windows
                    pass
        try:
            await self._stop_requested.wait()
            return await self.shutdown()
        finally:
            for sig in installed:
                loop.remove_signal_handler(sig)

    async def start(self) -> "Worker":
        """Starts claiming in the running event loop and returns at once. A worker runs once."""
        if self._started:
            raise RuntimeError(f"worker {self.worker_id} was already started")
        self._started = True
        self._loop = asyncio.get_running_loop()
        self._place_freed, self._idle, self._stop_requested = asyncio.Event(), asyncio.Event(), asyncio.Event()
        self._completions = asyncio.Queue()
        if not self._is_async:
            self._handler_pool = ThreadPoolExecutor(max_workers=self.concurrency,
                                                    thread_name_prefix=f"taskledger-handler-{self.worker_id}")
        self._poller = self._loop.create_task(self._poll())
        self._tasks = [self._loop.create_task(self._heartbeat_loop()), self._loop.create_task(self._send_completions())]
        LOG.info("worker %s started: types %s, concurrency %d, prefetch %d", self.worker_id, self.types,
                 self.concurrency, self.capacity - self.concurrency)
        return self

    def stop(self) -> None:
        """Asks :meth:`run` to shut down gracefully; callable from any thread once the worker has started."""
        self._call_soon(self._stop_requested.set)

    def _on_signal(self, sig: int) -> None:
        self._signals += 1
        if self._signals == 1:
            LOG.info("worker %s: signal %d, shutting down gracefully", self.worker_id, sig)
            self._stop_requested.set()
        else:
            LOG.warning("worker %s: signal %d again, stopping now", self.worker_id, sig)
            self._loop_task(self.shutdown_now())

    @property
    def running(self) -> bool:
        """True from :meth:`start` until a shutdown begins."""
        return self._started and not self._stopping

    @property
    def in_flight(self) -> int:
        """Claimed tasks waiting to run, running, or waiting for their outcome to be reported."""
        return len(self._in_flight)

    def stats(self) -> WorkerStats:
        c = self._counts
        return WorkerStats(c["claim_requests"], c["tasks_claimed"], c["completion_requests"], c["tasks_completed"],
                           c["tasks_failed"], c["tasks_dropped"], c["tasks_released"], c["heartbeat_requests"])

    async def shutdown(self, timeout: Optional[float] = None) -> bool:
        """Graceful stop (see the module doc). Returns True when every task in flight finished and was reported
        within ``timeout`` (default ``shutdown_timeout``)."""
        if not self._started or self._stopping:
            return not self._in_flight
        self._stopping = True
        self._stop_requested.set()
        deadline = time.monotonic() + (self.shutdown_timeout if timeout is None else timeout)
        self._place_freed.set()
        assert self._poller is not None
        try:  # let the outstanding long-poll finish: no task is claimed for a request nobody reads
            await asyncio.wait_for(asyncio.shield(self._poller), max(0.0, deadline - time.monotonic()))
        except asyncio.TimeoutError:
            self._poller.cancel()
        await self._release_waiting()
        clean = await self._await_idle(deadline) and not self._discarding  # not when stopped hard meanwhile
        if not clean:
            LOG.warning("worker %s: %d task(s) did not finish in time; stopping them unreported", self.worker_id,
                        len(self._in_flight))
        await self._stop_all(hard=not clean)
        return clean

    async def shutdown_now(self) -> None:
        """Hard stop, as if the process died: stops claiming and heartbeating, cancels every handler and reports
        nothing more. The tasks stay processing until their leases expire; then they are claimed again."""
        if not self._started or self._stopped:
            return
        self._stopping = True
        self._stop_requested.set()
        if self._poller is not None:
            self._poller.cancel()
        await self._stop_all(hard=True)

    async def _stop_all(self, hard: bool) -> None:
        if self._stopped:
            return
        self._stopped = True
        if hard:
            self._discarding = True
            for f in list(self._in_flight.values()):
                self._drop(f, "worker stopped")
        handles = [f.handle for f in self._in_flight.values() if f.handle is not None]
        if hard:  # also handlers on threads (their threads run on, unheard) and reports under way
            for handle in handles:
                handle.cancel()
        else:
            handles = []
        self._completions.put_nowait(None)  # the sender sends what is queued (unless discarding), then ends
        heartbeats, sender = self._tasks
        heartbeats.cancel()
        await asyncio.gather(sender, heartbeats, *handles, return_exceptions=True)
        for f in list(self._in_flight.values()):
            self._forget(f)
        if self._handler_pool is not None:
            self._handler_pool.shutdown(wait=False)
        LOG.info("worker %s stopped", self.worker_id)

    # ---- claiming and dispatching ----

    async def _poll(self) -> None:
        error_delay = 0.0
        while not self._stopping:
            free = min(self.capacity - self._occupied, MAX_CLAIM)
            if free <= 0:
                self._place_freed.clear()
                await self._place_freed.wait()
                continue
            claimed: List[Task] = []
            try:
                claimed = await self._client.claim(self.types, limit=free, worker=self.worker_id,
                                                   lease_seconds=self.lease_seconds, wait_seconds=self.poll_wait)
                self._counts["claim_requests"] += 1
                self._counts["tasks_claimed"] += len(claimed)
                error_delay = 0.0
            except Exception as e:  # a TaskledgerError, or a bug: either way keep claiming, slower
                error_delay = 0.25 if error_delay == 0 else min(error_delay * 2, 30.0)
                LOG.warning("worker %s: claim failed, trying again in %.2f s: %s", self.worker_id, error_delay, e,
                            exc_info=not isinstance(e, TaskledgerError))
            for task in claimed:
                self._enqueue(task)
            self._dispatch()
            if error_delay and not self._stopping:
                try:
                    await asyncio.wait_for(self._stop_requested.wait(), error_delay)
                except asyncio.TimeoutError:
                    pass

    def _enqueue(self, task: Task) -> None:
        lease = self.lease_seconds or int(task.get("lease_seconds") or 300)
        interval = self.heartbeat_interval if self.heartbeat_interval is not None else max(0.1, lease / 3)
        f = _InFlight(task, self.lease_seconds, interval)
        f.is_async = self._is_async
        self._in_flight[f.id] = f
        self._idle.clear()
        self._waiting.append(f)
        self._occupied += 1

    def _dispatch(self) -> None:
        """Starts handlers for waiting tasks, oldest first, while slots are free."""
        assert self._loop is not None
        while self._waiting and self._running < self.concurrency:
            f = self._waiting.popleft()
            if f.state != WAITING:
                self._abandon(f)
                continue
            f.state = RUNNING
            self._running += 1
            f.handle = self._loop.create_task(self._run(f))

    def _abandon(self, f: _InFlight) -> None:
        """A task that never started leaves the worker; nothing is reported."""
        self._occupied -= 1
        self._place_freed.set()
        self._counts["tasks_dropped"] += 1
        self._forget(f)

    async def _run(self, f: _InFlight) -> None:
        ctx = TaskContext(f, self)
        result: Any = None
        failure: Optional[BaseException] = None
        try:
            if self._is_async:
                result = await self.handler(ctx)
            else:
                assert self._loop is not None
                result = await self._loop.run_in_executor(self._handler_pool, self.handler, ctx)
        except asyncio.CancelledError:
            if f.state != DROPPED:
                f.state = DROPPED
                f.drop_reason = f.drop_reason or "handler cancelled"
        except Exception as e:  # the handler's failure
            failure = e
        ours = f.state == RUNNING
        if ours:
            f.state = FINISHED
        self._running -= 1
        self._occupied -= 1
        self._place_freed.set()
        self._dispatch()
        if not ours:
            self._counts["tasks_dropped"] += 1
            LOG.debug("task %s stopped (%s); not reported", f.id, f.drop_reason)
            self._forget(f)
            return
        if failure is None:
            try:
                json.dumps(result)
            except (TypeError, ValueError) as e:
                await self._fail(f, f"the handler's result is not JSON-serialisable: {e}", False, None)
                return
            self._completions.put_nowait((f, result))
            return
        retryable = not self._is_non_retryable(failure)
        retry_in = None
        if retryable and self.retry_delay is not None:
            retry_in = max(0, int(round(self.retry_delay(ctx.attempt))))
        LOG.debug("task %s attempt %d failed: %r", f.id, ctx.attempt, failure)
        await self._fail(f, _describe(failure), retryable, retry_in)

    def _is_non_retryable(self, failure: BaseException) -> bool:
        seen = set()
        e: Optional[BaseException] = failure
        while e is not None and id(e) not in seen:
            if isinstance(e, self.non_retryable):
                return True
            seen.add(id(e))
            e = e.__cause__
        return False

    # ---- cancellation ----

    def _lost(self, f: _InFlight, reason: str) -> None:
        """The server says the task is no longer ours: stop its handler, report nothing."""
        if self._drop(f, reason):
            LOG.info("task %s %s: stopping its handler", f.id, reason)

    def _drop(self, f: _InFlight, reason: str) -> bool:
        if f.state not in (WAITING, RUNNING):
            return False
        was_waiting = f.state == WAITING
        f.state = DROPPED
        f.drop_reason = reason
        f.stopped.set()
        if was_waiting:
            try:
                self._waiting.remove(f)
            except ValueError:
                pass
            else:
                self._abandon(f)
        elif f.is_async and f.handle is not None and f.handle is not asyncio.current_task():
            f.handle.cancel()
        return True

    # ---- heartbeats ----

    async def _heartbeat_loop(self) -> None:
        while True:
            now = time.monotonic()
            for f in list(self._in_flight.values()):
                if f.state != DROPPED and f.past_deadline(now):  # the server fails the attempt: report nothing
                    self._lost(f, "timed out")
            due = [f for f in self._in_flight.values() if f.state != DROPPED and f.next_beat <= now]
            if due:
                await self._beat(due)
                continue
            upcoming = [f.next_beat for f in self._in_flight.values() if f.state != DROPPED]
            upcoming += [f.deadline for f in self._in_flight.values() if f.state != DROPPED and f.deadline is not None]
            wait = min([MAX_TICK_SECONDS] + [t - now for t in upcoming])
            await asyncio.sleep(max(0.0, wait))

    async def _beat(self, due: List[_InFlight]) -> None:
        beats = [{"id": f.id, "lease_token": f.lease_token, "lease_seconds": f.lease_seconds} for f in due]
        sent_at = time.monotonic()
        self._counts["heartbeat_requests"] += 1
        try:
            outcomes: List[Outcome] = await self._client.heartbeat_all([_without_none(b) for b in beats])
        except Exception as e:  # no answer, 503, ...: the leases still run, so try again soon
            LOG.log(logging.DEBUG if isinstance(e, TaskledgerError) else logging.WARNING,
                    "heartbeat failed, retrying soon: %s", e, exc_info=not isinstance(e, TaskledgerError))
            for f in due:
                f.next_beat = time.monotonic() + HEARTBEAT_RETRY_SECONDS
            return
        for f, o in zip(due, outcomes):
            if o.get("outcome") == "ok":
                f.next_beat = sent_at + f.interval
                f.lease_renewed(sent_at)
            elif int(o.get("status", 0)) >= 500:
                f.next_beat = sent_at + HEARTBEAT_RETRY_SECONDS
            else:
                self._lost(f, _reason(o.get("type"), o.get("current_status")))

    # ---- reporting ----

    async def _send_completions(self) -> None:
        """Sends completions; those that queue up while a request is on the wire share the next one."""
        while True:
            first = await self._completions.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < self.max_batch and not self._completions.empty():
                item = self._completions.get_nowait()
                if item is None:
                    self._completions.put_nowait(None)
                    break
                batch.append(item)
            if self._discarding:
                for f, _ in batch:
                    self._forget(f)
                continue
            await self._complete_batch(batch)

    async def _complete_batch(self, batch: List[Tuple[_InFlight, Any]]) -> None:
        items = [_without_none({"id": f.id, "lease_token": f.lease_token, "result": r}) for f, r in batch]
        self._counts["completion_requests"] += 1
        try:
            outcomes = await self._transiently("complete", batch[0][0], self._client.complete_all, items)
        except (TransportError, ServerUnavailableError):
            for f, _ in batch:  # unreachable until the lease ended: one by one would fare no better
                self._forget(f)
            return
        except TaskledgerError:
            for f, r in batch:  # each on its own, so one bad item cannot block the rest
                await self._complete_one(f, r)
            return
        for (f, _), o in zip(batch, outcomes):
            if o.get("outcome") == "invalid":
                await self._refused(f, str(o.get("detail")))
            elif o.get("outcome") != "ok":
                LOG.info("task %s was not completed: %s (%s)", f.id, o.get("outcome"), o.get("detail"))
            else:
                self._counts["tasks_completed"] += 1
            self._forget(f)

    async def _complete_one(self, f: _InFlight, result: Any) -> None:
        try:
            await self._transiently("complete", f, self._client.complete, f.id, f.lease_token, result)
            self._counts["tasks_completed"] += 1
        except (ValidationError, PayloadTooLargeError) as e:
            await self._refused(f, str(e.detail))
        except TaskledgerError:
            pass  # logged; the lease expires and another worker takes the task
        finally:
            self._forget(f)

    async def _refused(self, f: _InFlight, why: str) -> None:
        """The server would not store the result: fail the task rather than leave it to its lease."""
        LOG.warning("result of task %s was refused (%s); failing the task", f.id, why)
        try:
            await self._transiently("fail", f, self._client.fail, f.id, f.lease_token,
                                    f"the result was refused: {why}", retryable=False)
        except TaskledgerError:
            pass

    async def _fail(self, f: _InFlight, error: str, retryable: bool, retry_in: Optional[int]) -> None:
        try:
            if not self._discarding:
                await self._transiently("fail", f, self._client.fail, f.id, f.lease_token, error,
                                        retryable=retryable, retry_in_seconds=retry_in)
                self._counts["tasks_failed"] += 1
        except TaskledgerError:
            pass
        finally:
            self._forget(f)

    async def _transiently(self, what: str, f: _InFlight, call: Callable[..., Awaitable[Any]], *args: Any,
                           **kwargs: Any) -> Any:
        """Runs the call, repeating it with backoff (0.1 s doubling to 5 s) while the server cannot be reached or
        is unavailable, for as long as the task's lease lasts: after that another worker may hold the task, so the
        report is dropped with a log line. (complete is idempotent under the lease token; a repeated fail answers
        409, which is then logged.)"""
        delay = 0.1
        attempt = 0
        while True:
            attempt += 1
            try:
                return await call(*args, **kwargs)
            except (TransportError, ServerUnavailableError) as e:
                left = f.lease_ends - time.monotonic()
                if self._discarding or left <= 0:
                    LOG.warning("%s of task %s failed %d time(s) until its lease ended; dropping it (another worker "
                                "will take the task): %s", what, f.id, attempt, e)
                    raise
                LOG.debug("%s of task %s failed, retrying in %.1f s: %s", what, f.id, min(delay, left), e)
                await asyncio.sleep(min(delay, left))
                delay = min(delay * 2, 5.0)
            except ApiError as e:
                LOG.info("%s of task %s refused: %s", what, f.id, e)
                raise

    # ---- shutdown ----

    async def _release_waiting(self) -> None:
        """Hands back the claimed tasks whose handlers have not started, so other workers take them at once.
        When the server cannot be reached the rest are left to lease expiry."""
        withdrawn = [f for f in self._waiting if f.state == WAITING]
        for f in withdrawn:
            self._drop(f, "released at shutdown")
        reachable = True
        released = 0
        for f in withdrawn:
            if not reachable or f.lease_token is None:
                continue
            try:
                await self._client.release(f.id, f.lease_token)
                released += 1
            except (TransportError, ServerUnavailableError) as e:
                LOG.warning("worker %s: cannot release tasks at shutdown (%s); unstarted ones return to the queue "
                            "when their leases expire", self.worker_id, e)
                reachable = False
            except ApiError as e:
                LOG.debug("task %s was not released: %s", f.id, e)
        self._counts["tasks_released"] += released
        if released:
            LOG.info("worker %s: released %d claimed task(s) that had not started", self.worker_id, released)

    async def _await_idle(self, deadline: float) -> bool:
        while self._in_flight:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self._idle.clear()
            try:
                await asyncio.wait_for(self._idle.wait(), left)
            except asyncio.TimeoutError:
                return not self._in_flight
        return True

    def _forget(self, f: _InFlight) -> None:
        if self._in_flight.get(f.id) is f:
            del self._in_flight[f.id]
        if not self._in_flight:
            self._idle.set()

    # ---- threads ----

    def _call_soon(self, fn: Callable[..., Any], *args: Any) -> None:
        loop = self._loop
        if loop is None:
            raise RuntimeError("the worker has not been started")
        loop.call_soon_threadsafe(fn, *args)

    def _loop_task(self, coro: Awaitable[Any]) -> None:
        assert self._loop is not None
        self._loop.create_task(coro)  # type: ignore[arg-type]


def _reason(problem_type: Optional[str], current_status: Optional[str]) -> str:
    """Why the server refused a heartbeat, as a worker reports a dropped task."""
    if problem_type == ProblemType.TASK_CANCELLED:
        return "cancelled"
    if problem_type == ProblemType.LEASE_LOST:
        return "lease lost"
    if problem_type == ProblemType.TIMED_OUT:
        return "timed out"
    if problem_type == ProblemType.NOT_FOUND:
        return "deleted"
    return f"task is {current_status}"


def _describe(failure: BaseException) -> str:
    parts = [f"{type(failure).__name__}: {failure}"]
    seen = {id(failure)}
    cause = failure.__cause__
    while cause is not None and id(cause) not in seen and sum(map(len, parts)) < MAX_ERROR_LENGTH:
        parts.append(f"caused by {type(cause).__name__}: {cause}")
        seen.add(id(cause))
        cause = cause.__cause__
    return "; ".join(parts)[:MAX_ERROR_LENGTH]


def _without_none(values: Dict[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}
