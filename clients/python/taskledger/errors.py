"""Errors the client raises, and the server's problem types.

The server answers every error as RFC 9457 ``application/problem+json`` with a ``type`` of the form
``urn:taskledger:problem:<slug>`` (docs/api.md, "Problem types"). Code that must tell errors apart switches on
that type (or on the exception class chosen from it), never on ``detail``, whose wording may change.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional

PROBLEM_PREFIX = "urn:taskledger:problem:"


class ProblemType:
    """The problem types of the API (docs/api.md, "Problem types"), as the URIs the server sends."""

    BAD_REQUEST = PROBLEM_PREFIX + "bad-request"
    MALFORMED_JSON = PROBLEM_PREFIX + "malformed-json"
    UNAUTHORIZED = PROBLEM_PREFIX + "unauthorized"
    FORBIDDEN = PROBLEM_PREFIX + "forbidden"
    NOT_FOUND = PROBLEM_PREFIX + "not-found"
    METHOD_NOT_ALLOWED = PROBLEM_PREFIX + "method-not-allowed"
    REQUEST_TIMEOUT = PROBLEM_PREFIX + "request-timeout"
    LEASE_LOST = PROBLEM_PREFIX + "lease-lost"
    TASK_CANCELLED = PROBLEM_PREFIX + "task-cancelled"
    TIMED_OUT = PROBLEM_PREFIX + "timed-out"
    NOT_PROCESSING = PROBLEM_PREFIX + "not-processing"
    NOT_CLAIMABLE = PROBLEM_PREFIX + "not-claimable"
    NOT_CANCELLABLE = PROBLEM_PREFIX + "not-cancellable"
    NOT_RETRYABLE = PROBLEM_PREFIX + "not-retryable"
    CONCURRENT_UPDATE = PROBLEM_PREFIX + "concurrent-update"
    DUPLICATE = PROBLEM_PREFIX + "duplicate"
    PRECONDITION_FAILED = PROBLEM_PREFIX + "precondition-failed"
    PAYLOAD_TOO_LARGE = PROBLEM_PREFIX + "payload-too-large"
    URI_TOO_LONG = PROBLEM_PREFIX + "uri-too-long"
    UNSUPPORTED_MEDIA_TYPE = PROBLEM_PREFIX + "unsupported-media-type"
    INVALID_VALUE = PROBLEM_PREFIX + "invalid-value"
    HEADERS_TOO_LARGE = PROBLEM_PREFIX + "headers-too-large"
    INTERNAL = PROBLEM_PREFIX + "internal"
    UNAVAILABLE = PROBLEM_PREFIX + "unavailable"


class TaskledgerError(Exception):
    """Base of every error this package raises."""


class TransportError(TaskledgerError):
    """No answer from the server: it could not be reached, the connection broke, or the request timed out.

    ``sent`` is False when the request certainly never reached the server (the connection could not be
    opened), so repeating it is safe whatever it does.
    """

    def __init__(self, message: str, *, sent: bool) -> None:
        super().__init__(message)
        self.sent = sent


class ApiError(TaskledgerError):
    """The server answered with an error. Carries its problem+json document.

    Attributes: ``status`` (HTTP status), ``type`` (the problem type URI, see :class:`ProblemType`), ``title``,
    ``detail``, ``current_status`` (on a 409 about a task: its status now), ``request_id`` (as in the server's
    log) and ``problem`` (the whole document as sent).
    """

    def __init__(self, status: int, problem: Mapping[str, Any]) -> None:
        self.status = status
        self.problem: Dict[str, Any] = dict(problem)
        self.type: Optional[str] = _text(problem.get("type"))
        self.title: Optional[str] = _text(problem.get("title"))
        self.detail: Optional[str] = _text(problem.get("detail"))
        self.current_status: Optional[str] = _text(problem.get("current_status"))
        self.request_id: Optional[str] = _text(problem.get("request_id"))
        super().__init__(f"{status} {self.title or ''}{': ' + self.detail if self.detail else ''}".strip())

    @property
    def slug(self) -> Optional[str]:
        """The problem type without its ``urn:taskledger:problem:`` prefix (``lease-lost``, ...), or None."""
        if self.type and self.type.startswith(PROBLEM_PREFIX):
            return self.type[len(PROBLEM_PREFIX):]
        return None


class ValidationError(ApiError):
    """400 / 422: the request is malformed or a field is out of bounds (``detail`` names it)."""


class UnauthorizedError(ApiError):
    """401 / 403: no valid API key, or the key may not do this."""


class NotFoundError(ApiError):
    """404: no such task or entry for this tenant (another tenant's task is a 404 too)."""


class ConflictError(ApiError):
    """409: the task's state forbids the call. ``type`` says why, ``current_status`` what the task is now."""

    @property
    def is_cancelled(self) -> bool:
        """True when the task was cancelled: a worker stops and reports nothing."""
        return self.type == ProblemType.TASK_CANCELLED


class LeaseLostError(ConflictError):
    """409 ``lease-lost``: another claim holds the task now (the lease expired); drop it, report nothing."""


class TaskCancelledError(ConflictError):
    """409 ``task-cancelled``: the task was cancelled; stop working on it, report nothing."""


class TimedOutError(ConflictError):
    """409 ``timed-out``: the attempt ran past its execution timeout (``timeout_seconds``); the server fails it
    (and retries it by the usual rules): stop working on it, report nothing."""


class PreconditionFailedError(ApiError):
    """412: ``If-Match`` named a version the task is no longer at; read it again."""


class PayloadTooLargeError(ApiError):
    """413: the body is over the endpoint's limit."""


class ServerUnavailableError(ApiError):
    """502 / 503 / 504: the server or its database cannot serve the request now (503: nothing was changed)."""


_BY_TYPE = {
    ProblemType.LEASE_LOST: LeaseLostError,
    ProblemType.TASK_CANCELLED: TaskCancelledError,
    ProblemType.TIMED_OUT: TimedOutError,
}

_BY_STATUS = {
    400: ValidationError,
    401: UnauthorizedError,
    403: UnauthorizedError,
    404: NotFoundError,
    409: ConflictError,
    412: PreconditionFailedError,
    413: PayloadTooLargeError,
    422: ValidationError,
    502: ServerUnavailableError,
    503: ServerUnavailableError,
    504: ServerUnavailableError,
}


def error_for(status: int, problem: Mapping[str, Any]) -> ApiError:
    """The exception for an error answer: by its problem type where one has its own class, else by status."""
    cls = _BY_TYPE.get(str(problem.get("type"))) or _BY_STATUS.get(status, ApiError)
    return cls(status, problem)


def _text(value: Any) -> Optional[str]:
    return None if value is None else str(value)
