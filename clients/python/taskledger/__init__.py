"""Taskledger's Python client: the HTTP API as calls (blocking and asyncio), a worker runtime, seed 001's
functions (:mod:`taskledger.task_client`) and the ``taskledger`` command-line tool. Standard library only."""

from ._http import RetryPolicy
from ._version import __version__
from .aio import AsyncClient, AsyncLedgerClient
from .client import Client, LedgerClient
from .schedules import ScheduleClient
from .errors import (
    ApiError,
    ConflictError,
    LeaseLostError,
    NotFoundError,
    PayloadTooLargeError,
    PreconditionFailedError,
    ProblemType,
    ServerUnavailableError,
    TaskCancelledError,
    TaskledgerError,
    TimedOutError,
    TransportError,
    UnauthorizedError,
    ValidationError,
)
from .worker import NonRetryableError, TaskContext, TaskStopped, Worker, WorkerStats

__all__ = [
    "__version__",
    "ApiError",
    "AsyncClient",
    "AsyncLedgerClient",
    "Client",
    "ConflictError",
    "LeaseLostError",
    "LedgerClient",
    "NonRetryableError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PreconditionFailedError",
    "ProblemType",
    "RetryPolicy",
    "ScheduleClient",
    "ServerUnavailableError",
    "TaskCancelledError",
    "TaskContext",
    "TaskStopped",
    "TaskledgerError",
    "TimedOutError",
    "TransportError",
    "UnauthorizedError",
    "ValidationError",
    "Worker",
    "WorkerStats",
]
