"""The JSON documents of the API as typed dictionaries (field names exactly as on the wire, docs/api.md).

Answers are plain ``dict`` objects, so they print, serialise and compare as JSON; these types only tell a type
checker which keys to expect. Every key is optional (``total=False``): the server leaves out null fields.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, TypedDict


class Task(TypedDict, total=False):
    id: str
    task_id: str
    tenant: str
    type: str
    status: str
    state: str
    progress: int
    priority: int
    payload: Any
    metadata: Dict[str, Any]
    tags: Dict[str, str]
    error: str
    retry_count: int
    max_attempts: int
    lease_seconds: int
    run_at: str
    worker: str
    lease_token: str
    lease_expires_at: str
    created_at: str
    updated_at: str
    started_at: str
    finished_at: str
    version: int


class TaskPage(TypedDict, total=False):
    tasks: List[Task]
    next_cursor: Optional[str]


class Event(TypedDict, total=False):
    id: str
    task_id: str
    status: str
    state: str
    detail: Any
    actor: str
    created_at: str


class TaskResult(TypedDict, total=False):
    task_id: str
    result: Any
    created_at: str


class StatsCount(TypedDict, total=False):
    type: str
    status: str
    count: int


class Stats(TypedDict, total=False):
    counts: List[StatsCount]
    by_status: Dict[str, int]
    oldest_ready_run_at: str
    oldest_ready_age_seconds: float


class Outcome(TypedDict, total=False):
    """One item's outcome in a batch completion or heartbeat answer."""

    id: str
    outcome: str
    status: int
    type: str
    current_status: str
    detail: str
    lease_expires_at: str


class LedgerEntry(TypedDict, total=False):
    id: str  # opaque (docs/api.md, "Ledger ids")
    task_name: str
    task_item: str
    retries: int
    status: str
    note: str
    created: str
    updated: str


class LedgerRecord(TypedDict, total=False):
    task_name: str
    task_item: str
    status: str
    note: str


class LedgerPage(TypedDict, total=False):
    entries: List[LedgerEntry]
    next_cursor: Optional[str]


class LedgerSummary(TypedDict, total=False):
    task_name: str
    total: int
    by_status: Dict[str, int]
    first_attempt: str
    last_attempt: str
    total_retries: int


class ReconcileReport(TypedDict, total=False):
    task_name: str
    expected: int
    ok: int
    missing: List[str]
    not_ok: List[LedgerEntry]


class Health(TypedDict, total=False):
    status: str
    service: str
    database: str
