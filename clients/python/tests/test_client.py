"""Every queue call of the blocking client against the real server, and the typed errors it raises."""

from __future__ import annotations

import threading
import time

import pytest

from conftest import ADMIN_KEY, GLOBEX_KEY, wait_until
from taskledger import (
    Client,
    ConflictError,
    LeaseLostError,
    NotFoundError,
    PreconditionFailedError,
    ProblemType,
    TaskCancelledError,
    UnauthorizedError,
    ValidationError,
)


def test_create_get_and_idempotent_replay(client: Client, new_type: str) -> None:
    task = client.create(new_type, {"to": "ada@example.com"}, priority=5, metadata={"m": 1}, tags={"team": "a"},
                         max_attempts=2, lease_seconds=60, idempotency_key="k-" + new_type)
    assert task["status"] == "pending" and task["type"] == new_type and task["task_id"] == task["id"]
    assert (task["priority"], task["max_attempts"], task["lease_seconds"]) == (5, 2, 60)
    again = client.create(new_type, {"to": "someone else"}, idempotency_key="k-" + new_type)
    assert again["id"] == task["id"]
    got = client.get(task["id"])
    assert got["payload"] == {"to": "ada@example.com"} and got["tags"] == {"team": "a"}
    assert got["metadata"] == {"m": 1}
    deduped = client.create(new_type, {"x": 1}, dedupe=True)
    assert client.create(new_type, {"x": 1}, dedupe=True)["id"] == deduped["id"]


def test_create_from_seed_001_document(client: Client, new_type: str) -> None:
    task = client.create_from({"task_type": new_type, "request": {"q": 1}, "template": {"t": 2}})
    assert task["type"] == new_type
    assert task["payload"] == {"request": {"q": 1}, "template": {"t": 2}}


def test_create_batch_is_idempotent_with_a_key(client: Client, new_type: str) -> None:
    tasks = client.create_batch([{"type": new_type, "payload": i} for i in range(3)], idempotency_key="b-" + new_type)
    assert [t["payload"] for t in tasks] == [0, 1, 2]
    again = client.create_batch([{"type": new_type, "payload": i} for i in range(3)], idempotency_key="b-" + new_type)
    assert [t["id"] for t in again] == [t["id"] for t in tasks]


def test_update_with_expected_version(client: Client, new_type: str) -> None:
    task = client.create(new_type)
    updated = client.update(task["id"], state="halfway", progress=50, metadata={"a": 1}, tags={"x": "y"},
                            priority=9, expected_version=task["version"])
    assert (updated["state"], updated["progress"], updated["priority"]) == ("halfway", 50, 9)
    with pytest.raises(PreconditionFailedError) as e:
        client.update(task["id"], state="stale", expected_version=task["version"])
    assert e.value.status == 412 and e.value.type == ProblemType.PRECONDITION_FAILED


def test_delete(client: Client, new_type: str) -> None:
    task = client.create(new_type)
    client.delete(task["id"])
    with pytest.raises(NotFoundError) as e:
        client.get(task["id"])
    assert e.value.status == 404 and e.value.type == ProblemType.NOT_FOUND and e.value.request_id
    assert e.value.problem["status"] == 404 and e.value.slug == "not-found"


def test_list_pages_with_a_cursor_and_iterates_every_page(client: Client, new_type: str) -> None:
    created = [client.create(new_type, i, tags={"batch": new_type})["id"] for i in range(5)]
    page = client.list(type=new_type, limit=2)
    assert len(page["tasks"]) == 2 and page["next_cursor"]
    second = client.list(type=new_type, limit=2, cursor=page["next_cursor"])
    assert {t["id"] for t in second["tasks"]}.isdisjoint({t["id"] for t in page["tasks"]})
    assert sorted(t["id"] for t in client.iter_tasks(type=new_type, page_size=2)) == sorted(created)
    assert len(list(client.iter_tasks(status="all", tags={"batch": new_type}, page_size=3))) == 5
    assert list(client.iter_tasks(status="completed", type=new_type)) == []


def test_claim_heartbeat_complete_result_events(client: Client, new_type: str) -> None:
    task = client.create(new_type, {"n": 1})
    claimed = client.claim([new_type], limit=5, worker="w1", lease_seconds=30)
    assert [t["id"] for t in claimed] == [task["id"]]
    token = claimed[0]["lease_token"]
    beat = client.heartbeat(task["id"], token, progress=40, state="working", metadata={"step": 1})
    assert beat["progress"] == 40 and beat["state"] == "working" and beat["lease_token"] == token
    done = client.complete(task["id"], token, {"ok": True})
    assert done["status"] == "completed"
    assert client.complete(task["id"], token, {"ok": True})["status"] == "completed"  # same token: safe to repeat
    assert client.result(task["id"])["result"] == {"ok": True}
    statuses = [e["status"] for e in client.events(task["id"])]
    assert statuses[0] == "completed" and statuses[-1] == "pending" and "processing" in statuses


def test_batch_heartbeat_and_completion(client: Client, new_type: str) -> None:
    for i in range(3):
        client.create(new_type, i)
    claimed = client.claim(new_type, limit=3, worker="w2")
    beats = client.heartbeat_all([{"id": t["id"], "lease_token": t["lease_token"], "lease_seconds": 60}
                                  for t in claimed])
    assert [o["outcome"] for o in beats] == ["ok"] * 3
    client.cancel(claimed[2]["id"])
    outcomes = client.complete_all([{"id": t["id"], "lease_token": t["lease_token"], "result": t["payload"]}
                                    for t in claimed])
    assert [o["outcome"] for o in outcomes] == ["ok", "ok", "conflict"]
    assert outcomes[2]["type"] == ProblemType.TASK_CANCELLED
    assert client.result(claimed[1]["id"])["result"] == claimed[1]["payload"]


def test_fail_retryable_then_not_retryable(client: Client, new_type: str) -> None:
    task = client.create(new_type, max_attempts=3)
    token = client.claim_by_id(task["id"], worker="w")["lease_token"]
    again = client.fail(task["id"], token, "flaky", retry_in_seconds=0)
    assert again["status"] == "pending" and again["error"] == "flaky"
    token = wait_until(lambda: client.claim(new_type, worker="w"), message="the retry is claimable")[0]["lease_token"]
    failed = client.fail(task["id"], token, "broken", retryable=False)
    assert failed["status"] == "failed" and failed["retry_count"] == 2


def test_release_hands_back_an_unstarted_task(client: Client, new_type: str) -> None:
    task = client.create(new_type)
    token = client.claim(new_type, worker="w")[0]["lease_token"]
    released = client.release(task["id"], token)
    assert released["status"] == "pending" and released["retry_count"] == 0
    with pytest.raises(ConflictError) as e:
        client.release(task["id"], token)
    assert e.value.type == ProblemType.NOT_PROCESSING and e.value.current_status == "pending"


def test_cancel_and_retry(client: Client, new_type: str) -> None:
    task = client.create(new_type)
    assert client.cancel(task["id"])["status"] == "cancelled"
    with pytest.raises(ConflictError) as e:
        client.cancel(task["id"])
    assert e.value.type == ProblemType.NOT_CANCELLABLE
    retried = client.retry(task["id"])
    assert retried["status"] == "pending" and retried["retry_count"] == 0
    with pytest.raises(ConflictError) as e:
        client.retry(task["id"])
    assert e.value.type == ProblemType.NOT_RETRYABLE and e.value.status == 409


def test_claim_by_id_conflict(client: Client, new_type: str) -> None:
    task = client.create(new_type)
    client.claim_by_id(task["id"], worker="first")
    with pytest.raises(ConflictError) as e:
        client.claim_by_id(task["id"], worker="second")
    assert e.value.type == ProblemType.NOT_CLAIMABLE and e.value.current_status == "processing"
    assert not isinstance(e.value, LeaseLostError)


def test_cancelled_task_heartbeat_raises_task_cancelled(client: Client, new_type: str) -> None:
    task = client.create(new_type)
    token = client.claim_by_id(task["id"], worker="w")["lease_token"]
    client.cancel(task["id"])
    with pytest.raises(TaskCancelledError) as e:
        client.heartbeat(task["id"], token)
    assert e.value.is_cancelled and e.value.current_status == "cancelled"
    assert e.value.problem["type"] == "urn:taskledger:problem:task-cancelled"


def test_expired_lease_raises_lease_lost(client: Client, new_type: str) -> None:
    task = client.create(new_type)
    old = client.claim(new_type, worker="slow", lease_seconds=1)[0]["lease_token"]
    new = wait_until(lambda: client.claim(new_type, worker="fast"), timeout=10,
                     message="the expired task is claimed again")[0]["lease_token"]
    assert new != old
    with pytest.raises(LeaseLostError) as e:
        client.complete(task["id"], old, {"late": True})
    assert e.value.type == ProblemType.LEASE_LOST and e.value.status == 409 and not e.value.is_cancelled
    assert client.complete(task["id"], new, {"on": "time"})["status"] == "completed"


def test_long_poll_claim_returns_when_a_task_arrives(client: Client, new_type: str) -> None:
    started = time.monotonic()
    assert client.claim(new_type, wait_seconds=1) == []
    assert time.monotonic() - started >= 0.9  # the server held the request
    result = {}

    def claim() -> None:
        result["tasks"] = client.claim(new_type, worker="poller", wait_seconds=20)
        result["at"] = time.monotonic()

    thread = threading.Thread(target=claim)
    thread.start()
    time.sleep(0.3)
    created_at = time.monotonic()
    task = client.create(new_type)
    thread.join(20)
    assert [t["id"] for t in result["tasks"]] == [task["id"]]
    assert result["at"] - created_at < 5  # woken by the create, not by the 20 s timeout


def test_validation_errors_are_typed(client: Client, new_type: str) -> None:
    with pytest.raises(ValidationError) as e:
        client.claim(new_type, limit=0)
    assert e.value.status == 422 and e.value.type == ProblemType.INVALID_VALUE and "limit" in (e.value.detail or "")
    with pytest.raises(ValidationError) as e:
        client.create(new_type, lease_seconds=0)
    assert e.value.type == ProblemType.INVALID_VALUE


def test_keys_and_tenants(server, client: Client, new_type: str) -> None:  # type: ignore[no-untyped-def]
    task = client.create(new_type)
    with pytest.raises(UnauthorizedError) as e:
        Client(server.url, api_key="wrong").get(task["id"])
    assert e.value.status == 401 and e.value.type == ProblemType.UNAUTHORIZED
    with pytest.raises(NotFoundError):  # another tenant's task is a 404
        Client(server.url, api_key=GLOBEX_KEY).get(task["id"])
    assert Client(server.url, api_key=ADMIN_KEY, tenant="acme").get(task["id"])["id"] == task["id"]


def test_stats_and_health(client: Client, new_type: str) -> None:
    client.create(new_type)
    stats = client.stats()
    assert {"type": new_type, "status": "pending", "count": 1} in stats["counts"]
    assert stats["by_status"]["pending"] >= 1
    assert client.health()["status"] == "ok"
