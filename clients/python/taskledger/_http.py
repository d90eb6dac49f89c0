"""One HTTP exchange with the server, on the standard library's ``http.client``.

Each thread keeps one keep-alive connection per client. Answers are decoded JSON; error answers become the
typed exceptions of :mod:`taskledger.errors`. The retry rule lives here, in one place:

* a request that never reached the server (the connection could not be opened) is repeated;
* a 503 is repeated (the server answers 503 only when nothing was changed), after its ``Retry-After``;
* a broken connection after the request was sent, a timeout, a 502 or a 504 leave the outcome unknown: the
  request is repeated only when the caller marked it ``idempotent`` (repeating it cannot do anything twice).
"""

from __future__ import annotations

import http.client
import json
import logging
import random
import select
import socket
import threading
import time
import urllib.parse
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from ._version import __version__
from .errors import ApiError, TaskledgerError, TransportError, error_for

LOG = logging.getLogger("taskledger.http")

JSON = "application/json"
QueryValue = Union[str, int, float, bool, None, Sequence[str]]

_NO_BODY = object()


def segment(value: str) -> str:
    """``value`` as one URL path segment (every reserved character escaped)."""
    return urllib.parse.quote(str(value), safe="")


class RetryPolicy:
    """How often and how long to wait before repeating a request that may be repeated (see the module doc)."""

    def __init__(self, attempts: int = 4, first_delay: float = 0.25, max_delay: float = 5.0) -> None:
        if attempts < 1:
            raise ValueError("attempts must be at least 1")
        self.attempts = attempts
        self.first_delay = first_delay
        self.max_delay = max_delay

    def delay(self, attempt: int, retry_after: Optional[float] = None) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based): exponential with jitter."""
        base = min(self.max_delay, self.first_delay * (2 ** (attempt - 1)))
        wait = base * (0.5 + random.random() / 2)
        if retry_after is not None:
            wait = max(wait, min(retry_after, 30.0))
        return wait


class Transport:
    """Sends requests to one Taskledger server. Thread-safe; every client call goes through :meth:`call`."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: Optional[str] = None,
        tenant: Optional[str] = None,
        timeout: float = 30.0,
        connect_timeout: float = 5.0,
        retry: Optional[RetryPolicy] = None,
    ) -> None:
        parts = urllib.parse.urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"base URL must be http(s)://host[:port][/prefix], got {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port or (443 if self._https else 80)
        self._prefix = parts.path.rstrip("/")
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.retry = retry or RetryPolicy()
        self._headers = {"Accept": f"{JSON}, application/problem+json, */*",
                         "User-Agent": f"taskledger-python/{__version__}"}
        if api_key:
            self._headers["Authorization"] = f"Bearer {api_key}"
        if tenant:
            self._headers["X-Tenant"] = tenant
        self._local = threading.local()

    # ---- the calls ----

    def call(
        self,
        method: str,
        path: str,
        *,
        query: Optional[Mapping[str, QueryValue]] = None,
        json_body: Any = _NO_BODY,
        body: Optional[bytes] = None,
        content_type: Optional[str] = None,
        headers: Optional[Mapping[str, Optional[str]]] = None,
        idempotent: bool,
        extra_timeout: float = 0.0,
    ) -> Any:
        """Sends the request (repeating it where that is safe) and returns the answer's JSON (None if empty)."""
        if json_body is not _NO_BODY:
            body = json.dumps(json_body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
            content_type = JSON
        target = self._target(path, query)
        all_headers = dict(self._headers)
        if body is not None:
            all_headers["Content-Type"] = content_type or JSON
        for name, value in (headers or {}).items():
            if value is not None:
                all_headers[name] = value
        timeout = self.timeout + extra_timeout
        attempt = 0
        while True:
            attempt += 1
            try:
                status, answer_headers, data = self._exchange(method, target, body, all_headers, timeout)
            except TransportError as e:
                if attempt < self.retry.attempts and (not e.sent or idempotent):
                    wait = self.retry.delay(attempt)
                    LOG.debug("%s %s: %s; trying again in %.2f s", method, path, e, wait)
                    time.sleep(wait)
                    continue
                raise
            if status < 400:
                return _decode(method, path, status, data)
            error = error_for(status, _problem(status, data))
            if attempt < self.retry.attempts and (status == 503 or (idempotent and status in (502, 504))):
                wait = self.retry.delay(attempt, _retry_after(answer_headers))
                LOG.debug("%s %s: %s; trying again in %.2f s", method, path, error, wait)
                time.sleep(wait)
                continue
            raise error

    def lines(self, path: str, query: Optional[Mapping[str, QueryValue]] = None) -> Iterator[str]:
        """GETs ``path`` and yields the answer's lines as they arrive (on a connection of its own).

        The request itself is repeated like any GET; once lines have been yielded, a broken connection raises
        :class:`TransportError`. Close the generator (or read it to the end) to free the connection.
        """
        target = self._target(path, query)
        attempt = 0
        while True:
            attempt += 1
            conn = self._new_connection(self.timeout)
            try:
                self._connect(conn)
                try:
                    conn.request("GET", target, headers=self._headers)
                    response = conn.getresponse()
                except (OSError, http.client.HTTPException) as e:
                    raise TransportError(f"GET {self.base_url}{path} failed: {e!r}", sent=True) from e
                if response.status >= 400:
                    data = response.read()
                    error = error_for(response.status, _problem(response.status, data))
                    if attempt < self.retry.attempts and response.status in (502, 503, 504):
                        conn.close()
                        time.sleep(self.retry.delay(attempt, _retry_after(dict(response.getheaders()))))
                        continue
                    raise error
            except TransportError:
                conn.close()
                if attempt < self.retry.attempts:
                    time.sleep(self.retry.delay(attempt))
                    continue
                raise
            except BaseException:
                conn.close()
                raise
            return _read_lines(conn, response, path)

    # ---- plumbing ----

    def _target(self, path: str, query: Optional[Mapping[str, QueryValue]]) -> str:
        target = self._prefix + path
        pairs: List[Tuple[str, str]] = []
        for name, value in (query or {}).items():
            if value is None:
                continue
            if isinstance(value, (list, tuple)):
                pairs.extend((name, str(v)) for v in value)
            elif isinstance(value, bool):
                pairs.append((name, "true" if value else "false"))
            else:
                pairs.append((name, str(value)))
        return target + ("?" + urllib.parse.urlencode(pairs) if pairs else "")

    def _exchange(
        self, method: str, target: str, body: Optional[bytes], headers: Dict[str, str], timeout: float
    ) -> Tuple[int, Dict[str, str], bytes]:
        conn = self._thread_connection()
        self._connect(conn)
        try:
            if conn.sock is not None:
                conn.sock.settimeout(timeout)
            conn.request(method, target, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as e:
            self._discard(conn)
            if isinstance(e, socket.timeout):
                raise TransportError(f"{method} {self.base_url}{target} timed out after {timeout:g} s", sent=True) from e
            raise TransportError(f"{method} {self.base_url}{target} failed: {e!r}", sent=True) from e
        if response.will_close:
            self._discard(conn)
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def _connect(self, conn: http.client.HTTPConnection) -> None:
        """Opens the connection if it is not open: a failure here means the request was never sent."""
        if conn.sock is not None:
            return
        try:
            conn.connect()
        except (OSError, http.client.HTTPException) as e:
            conn.close()
            raise TransportError(f"cannot connect to {self.base_url}: {e!r}", sent=False) from e

    def _thread_connection(self) -> http.client.HTTPConnection:
        conn: Optional[http.client.HTTPConnection] = getattr(self._local, "conn", None)
        if conn is not None and conn.sock is not None and _closed_by_peer(conn.sock):
            conn.close()  # the server closed it while idle: open a fresh one rather than fail on it
        if conn is None:
            conn = self._new_connection(self.timeout)
            self._local.conn = conn
        return conn

    def _discard(self, conn: http.client.HTTPConnection) -> None:
        conn.close()
        if getattr(self._local, "conn", None) is conn:
            del self._local.conn

    def _new_connection(self, timeout: float) -> http.client.HTTPConnection:
        if self._https:
            return http.client.HTTPSConnection(self._host, self._port, timeout=self.connect_timeout)
        return http.client.HTTPConnection(self._host, self._port, timeout=self.connect_timeout)

    def close(self) -> None:
        """Closes this thread's connection (other threads' connections close when their threads end)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            self._discard(conn)


def _closed_by_peer(sock: socket.socket) -> bool:
    """An idle keep-alive socket that is readable has been closed by the server (or holds junk): drop it."""
    try:
        if hasattr(select, "poll"):
            poller = select.poll()
            poller.register(sock, select.POLLIN)
            return bool(poller.poll(0))
        readable, _, _ = select.select([sock], [], [], 0)
        return bool(readable)
    except (OSError, ValueError):
        return True


def _read_lines(conn: http.client.HTTPConnection, response: http.client.HTTPResponse, path: str) -> Iterator[str]:
    try:
        while True:
            try:
                raw = response.readline()
            except (OSError, http.client.HTTPException) as e:
                raise TransportError(f"reading {path} failed: {e!r}", sent=True) from e
            if not raw:
                return
            yield raw.decode("utf-8").rstrip("\r\n")
    finally:
        conn.close()


def _decode(method: str, path: str, status: int, data: bytes) -> Any:
    if not data:
        return None
    try:
        return json.loads(data.decode("utf-8"))
    except ValueError as e:
        raise TaskledgerError(f"{method} {path}: the answer (status {status}) is not JSON: {e}") from e


def _problem(status: int, data: bytes) -> Dict[str, Any]:
    """The problem document of an error answer, or one made up from the status and text when it is not JSON."""
    if data:
        try:
            parsed = json.loads(data.decode("utf-8"))
            if isinstance(parsed, dict):
                parsed.setdefault("status", status)
                return parsed
        except ValueError:
            pass
        text = data.decode("utf-8", "replace")
        return {"title": f"HTTP {status}", "status": status, "detail": text[:500]}
    return {"title": f"HTTP {status}", "status": status}


def _retry_after(headers: Mapping[str, str]) -> Optional[float]:
    value = headers.get("retry-after") or headers.get("Retry-After")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


__all__ = ["ApiError", "RetryPolicy", "Transport", "segment"]


def paged(fetch: Callable[[Optional[str]], Mapping[str, Any]], items: str) -> Iterator[Any]:
    """Every item of a cursor-paged listing: ``fetch(cursor)`` answers one page (``None`` for the first), whose
    ``items`` list is yielded before the page its ``next_cursor`` names is fetched; lazily, as consumed."""
    cursor: Optional[str] = None
    while True:
        page = fetch(cursor)
        yield from page.get(items, [])
        cursor = page.get("next_cursor")
        if not cursor:
            return
