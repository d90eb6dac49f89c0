"""Every ledger call against the real server."""

from __future__ import annotations

import json
from contextlib import closing

from taskledger import Client


def test_record_is_an_upsert_and_get_delete(client: Client, new_type: str) -> None:
    first = client.ledger.record(new_type, "ark:/28722/bk0003d9n5m", "fail", "Exception copy")
    assert (first["retries"], first["status"], first["note"]) == (0, "fail", "Exception copy")
    second = client.ledger.record(new_type, "ark:/28722/bk0003d9n5m", "ok")
    assert (second["retries"], second["status"], second["id"]) == (1, "ok", first["id"])
    assert "note" not in second or second["note"] is None
    assert client.ledger.get(new_type, "ark:/28722/bk0003d9n5m")["status"] == "ok"
    assert client.ledger.get(new_type, "no-such-item") is None
    assert client.ledger.delete(new_type, "ark:/28722/bk0003d9n5m")["retries"] == 1
    assert client.ledger.delete(new_type, "ark:/28722/bk0003d9n5m") is None


def test_batches_json_csv_ndjson(client: Client, new_type: str) -> None:
    assert client.ledger.record_batch([{"task_name": new_type, "task_item": f"j{i}", "status": "ok"}
                                       for i in range(3)]) == 3
    csv_text = "task_name,task_item,status,note\n" + "".join(f'{new_type},c{i},fail,"a, b"\n' for i in range(4))
    assert client.ledger.record_batch_text(csv_text) == 4
    ndjson = "".join(json.dumps({"task_name": new_type, "task_item": f"n{i}", "status": "pending"}) + "\n"
                     for i in range(2))
    assert client.ledger.record_batch_text(ndjson, "application/x-ndjson") == 2
    assert client.ledger.get(new_type, "c3")["note"] == "a, b"


def test_list_iterate_summary_reconcile_export(client: Client, new_type: str) -> None:
    client.ledger.record_batch([{"task_name": new_type, "task_item": f"i{i}", "status": "ok" if i % 3 else "fail"}
                                for i in range(7)])
    page = client.ledger.list(task_name=new_type, limit=3)
    assert len(page["entries"]) == 3 and page["next_cursor"]
    items = [e["task_item"] for e in client.ledger.iter_entries(task_name=new_type, page_size=2)]
    assert sorted(items) == sorted(f"i{i}" for i in range(7))
    assert len(list(client.ledger.iter_entries(task_name=new_type, status="fail"))) == 3

    (summary,) = client.ledger.summary(new_type)
    assert summary["total"] == 7 and summary["by_status"]["fail"] == 3 and summary["total_retries"] == 0

    report = client.ledger.reconcile(new_type, ["i1", "i0", "missing-1"])
    assert report["expected"] == 3 and report["ok"] == 1 and report["missing"] == ["missing-1"]
    assert [e["task_item"] for e in report["not_ok"]] == ["i0"]

    with closing(client.ledger.export(task_name=new_type)) as lines:  # type: ignore[type-var]
        csv_lines = list(lines)
    assert csv_lines[0].startswith("id,task_name,task_item") and len(csv_lines) == 8
    ndjson = [json.loads(line) for line in client.ledger.export(task_name=new_type, status="fail", format="ndjson")]
    assert sorted(e["task_item"] for e in ndjson) == ["i0", "i3", "i6"]


def test_names_with_slashes(client: Client, new_type: str) -> None:
    name = new_type + "/sub:part"
    client.ledger.record(name, "x/y", "ok")
    assert client.ledger.reconcile(name, ["x/y", "z"])["missing"] == ["z"]
    assert client.ledger.summary(name)[0]["task_name"] == name
