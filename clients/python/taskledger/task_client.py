"""Seed 001's client functions (``database_layer.common.task_client``) on Taskledger.

Code written against seed 001 runs by changing one import line::

    from taskledger.task_client import create_task, get_pending_tasks, claim_task, complete_task, fail_task

Configured by the environment, read at the first call:

* ``TASK_REPO_URL`` — the server, e.g. ``http://task-repo-service:8503``; else
* ``HOST`` and ``PORT`` — seed 001's service variables (``0.0.0.0`` or unset means this machine, the port
  defaults to 8503). In a service that has its own ``HOST``/``PORT``, set ``TASK_REPO_URL``.
* ``API_KEY`` — seed 001's key, sent as ``Authorization: Bearer``.

Behaviour, function by function:

* ``create_task(task_data)`` returns the new task's id; an error raises (a typed
  :class:`taskledger.errors.TaskledgerError`): a lost task creation must not pass silently.
* ``get_pending_tasks(task_type=None, limit=10)`` returns the pending tasks (dicts) in claim order.
* ``claim_task(task_id)`` returns the claimed task, or None when it cannot be claimed (taken, not ready, gone).
* ``complete_task(task_id, results)`` / ``fail_task(task_id, error)`` return True when the server accepted the
  report, False when it refused it (the task is not processing, was cancelled, or another worker's lease holds
  it now). A task claimed through this module is reported under its claim's lease token, so a worker whose
  lease expired cannot overwrite the next attempt. ``fail_task`` leaves retrying to the server: the task is
  pending again while attempts remain (``max_attempts``, default 3), else failed.

Connection failures raise :class:`taskledger.errors.TransportError` from every function.
"""

from __future__ import annotations

import collections
import os
import socket
import threading
from typing import Any, Awaitable, Callable, Dict, List, Optional

from .aio import AsyncClient
from .client import DEFAULT_URL
from .errors import ConflictError, NotFoundError

__all__ = ["create_task", "get_pending_tasks", "claim_task", "complete_task", "fail_task", "configure"]

_MAX_REMEMBERED_LEASES = 10_000

_lock = threading.Lock()
_client: Optional[AsyncClient] = None
_worker = f"{socket.gethostname()}-{os.getpid()}"
# lease tokens of the tasks this process claimed, so complete/fail are sent under them (oldest forgotten first)
_leases: "collections.OrderedDict[str, str]" = collections.OrderedDict()


def url_from_env() -> str:
    """The server this module talks to, from ``TASK_REPO_URL`` or ``HOST``/``PORT``."""
    url = os.environ.get("TASK_REPO_URL")
    if url:
        return url
    host = os.environ.get("HOST", "").strip()
    port = os.environ.get("PORT", "").strip()
    if not host and not port:
        return DEFAULT_URL
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
    return f"http://{host}:{port or 8503}"


def configure(url: Optional[str] = None, api_key: Optional[str] = None) -> None:
    """Points the module at another server (default: the environment, read again)."""
    global _client
    with _lock:
        _client = _new_client(url, api_key)


def _new_client(url: Optional[str], api_key: Optional[str]) -> AsyncClient:
    return AsyncClient(url or url_from_env(), api_key=api_key if api_key is not None else os.environ.get("API_KEY"))


def _get() -> AsyncClient:
    global _client
    with _lock:
        if _client is None:
            _client = _new_client(None, None)
        return _client


async def create_task(task_data: Dict[str, Any]) -> str:
    """Creates a task from seed 001's task document (``task_type``, ``request``, ``template``, ``tags``, ...)
    and returns its id."""
    task = await _get().create_from(task_data)
    return task["task_id"]


async def get_pending_tasks(task_type: Optional[str] = None, limit: int = 10) -> List[Dict[str, Any]]:
    """The pending tasks (of ``task_type``, or any), at most ``limit``, in the order workers claim them."""
    page = await _get().list(status="pending", type=task_type, limit=limit)
    return list(page["tasks"])


async def claim_task(task_id: str) -> Optional[Dict[str, Any]]:
    """Claims the task for this process; returns it (status processing), or None when it cannot be claimed."""
    try:
        task = await _get().claim_by_id(task_id, worker=_worker)
    except (ConflictError, NotFoundError):
        return None
    token = task.get("lease_token")
    if token:
        with _lock:
            _leases[task_id] = token
            while len(_leases) > _MAX_REMEMBERED_LEASES:
                _leases.popitem(last=False)
    return dict(task)


async def complete_task(task_id: str, results: Dict[str, Any]) -> bool:
    """Marks the task completed with ``results``; False when the server refused (not processing, cancelled,
    lease lost, no such task)."""
    return await _report(task_id, lambda client, token: client.complete(task_id, token, results))


async def fail_task(task_id: str, error: str) -> bool:
    """Reports the attempt as failed with ``error`` (retried by the server while attempts remain); False when
    the server refused."""
    return await _report(task_id, lambda client, token: client.fail(task_id, token, str(error)))


async def _report(task_id: str, send: Callable[[AsyncClient, Optional[str]], Awaitable[Any]]) -> bool:
    with _lock:
        token = _leases.get(task_id)
    try:
        await send(_get(), token)
        answer = True
    except (ConflictError, NotFoundError):
        answer = False
    with _lock:  # the server has answered: this claim's token is of no further use
        _leases.pop(task_id, None)
    return answer
