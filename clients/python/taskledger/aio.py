"""The asyncio client: the same calls as :class:`taskledger.client.Client`, as coroutines.

The standard library has no asyncio HTTP client, so each call runs the blocking call on a thread of the
client's own pool (``max_threads``, so long-polling claims cannot starve the event loop's default executor).
The event loop never blocks. Cancelling a coroutine stops waiting for the answer; the request itself still
completes on its thread.

>>> async with AsyncClient("http://127.0.0.1:8503") as client:
...     task = await client.create("email", {"to": "ada@example.com"})
"""

from __future__ import annotations

import asyncio
import functools
from concurrent.futures import ThreadPoolExecutor
from typing import (Any, AsyncIterator, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, TypeVar,
                    Union)

from ._http import RetryPolicy
from .client import Client, LedgerClient, Tags
from .schedules import ScheduleClient
from .types import (
    BulkResult,
    ChildPage,
    Event,
    Health,
    LedgerEntry,
    LedgerPage,
    LedgerSummary,
    Limit,
    Outcome,
    ReconcileReport,
    RelatedTask,
    Schedule,
    ScheduleEvent,
    SchedulePage,
    Stats,
    Task,
    TaskPage,
    TaskResult,
)

T = TypeVar("T")
_LINES_PER_HOP = 1000


class _Runner:
    """Runs blocking calls on a private thread pool and awaits them."""

    def __init__(self, max_threads: int) -> None:
        self.pool = ThreadPoolExecutor(max_workers=max_threads, thread_name_prefix="taskledger-io")

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.pool, functools.partial(fn, *args, **kwargs))

    async def iterate(self, it: Iterator[T], per_hop: int) -> AsyncIterator[T]:
        """Drains a blocking iterator ``per_hop`` items per thread hop."""
        def chunk() -> List[T]:
            out: List[T] = []
            for item in it:
                out.append(item)
                if len(out) >= per_hop:
                    break
            return out

        try:
            while True:
                items = await self.run(chunk)
                if not items:
                    return
                for item in items:
                    yield item
        finally:
            close = getattr(it, "close", None)
            if close is not None:
                await self.run(close)


class AsyncClient:
    """An asyncio Taskledger client. Arguments as for :class:`Client`, or ``client=`` an existing one.

    :param max_threads: how many requests may be in flight at once (each holds a thread while it waits)
    """

    def __init__(
        self,
        url: Optional[str] = None,
        *,
        api_key: Optional[str] = None,
        tenant: Optional[str] = None,
        timeout: float = 30.0,
        connect_timeout: float = 5.0,
        retry: Optional[RetryPolicy] = None,
        client: Optional[Client] = None,
        max_threads: int = 32,
    ) -> None:
        self.sync = client or Client(url, api_key=api_key, tenant=tenant, timeout=timeout,
                                     connect_timeout=connect_timeout, retry=retry)
        self._r = _Runner(max_threads)
        self.ledger = AsyncLedgerClient(self.sync.ledger, self._r)
        self.schedules = AsyncScheduleClient(self.sync.schedules, self._r)

    async def aclose(self) -> None:
        """Stops the client's threads (waiting for requests in flight)."""
        await asyncio.get_running_loop().run_in_executor(None, functools.partial(self._r.pool.shutdown, wait=True))

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Runs any blocking function on the client's threads (as every call here does)."""
        return await self._r.run(fn, *args, **kwargs)

    async def create(self, type: str, payload: Any = None, **options: Any) -> Task:
        """See :meth:`Client.create`."""
        return await self._r.run(self.sync.create, type, payload, **options)

    async def create_from(self, body: Mapping[str, Any]) -> Task:
        return await self._r.run(self.sync.create_from, body)

    async def create_batch(self, tasks: Sequence[Mapping[str, Any]], *,
                           idempotency_key: Optional[str] = None) -> List[Task]:
        return await self._r.run(self.sync.create_batch, tasks, idempotency_key=idempotency_key)

    async def get(self, task_id: str) -> Task:
        return await self._r.run(self.sync.get, task_id)

    async def update(self, task_id: str, **fields: Any) -> Task:
        """See :meth:`Client.update`."""
        return await self._r.run(self.sync.update, task_id, **fields)

    async def delete(self, task_id: str) -> None:
        await self._r.run(self.sync.delete, task_id)

    async def list(self, **filters: Any) -> TaskPage:
        """See :meth:`Client.list`."""
        return await self._r.run(self.sync.list, **filters)

    async def iter_tasks(self, *, status: Optional[str] = None, type: Optional[str] = None, tags: Tags = None,
                         created_after: Optional[str] = None, created_before: Optional[str] = None,
                         idempotency_key: Optional[str] = None, sort: Optional[str] = None,
                         order: Optional[str] = None, page_size: int = 100) -> AsyncIterator[Task]:
        """Every matching task, one page per request, as an async iterator."""
        cursor: Optional[str] = None
        while True:
            page = await self.list(status=status, type=type, tags=tags, created_after=created_after,
                                   created_before=created_before, idempotency_key=idempotency_key, sort=sort,
                                   order=order, limit=page_size, cursor=cursor)
            for task in page.get("tasks", []):
                yield task
            cursor = page.get("next_cursor")
            if not cursor:
                return

    async def claim(self, types: Union[str, Sequence[str], None] = None, *, limit: int = 1,
                    worker: Optional[str] = None, lease_seconds: Optional[int] = None,
                    wait_seconds: float = 0) -> List[Task]:
        return await self._r.run(self.sync.claim, types, limit=limit, worker=worker, lease_seconds=lease_seconds,
                                 wait_seconds=wait_seconds)

    async def claim_by_id(self, task_id: str, *, worker: Optional[str] = None,
                          lease_seconds: Optional[int] = None) -> Task:
        return await self._r.run(self.sync.claim_by_id, task_id, worker=worker, lease_seconds=lease_seconds)

    async def heartbeat(self, task_id: str, lease_token: Optional[str], **fields: Any) -> Task:
        """See :meth:`Client.heartbeat`."""
        return await self._r.run(self.sync.heartbeat, task_id, lease_token, **fields)

    async def heartbeat_all(self, beats: Sequence[Mapping[str, Any]]) -> List[Outcome]:
        return await self._r.run(self.sync.heartbeat_all, beats)

    async def complete(self, task_id: str, lease_token: Optional[str], result: Any = None) -> Task:
        return await self._r.run(self.sync.complete, task_id, lease_token, result)

    async def complete_all(self, completions: Sequence[Mapping[str, Any]]) -> List[Outcome]:
        return await self._r.run(self.sync.complete_all, completions)

    async def fail(self, task_id: str, lease_token: Optional[str], error: str, *, retryable: bool = True,
                   retry_in_seconds: Optional[int] = None) -> Task:
        return await self._r.run(self.sync.fail, task_id, lease_token, error, retryable=retryable,
                                 retry_in_seconds=retry_in_seconds)

    async def release(self, task_id: str, lease_token: str) -> Task:
        return await self._r.run(self.sync.release, task_id, lease_token)

    async def cancel(self, task_id: str) -> Task:
        return await self._r.run(self.sync.cancel, task_id)

    async def retry(self, task_id: str) -> Task:
        return await self._r.run(self.sync.retry, task_id)

    async def events(self, task_id: str) -> List[Event]:
        return await self._r.run(self.sync.events, task_id)

    async def result(self, task_id: str) -> TaskResult:
        return await self._r.run(self.sync.result, task_id)

    async def iter_events(self, task_id: str, *, page_size: int = 100) -> AsyncIterator[Event]:
        """See :meth:`Client.iter_events`."""
        async for event in self._r.iterate(self.sync.iter_events(task_id, page_size=page_size), page_size):
            yield event

    async def parents(self, task_id: str) -> List[RelatedTask]:
        return await self._r.run(self.sync.parents, task_id)

    async def children(self, task_id: str, *, limit: Optional[int] = None, cursor: Optional[str] = None) -> ChildPage:
        return await self._r.run(self.sync.children, task_id, limit=limit, cursor=cursor)

    async def bulk(self, action: str, **filter_and_dry_run: Any) -> BulkResult:
        """See :meth:`Client.bulk`."""
        return await self._r.run(self.sync.bulk, action, **filter_and_dry_run)

    async def stats(self) -> Stats:
        return await self._r.run(self.sync.stats)

    async def throughput(self) -> Dict[str, Any]:
        return await self._r.run(self.sync.throughput)

    async def workers(self) -> List[Dict[str, Any]]:
        return await self._r.run(self.sync.workers)

    async def whoami(self) -> Dict[str, Any]:
        return await self._r.run(self.sync.whoami)

    async def put_limit(self, type: Optional[str] = None, **limit: Any) -> Limit:
        """See :meth:`Client.put_limit`."""
        return await self._r.run(self.sync.put_limit, type, **limit)

    async def limits(self) -> List[Limit]:
        return await self._r.run(self.sync.limits)

    async def delete_limit(self, type: Optional[str] = None, *, concurrency_key: Optional[str] = None) -> None:
        await self._r.run(self.sync.delete_limit, type, concurrency_key=concurrency_key)

    async def health(self) -> Health:
        return await self._r.run(self.sync.health)


class AsyncLedgerClient:
    """The ledger calls of :class:`LedgerClient`, as coroutines (``async_client.ledger``)."""

    def __init__(self, sync: LedgerClient, runner: _Runner) -> None:
        self.sync = sync
        self._r = runner

    async def record(self, task_name: str, task_item: str, status: Optional[str] = None,
                     note: Optional[str] = None) -> LedgerEntry:
        return await self._r.run(self.sync.record, task_name, task_item, status, note)

    async def record_batch(self, records: Sequence[Mapping[str, Any]]) -> int:
        return await self._r.run(self.sync.record_batch, records)

    async def record_batch_text(self, body: Union[str, bytes], content_type: str = "text/csv") -> int:
        return await self._r.run(self.sync.record_batch_text, body, content_type)

    async def get(self, task_name: str, task_item: str) -> Optional[LedgerEntry]:
        return await self._r.run(self.sync.get, task_name, task_item)

    async def delete(self, task_name: str, task_item: str) -> Optional[LedgerEntry]:
        return await self._r.run(self.sync.delete, task_name, task_item)

    async def list(self, **filters: Any) -> LedgerPage:
        """See :meth:`LedgerClient.list`."""
        return await self._r.run(self.sync.list, **filters)

    async def iter_entries(self, **filters: Any) -> AsyncIterator[LedgerEntry]:
        """See :meth:`LedgerClient.iter_entries`."""
        async for entry in self._r.iterate(self.sync.iter_entries(**filters), _LINES_PER_HOP):
            yield entry

    async def summary(self, task_name: Optional[str] = None) -> List[LedgerSummary]:
        return await self._r.run(self.sync.summary, task_name)

    async def reconcile(self, task_name: str, expected_items: Iterable[str]) -> ReconcileReport:
        return await self._r.run(self.sync.reconcile, task_name, list(expected_items))

    async def export(self, **filters: Any) -> AsyncIterator[str]:
        """The export's lines (see :meth:`LedgerClient.export`), read on a thread a thousand lines at a time."""
        lines = await self._r.run(self.sync.export, **filters)
        async for line in self._r.iterate(lines, _LINES_PER_HOP):
            yield line


class AsyncScheduleClient:
    """The schedule calls of :class:`ScheduleClient`, as coroutines (``async_client.schedules``)."""

    def __init__(self, sync: ScheduleClient, runner: _Runner) -> None:
        self.sync = sync
        self._r = runner

    async def create(self, name: str, **definition: Any) -> Schedule:
        """See :meth:`ScheduleClient.create`."""
        return await self._r.run(self.sync.create, name, **definition)

    async def put(self, name: str, **definition: Any) -> Schedule:
        """See :meth:`ScheduleClient.put`."""
        return await self._r.run(self.sync.put, name, **definition)

    async def get(self, schedule_id: str) -> Schedule:
        return await self._r.run(self.sync.get, schedule_id)

    async def list(self, *, limit: Optional[int] = None, cursor: Optional[str] = None) -> SchedulePage:
        return await self._r.run(self.sync.list, limit=limit, cursor=cursor)

    async def update(self, schedule_id: str, **fields: Any) -> Schedule:
        return await self._r.run(self.sync.update, schedule_id, **fields)

    async def delete(self, schedule_id: str) -> None:
        await self._r.run(self.sync.delete, schedule_id)

    async def pause(self, schedule_id: str) -> Schedule:
        return await self._r.run(self.sync.pause, schedule_id)

    async def resume(self, schedule_id: str) -> Schedule:
        return await self._r.run(self.sync.resume, schedule_id)

    async def next(self, schedule_id: str, count: int = 5) -> List[str]:
        return await self._r.run(self.sync.next, schedule_id, count)

    async def events(self, schedule_id: str) -> List[ScheduleEvent]:
        return await self._r.run(self.sync.events, schedule_id)
