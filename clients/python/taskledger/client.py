"""The blocking client: every queue and ledger call of the HTTP API (docs/api.md) as a method.

>>> client = Client("http://127.0.0.1:8503", api_key="...")
>>> task = client.create("email", {"to": "ada@example.com"})
>>> for t in client.iter_tasks(status="failed", type="email"):
...     client.retry(t["id"])

Thread-safe: create one per process and share it. Answers are plain dicts (see :mod:`taskledger.types`);
errors are the exceptions of :mod:`taskledger.errors`.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from ._http import QueryValue, RetryPolicy, Transport, paged, segment
from .errors import NotFoundError
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
    Stats,
    Task,
    TaskPage,
    TaskResult,
)

TASKS = "/api/v1/tasks"
LEDGER = "/api/v1/ledger"
DEFAULT_URL = "http://127.0.0.1:8503"
MAX_WAIT_SECONDS = 30  # the server's limit for a long-polling claim

Tags = Union[Mapping[str, str], Sequence[str], None]


def _drop_none(values: Mapping[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


class Client:
    """A blocking Taskledger client.

    :param url: the server, e.g. ``http://127.0.0.1:8503`` (default: ``$TASKLEDGER_URL`` or that address)
    :param api_key: sent as ``Authorization: Bearer`` (default: ``$TASKLEDGER_API_KEY``; none in loopback dev mode)
    :param tenant: with an admin key, the tenant to act for (``X-Tenant``)
    :param timeout: seconds to wait for an answer (a long-polling claim adds its wait)
    :param retry: how often a request that may be repeated is repeated (see :mod:`taskledger._http`)
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
    ) -> None:
        self.url = url or os.environ.get("TASKLEDGER_URL") or DEFAULT_URL
        key = api_key if api_key is not None else os.environ.get("TASKLEDGER_API_KEY")
        self._t = Transport(self.url, api_key=key, tenant=tenant, timeout=timeout,
                            connect_timeout=connect_timeout, retry=retry)
        self.ledger = LedgerClient(self._t)
        self.schedules = ScheduleClient(self._t)

    def close(self) -> None:
        """Closes the calling thread's connection (they are reopened on demand)."""
        self._t.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- creating and reading ----

    def create(
        self,
        type: str,
        payload: Any = None,
        *,
        priority: Optional[int] = None,
        metadata: Optional[Mapping[str, Any]] = None,
        tags: Optional[Mapping[str, str]] = None,
        run_at: Optional[str] = None,
        delay_seconds: Optional[int] = None,
        max_attempts: Optional[int] = None,
        lease_seconds: Optional[int] = None,
        idempotency_key: Optional[str] = None,
        dedupe: Optional[bool] = None,
        timeout_seconds: Optional[int] = None,
        concurrency_key: Optional[str] = None,
        depends_on: Optional[Sequence[str]] = None,
        on_parent_failure: Optional[str] = None,
    ) -> Task:
        """Creates one task; with ``idempotency_key`` (or ``dedupe``) a repeat returns the first task.

        ``timeout_seconds`` bounds each attempt (docs/api.md, "Execution timeouts"); ``concurrency_key`` names the
        group the tenant's limits count it in; ``depends_on`` (task ids) makes it wait for those parents (status
        ``waiting``) and ``on_parent_failure`` (``cancel``, the default, or ``run``) says what happens when one fails.
        """
        body = _drop_none({
            "type": type, "payload": payload, "priority": priority, "metadata": metadata, "tags": tags,
            "run_at": run_at, "delay_seconds": delay_seconds, "max_attempts": max_attempts,
            "lease_seconds": lease_seconds, "idempotency_key": idempotency_key, "dedupe": dedupe,
            "timeout_seconds": timeout_seconds, "concurrency_key": concurrency_key,
            "depends_on": None if depends_on is None else list(depends_on), "on_parent_failure": on_parent_failure,
        })
        return self.create_from(body)

    def create_from(self, body: Mapping[str, Any]) -> Task:
        """Creates one task from a request body as the API takes it (incl. seed 001's ``task_type``/``request``)."""
        idempotent = bool(body.get("idempotency_key") or body.get("dedupe"))
        return self._t.call("POST", TASKS, json_body=dict(body), idempotent=idempotent)

    def create_batch(self, tasks: Sequence[Mapping[str, Any]], *, idempotency_key: Optional[str] = None) -> List[Task]:
        """Creates up to 1,000 tasks in one transaction (all or none), answered in request order.

        With ``idempotency_key`` task *i* gets the key ``<key>#<i>``, so repeating the call returns the same tasks.
        A whole workflow in one call: an item may carry a ``ref`` and name the refs of earlier items (or ids of
        existing tasks) in its ``depends_on``.
        """
        answer = self._t.call("POST", TASKS + "/batch", json_body={"tasks": [dict(t) for t in tasks]},
                              headers={"Idempotency-Key": idempotency_key}, idempotent=idempotency_key is not None)
        return answer["tasks"]

    def get(self, task_id: str) -> Task:
        return self._t.call("GET", _task(task_id), idempotent=True)

    def update(
        self,
        task_id: str,
        *,
        state: Optional[str] = None,
        progress: Optional[int] = None,
        metadata: Optional[Mapping[str, Any]] = None,
        tags: Optional[Mapping[str, Optional[str]]] = None,
        priority: Optional[int] = None,
        expected_version: Optional[int] = None,
    ) -> Task:
        """Merge-updates the task; with ``expected_version`` a stale version raises PreconditionFailedError."""
        body = _drop_none({"state": state, "progress": progress, "metadata": metadata, "tags": tags,
                           "priority": priority})
        if_match = None if expected_version is None else f'"{expected_version}"'
        return self._t.call("PATCH", _task(task_id), json_body=body, headers={"If-Match": if_match},
                            idempotent=False)

    def delete(self, task_id: str) -> None:
        """Deletes the task with its events and result."""
        self._t.call("DELETE", _task(task_id), idempotent=False)

    def list(
        self,
        *,
        status: Optional[str] = None,
        type: Optional[str] = None,
        tags: Tags = None,
        created_after: Optional[str] = None,
        created_before: Optional[str] = None,
        idempotency_key: Optional[str] = None,
        sort: Optional[str] = None,
        order: Optional[str] = None,
        limit: Optional[int] = None,
        cursor: Optional[str] = None,
    ) -> TaskPage:
        """One page of tasks (``status`` default pending, or ``all`` with ``idempotency_key``; also waiting, for its
        parents); pass ``next_cursor`` on, with the same ``sort`` (``created_at``, or ``priority`` for pending tasks)
        and ``order`` (``asc``/``desc``)."""
        query: Dict[str, QueryValue] = {
            "status": status, "type": type, "tag": _tag_filter(tags), "created_after": created_after,
            "created_before": created_before, "idempotency_key": idempotency_key, "sort": sort, "order": order,
            "limit": limit, "cursor": cursor,
        }
        return self._t.call("GET", TASKS, query=query, idempotent=True)

    def iter_tasks(
        self,
        *,
        status: Optional[str] = None,
        type: Optional[str] = None,
        tags: Tags = None,
        created_after: Optional[str] = None,
        created_before: Optional[str] = None,
        idempotency_key: Optional[str] = None,
        sort: Optional[str] = None,
        order: Optional[str] = None,
        page_size: int = 100,
    ) -> Iterator[Task]:
        """Every matching task, fetching pages (``page_size`` each) lazily as the iterator is consumed."""
        return paged(lambda cursor: self.list(
            status=status, type=type, tags=tags, created_after=created_after, created_before=created_before,
            idempotency_key=idempotency_key, sort=sort, order=order, limit=page_size, cursor=cursor), "tasks")

    # ---- the worker side ----

    def claim(
        self,
        types: Union[str, Sequence[str], None] = None,
        *,
        limit: int = 1,
        worker: Optional[str] = None,
        lease_seconds: Optional[int] = None,
        wait_seconds: float = 0,
    ) -> List[Task]:
        """Claims up to ``limit`` ready tasks of ``types`` (None = any) for ``worker``.

        With ``wait_seconds`` (at most 30) the server holds the request until a task is ready. Each task carries
        its ``lease_token``. Not repeated on a broken connection: the claim may have happened.
        """
        wait = int(min(MAX_WAIT_SECONDS, max(0, wait_seconds)))
        type_list = [types] if isinstance(types, str) else (list(types) if types else None)
        body = _drop_none({"types": type_list, "limit": limit, "worker": worker, "lease_seconds": lease_seconds,
                           "wait_seconds": wait})
        answer = self._t.call("POST", TASKS + "/claim", json_body=body, idempotent=False, extra_timeout=wait)
        return answer["tasks"]

    def claim_by_id(self, task_id: str, *, worker: Optional[str] = None, lease_seconds: Optional[int] = None) -> Task:
        """Claims this one task (seed 001); ConflictError (``not-claimable``) unless it is pending and ready."""
        body = _drop_none({"worker": worker, "lease_seconds": lease_seconds})
        return self._t.call("POST", _task(task_id) + "/claim", json_body=body, idempotent=False)

    def heartbeat(
        self,
        task_id: str,
        lease_token: Optional[str],
        *,
        lease_seconds: Optional[int] = None,
        progress: Optional[int] = None,
        state: Optional[str] = None,
        metadata: Optional[Mapping[str, Any]] = None,
    ) -> Task:
        """Extends the lease, optionally reporting progress, state and metadata.

        TaskCancelledError when the task was cancelled, LeaseLostError when another claim holds it now.
        """
        body = _drop_none({"lease_token": lease_token, "lease_seconds": lease_seconds, "progress": progress,
                           "state": state, "metadata": metadata})
        return self._t.call("POST", _task(task_id) + "/heartbeat", json_body=body, idempotent=lease_token is not None)

    def heartbeat_all(self, beats: Sequence[Mapping[str, Any]]) -> List[Outcome]:
        """Extends many leases in one request (items ``{id, lease_token, lease_seconds}``); one outcome per item."""
        answer = self._t.call("POST", TASKS + "/heartbeat", json_body={"heartbeats": [dict(b) for b in beats]},
                              idempotent=all(b.get("lease_token") for b in beats))
        return answer["outcomes"]

    def complete(self, task_id: str, lease_token: Optional[str], result: Any = None) -> Task:
        """processing → completed, storing ``result`` (any JSON value; None = no result).

        Repeated safely under the same lease token (the server answers the completed task again).
        """
        body: Dict[str, Any] = _drop_none({"lease_token": lease_token})
        if result is not None:
            body["result"] = result
        return self._t.call("POST", _task(task_id) + "/complete", json_body=body, idempotent=lease_token is not None)

    def complete_all(self, completions: Sequence[Mapping[str, Any]]) -> List[Outcome]:
        """Completes many tasks in one transaction (items ``{id, lease_token, result}``); one outcome per item."""
        answer = self._t.call("POST", TASKS + "/complete", json_body={"completions": [dict(c) for c in completions]},
                              idempotent=all(c.get("lease_token") for c in completions))
        return answer["outcomes"]

    def fail(
        self,
        task_id: str,
        lease_token: Optional[str],
        error: str,
        *,
        retryable: bool = True,
        retry_in_seconds: Optional[int] = None,
    ) -> Task:
        """processing → pending again (after backoff, or ``retry_in_seconds``) while attempts remain and
        ``retryable``; else → failed."""
        body = _drop_none({"lease_token": lease_token, "error": error, "retryable": retryable,
                           "retry_in_seconds": retry_in_seconds})
        return self._t.call("POST", _task(task_id) + "/fail", json_body=body, idempotent=False)

    def release(self, task_id: str, lease_token: str) -> Task:
        """Hands back a claimed task whose work never started: pending and ready at once, the attempt not counted."""
        return self._t.call("POST", _task(task_id) + "/release", json_body={"lease_token": lease_token},
                            idempotent=False)

    # ---- operator transitions and reads ----

    def cancel(self, task_id: str) -> Task:
        """waiting, pending or processing → cancelled; a worker holding it learns so at its next heartbeat."""
        return self._t.call("POST", _task(task_id) + "/cancel", idempotent=False)

    def retry(self, task_id: str) -> Task:
        """failed or cancelled → pending with retry_count 0."""
        return self._t.call("POST", _task(task_id) + "/retry", idempotent=False)

    def events(self, task_id: str) -> List[Event]:
        """The latest (at most 100) events, newest first."""
        return self._t.call("GET", _task(task_id) + "/events", idempotent=True)["events"]

    def iter_events(self, task_id: str, *, page_size: int = 100) -> Iterator[Event]:
        """Every event of the task, newest first, fetching pages lazily."""
        return paged(lambda cursor: self._t.call("GET", _task(task_id) + "/events",
                                                 query={"limit": page_size, "cursor": cursor}, idempotent=True),
                     "events")

    def parents(self, task_id: str) -> List[RelatedTask]:
        """The task's parents in ``depends_on`` order, each ``{"task", "on_parent_failure", "result"}``."""
        return self._t.call("GET", _task(task_id) + "/parents", idempotent=True)["parents"]

    def children(self, task_id: str, *, limit: Optional[int] = None, cursor: Optional[str] = None) -> ChildPage:
        """One page of the tasks that depend on this one, by id; pass ``next_cursor`` on."""
        return self._t.call("GET", _task(task_id) + "/children", query={"limit": limit, "cursor": cursor},
                            idempotent=True)

    def bulk(self, action: str, *, status: str, type: Optional[str] = None, tags: Optional[Mapping[str, str]] = None,
             created_after: Optional[str] = None, created_before: Optional[str] = None,
             dry_run: bool = False) -> BulkResult:
        """``retry``, ``cancel`` or ``delete`` every task the filter selects (at most 100,000 per call; ``more``
        says to call again); ``dry_run`` only counts. See docs/api.md, "Bulk actions"."""
        task_filter = _drop_none({"status": status, "type": type, "tags": None if tags is None else dict(tags),
                                  "created_after": created_after, "created_before": created_before})
        return self._t.call("POST", f"{TASKS}/bulk/{segment(action)}",
                            json_body={"filter": task_filter, "dry_run": dry_run}, idempotent=dry_run)

    def result(self, task_id: str) -> TaskResult:
        """The stored result; NotFoundError when the task has none."""
        return self._t.call("GET", _task(task_id) + "/result", idempotent=True)

    def stats(self) -> Stats:
        """Counts per type and status, and the age of the oldest ready task."""
        return self._t.call("GET", "/api/v1/stats", idempotent=True)

    def throughput(self) -> Dict[str, Any]:
        """Tasks completed and failed per minute over the last hour (oldest first)."""
        return self._t.call("GET", "/api/v1/stats/throughput", idempotent=True)

    def workers(self) -> List[Dict[str, Any]]:
        """The workers seen in the last minute, with ``in_flight`` and ``last_seen_at``."""
        return self._t.call("GET", "/api/v1/workers", idempotent=True)["workers"]

    def whoami(self) -> Dict[str, Any]:
        """The tenant this key acts for and whether it is the admin key."""
        return self._t.call("GET", "/api/v1/whoami", idempotent=True)

    # ---- concurrency and rate limits ----

    def put_limit(self, type: Optional[str] = None, *, concurrency_key: Optional[str] = None,
                  max_running: Optional[int] = None, rate: Optional[Tuple[int, int]] = None) -> Limit:
        """Sets the tenant's limit of (type, concurrency_key): ``max_running`` tasks at once and/or ``rate`` =
        (count, period_seconds) starts per sliding window. Replaces the limit of that key."""
        body = _drop_none({"type": type, "concurrency_key": concurrency_key, "max_running": max_running,
                           "rate": None if rate is None else {"count": rate[0], "period_seconds": rate[1]}})
        return self._t.call("PUT", "/api/v1/limits", json_body=body, idempotent=True)

    def limits(self) -> List[Limit]:
        """The tenant's limits, each with its current use."""
        return self._t.call("GET", "/api/v1/limits", idempotent=True)["limits"]

    def delete_limit(self, type: Optional[str] = None, *, concurrency_key: Optional[str] = None) -> None:
        """Removes the limit of (type, concurrency_key); NotFoundError when there is none."""
        self._t.call("DELETE", "/api/v1/limits", query={"type": type, "concurrency_key": concurrency_key},
                     idempotent=True)

    def health(self) -> Health:
        return self._t.call("GET", "/health", idempotent=True)


class LedgerClient:
    """The ledger of one-off work (seed 000), as ``client.ledger``."""

    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def record(self, task_name: str, task_item: str, status: Optional[str] = None,
               note: Optional[str] = None) -> LedgerEntry:
        """Records one attempt (an upsert: the first has retries 0, each later one adds a retry and replaces
        status and note). ``status``: ok, fail, pending, partial or unknown (None = unknown)."""
        body = _drop_none({"task_name": task_name, "task_item": task_item, "status": status, "note": note})
        return self._t.call("POST", LEDGER, json_body=body, idempotent=False)

    def record_batch(self, records: Sequence[Mapping[str, Any]]) -> int:
        """Records many attempts (validated whole before any is written); returns how many were recorded."""
        return self._t.call("POST", LEDGER + "/batch", json_body=[dict(r) for r in records],
                            idempotent=False)["recorded"]

    def record_batch_text(self, body: Union[str, bytes], content_type: str = "text/csv") -> int:
        """Records a batch given as CSV (header ``task_name,task_item,status,note``) or NDJSON
        (``application/x-ndjson``) text."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        return self._t.call("POST", LEDGER + "/batch", body=data, content_type=content_type,
                            idempotent=False)["recorded"]

    def get(self, task_name: str, task_item: str) -> Optional[LedgerEntry]:
        """The entry of (name, item), or None."""
        try:
            return self._t.call("GET", LEDGER + "/entry", query={"task_name": task_name, "task_item": task_item},
                                idempotent=True)
        except NotFoundError:
            return None

    def delete(self, task_name: str, task_item: str) -> Optional[LedgerEntry]:
        """Deletes the entry of (name, item); returns it as it was, or None when there was none."""
        try:
            return self._t.call("DELETE", LEDGER + "/entry", query={"task_name": task_name, "task_item": task_item},
                                idempotent=False)
        except NotFoundError:
            return None

    def list(self, *, task_name: Optional[str] = None, status: Optional[str] = None,
             updated_after: Optional[str] = None, limit: Optional[int] = None,
             cursor: Optional[str] = None) -> LedgerPage:
        """One page of entries in id order; pass ``next_cursor`` on."""
        query: Dict[str, QueryValue] = {"task_name": task_name, "status": status, "updated_after": updated_after,
                                        "limit": limit, "cursor": cursor}
        return self._t.call("GET", LEDGER, query=query, idempotent=True)

    def iter_entries(self, *, task_name: Optional[str] = None, status: Optional[str] = None,
                     updated_after: Optional[str] = None, page_size: int = 500) -> Iterator[LedgerEntry]:
        """Every matching entry, fetching pages lazily."""
        return paged(lambda cursor: self.list(task_name=task_name, status=status, updated_after=updated_after,
                                              limit=page_size, cursor=cursor), "entries")

    def summary(self, task_name: Optional[str] = None) -> List[LedgerSummary]:
        """Per task_name (all, or just ``task_name``): counts per status, first/last attempt, total retries."""
        return self._t.call("GET", LEDGER + "/summary", query={"task_name": task_name},
                            idempotent=True)["summaries"]

    def reconcile(self, task_name: str, expected_items: Iterable[str]) -> ReconcileReport:
        """Which of ``expected_items`` have no entry under ``task_name``, and which are not ok (read-only)."""
        return self._t.call("POST", LEDGER + "/reconcile", query={"task_name": task_name},
                            json_body={"items": list(expected_items)}, idempotent=True)

    def export(self, *, task_name: Optional[str] = None, status: Optional[str] = None,
               updated_after: Optional[str] = None, format: str = "csv") -> Iterator[str]:
        """The export as lines (``csv`` with a header line, or ``ndjson``), read from the connection as they are
        consumed; close the generator (``contextlib.closing``) if you stop early."""
        query: Dict[str, QueryValue] = {"task_name": task_name, "status": status, "updated_after": updated_after,
                                        "format": format}
        return self._t.lines(LEDGER + "/export", query)


def _task(task_id: str) -> str:
    return f"{TASKS}/{segment(task_id)}"


def _tag_filter(tags: Tags) -> Optional[List[str]]:
    if tags is None:
        return None
    if isinstance(tags, Mapping):
        return [f"{k}:{v}" for k, v in tags.items()]
    return list(tags)
