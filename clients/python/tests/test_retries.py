"""Which failures the client repeats. A real server cannot be made to answer 503 or drop a connection on
demand, so these run against a scripted stand-in (standard library HTTP server) that records every request."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator, List, Tuple

import pytest

from taskledger import Client, RetryPolicy, ServerUnavailableError, TransportError

FAST = RetryPolicy(attempts=4, first_delay=0.01, max_delay=0.05)


class Script:
    """The answers to give, in order: ("json", status, body) or ("drop",) — read the request, close unanswered."""

    def __init__(self, *steps: Tuple) -> None:
        self.steps = list(steps)
        self.seen: List[str] = []


def _handler(script: Script) -> type:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            script.seen.append(f"{self.command} {self.path}")
            step = script.steps.pop(0) if script.steps else ("json", 200, {})
            if step[0] == "drop":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            _, status, body = step
            data = json.dumps(body).encode()
            self.send_response(status)
            ctype = "application/problem+json" if status >= 400 else "application/json"
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_DELETE = do_PATCH = _answer

    return Handler


@pytest.fixture
def stub() -> Iterator[Tuple[Script, Client, ThreadingHTTPServer]]:
    script = Script()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(script))
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    client = Client(f"http://127.0.0.1:{server.server_address[1]}", retry=FAST, timeout=5)
    yield script, client, server
    server.shutdown()
    server.server_close()


UNAVAILABLE = ("json", 503, {"type": "urn:taskledger:problem:unavailable", "title": "Service unavailable",
                             "status": 503, "detail": "database down"})


def test_503_is_repeated_even_for_calls_that_change_things(stub) -> None:  # type: ignore[no-untyped-def]
    script, client, _ = stub
    script.steps = [UNAVAILABLE, UNAVAILABLE, ("json", 200, {"id": "t1", "status": "cancelled"})]
    assert client.cancel("t1")["status"] == "cancelled"  # a 503 means nothing was changed
    assert script.seen == ["POST /api/v1/tasks/t1/cancel"] * 3


def test_503_gives_up_after_the_policy_attempts(stub) -> None:  # type: ignore[no-untyped-def]
    script, client, _ = stub
    script.steps = [UNAVAILABLE] * 10
    with pytest.raises(ServerUnavailableError) as e:
        client.stats()
    assert e.value.status == 503 and e.value.detail == "database down" and len(script.seen) == 4


def test_broken_connection_after_sending_is_not_repeated_when_unsafe(stub) -> None:  # type: ignore[no-untyped-def]
    script, client, _ = stub
    script.steps = [("drop",), ("json", 200, {"tasks": []})]
    with pytest.raises(TransportError) as e:
        client.claim("x", worker="w")  # the claim may have happened: repeating could claim twice
    assert e.value.sent
    script.steps = [("drop",), ("json", 200, {"id": "t1"})]
    with pytest.raises(TransportError):
        client.fail("t1", "token", "boom")
    script.steps = [("drop",), ("json", 200, {"id": 1})]
    with pytest.raises(TransportError):
        client.ledger.record("job", "item", "ok")  # an upsert counts a retry each time
    assert script.seen == ["POST /api/v1/tasks/claim", "POST /api/v1/tasks/t1/fail", "POST /api/v1/ledger"]


def test_broken_connection_is_repeated_when_safe(stub) -> None:  # type: ignore[no-untyped-def]
    script, client, _ = stub
    script.steps = [("drop",), ("json", 200, {"id": "t1", "status": "pending"})]
    assert client.get("t1")["id"] == "t1"
    script.steps = [("drop",), ("json", 200, {"id": "t1", "status": "completed"})]
    assert client.complete("t1", "token", {"r": 1})["status"] == "completed"  # idempotent under its lease token
    script.steps = [("drop",), ("json", 201, {"id": "t2"})]
    assert client.create("x", idempotency_key="once")["id"] == "t2"
    assert len(script.seen) == 6


def test_502_and_504_are_repeated_only_when_safe(stub) -> None:  # type: ignore[no-untyped-def]
    script, client, _ = stub
    gateway = ("json", 502, {"title": "Bad gateway", "status": 502})
    script.steps = [gateway, ("json", 200, {"id": "t1"})]
    with pytest.raises(ServerUnavailableError):
        client.retry("t1")
    script.steps = [gateway, ("json", 200, {"id": "t1"})]
    assert client.get("t1")["id"] == "t1"
    assert len(script.seen) == 3


def test_a_request_that_never_left_is_repeated_until_the_server_is_up() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    script = Script(("json", 201, {"id": "t9"}))
    servers = []

    def start_later() -> None:
        time.sleep(0.3)
        server = ThreadingHTTPServer(("127.0.0.1", port), _handler(script))
        servers.append(server)
        server.serve_forever(poll_interval=0.05)

    threading.Thread(target=start_later, daemon=True).start()
    client = Client(f"http://127.0.0.1:{port}", retry=RetryPolicy(attempts=8, first_delay=0.1, max_delay=0.4))
    try:
        assert client.create("x")["id"] == "t9"  # refused connections: nothing was sent, so even a create repeats
        assert script.seen == ["POST /api/v1/tasks"]
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def test_nothing_listening_raises_transport_error_not_sent() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(TransportError) as e:
        Client(f"http://127.0.0.1:{port}", retry=FAST).stats()
    assert not e.value.sent


class _OutageServer:
    """A stand-in for a server that hands one task to a worker, then is unavailable (503 to heartbeats and
    completions) until ``outage`` seconds have passed."""

    def __init__(self, lease_seconds: int, outage: float) -> None:
        self.lease_seconds = lease_seconds
        self.outage_ends = 0.0
        self.outage = outage
        self.completes: List[float] = []
        self.handed = False
        lock = threading.Lock()
        this = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                with lock:
                    status, answer = this._answer(self.path, body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/problem+json" if status >= 400 else "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.http.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"

    def _answer(self, path: str, body: dict) -> Tuple[int, object]:
        if path == "/api/v1/tasks/claim":
            if self.handed:
                time.sleep(0.05)
                return 200, {"tasks": []}
            self.handed = True
            self.outage_ends = time.monotonic() + self.outage
            return 200, {"tasks": [{"id": "t1", "type": "x", "status": "processing", "lease_token": "tok",
                                    "lease_seconds": self.lease_seconds, "retry_count": 1, "payload": {}}]}
        if path == "/api/v1/tasks/heartbeat":
            if time.monotonic() < self.outage_ends:
                return UNAVAILABLE[1], UNAVAILABLE[2]
            return 200, {"outcomes": [{"id": b["id"], "outcome": "ok", "status": 200} for b in body["heartbeats"]]}
        if path in ("/api/v1/tasks/complete", "/api/v1/tasks/t1/complete"):
            self.completes.append(time.monotonic())
            if time.monotonic() < self.outage_ends:
                return UNAVAILABLE[1], UNAVAILABLE[2]
            items = body.get("completions", [{"id": "t1"}])
            return 200, {"outcomes": [{"id": c["id"], "outcome": "ok", "status": 200} for c in items]}
        return 404, {"title": "Not found", "status": 404}

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()


def _work_one(server: _OutageServer, seconds: float) -> None:
    from taskledger import Worker

    async def main() -> None:
        client = Client(server.url, retry=FAST, timeout=5)
        worker = await Worker(client, "x", lambda task: {"ok": True}, concurrency=1, poll_wait=1,
                              heartbeat_interval=0.5).start()
        await asyncio.sleep(seconds)
        await worker.shutdown(2)

    asyncio.run(main())


def test_a_completion_is_reported_through_an_outage_longer_than_a_few_retries() -> None:
    server = _OutageServer(lease_seconds=60, outage=12.0)  # the worker used to give up after 2 x 6 attempts (~7-9 s)
    try:
        _work_one(server, 14.0)
        assert server.completes[-1] >= server.outage_ends  # the last attempt got through, after the outage
        assert len(server.completes) >= 5
    finally:
        server.close()


def test_a_completion_is_dropped_once_the_lease_would_have_ended() -> None:
    server = _OutageServer(lease_seconds=3, outage=60.0)
    try:
        _work_one(server, 6.0)
        first, last = server.completes[0], server.completes[-1]
        assert last - first < 3.0  # no report after the lease (3 s, less a tenth) ran out
        assert last - first > 1.0  # but it kept trying while the lease lasted
    finally:
        server.close()
