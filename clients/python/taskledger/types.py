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
    timeout_seconds: int
    deadline_at: str
    concurrency_key: str
    rate_limited_until: str


class TaskPage(TypedDict, total=False):
    tasks: List[Task]
    next_cursor: Optional[str]


class RelatedTask(TypedDict, total=False):
    """A parent (with its stored ``result``, absent when none) or a child of a task, and the child's rule."""

    task: Task
    on_parent_failure: str
    result: Any


class ChildPage(TypedDict, total=False):
    children: List[RelatedTask]
    next_cursor: Optional[str]


class BulkResult(TypedDict, total=False):
    action: str
    dry_run: bool
    matched: int
    applied: int
    more: bool


class LimitRate(TypedDict, total=False):
    count: int
    period_seconds: int


class Limit(TypedDict, total=False):
    type: str
    concurrency_key: str
    max_running: int
    rate: LimitRate
    running: int
    started_in_period: int
    rate_limited_until: str
    updated_at: str


class Schedule(TypedDict, total=False):
    id: str
    name: str
    cron: str
    every: str
    time_zone: str
    task: Dict[str, Any]
    misfire: str
    overlap: str
    paused: bool
    next_fire_at: Optional[str]
    last_fire_at: Optional[str]
    last_task_id: Optional[str]
    last_task_status: Optional[str]
    version: int
    created_at: str
    updated_at: str


class SchedulePage(TypedDict, total=False):
    schedules: List[Schedule]
    next_cursor: Optional[str]


class ScheduleEvent(TypedDict, total=False):
    id: str
    schedule_id: str
    kind: str
    detail: Any
    actor: str
    created_at: str


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
