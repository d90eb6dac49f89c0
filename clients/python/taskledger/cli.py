"""``taskledger``: the command-line tool for operators (tasks, stats, the ledger).

Exit codes (for scripts): 0 ok; 1 not found or not ok (a 404 or 409, a reconcile that found missing or
failed items, a bulk retry that skipped tasks); 2 usage (bad arguments, or the server refused them: 400, 401,
403, 422); 3 the server could not be reached or failed (no answer, 5xx).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from typing import Any, Dict, Iterator, List, Optional, Sequence, TextIO, Tuple

from . import _console as console
from ._version import __version__
from .client import Client
from .errors import (
    ApiError,
    ConflictError,
    NotFoundError,
    PreconditionFailedError,
    TaskledgerError,
    UnauthorizedError,
    ValidationError,
)

OK, NOT_OK, USAGE, UNAVAILABLE = 0, 1, 2, 3
PROGRESS_THRESHOLD = 2000  # rows: smaller imports and exports finish before a bar would help
IMPORT_BATCH = 5000  # rows per request: the server's transaction size
TASK_STATUSES = ["pending", "processing", "completed", "failed", "cancelled", "waiting"]  # waiting: for its parents
LEDGER_STATUSES = ["ok", "fail", "pending", "partial", "unknown"]


class Failure(Exception):
    """Ends a command with an exit code and a message on stderr."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


# ---- the parser ----

def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--url", default=argparse.SUPPRESS,
                        help="server URL (default: $TASKLEDGER_URL or http://127.0.0.1:8503)")
    common.add_argument("--key", default=argparse.SUPPRESS, help="API key (default: $TASKLEDGER_API_KEY)")
    common.add_argument("--tenant", default=argparse.SUPPRESS, help="with an admin key: the tenant to act for")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="print JSON (the API's field names) instead of tables")
    common.add_argument("--timeout", type=float, default=argparse.SUPPRESS, help="seconds per request (30)")

    parser = argparse.ArgumentParser(prog="taskledger", parents=[common],
                                     description="Operate a Taskledger server: tasks, stats and the ledger.",
                                     epilog="Exit codes: 0 ok, 1 not found / not ok, 2 usage, 3 server unreachable.")
    parser.add_argument("--version", action="version", version=f"taskledger {__version__}")
    groups = parser.add_subparsers(dest="group", metavar="{tasks,stats,ledger}")
    groups.required = True

    tasks = groups.add_parser("tasks", help="list, read and operate tasks").add_subparsers(dest="command")
    tasks.required = True
    p = tasks.add_parser("list", parents=[common], help="list tasks (newest page first in claim order)")
    p.add_argument("--status", default="pending", help="pending (default), processing, completed, failed, "
                                                       "cancelled, waiting (for parents) or all")
    p.add_argument("--type", help="task type")
    p.add_argument("--tag", action="append", default=[], metavar="KEY:VALUE", help="repeatable; all must match")
    p.add_argument("--limit", type=_positive, default=50, help="at most this many (default 50)")
    p.add_argument("--all", action="store_true", help="every matching task, page after page")
    p.set_defaults(run=tasks_list)
    p = tasks.add_parser("get", parents=[common], help="one task")
    p.add_argument("id")
    p.set_defaults(run=tasks_get)
    p = tasks.add_parser("create", parents=[common], help="create a task; prints its id")
    p.add_argument("type")
    p.add_argument("--payload", help="JSON text, or @FILE")
    p.add_argument("--priority", type=int)
    p.add_argument("--delay", type=int, metavar="SECONDS", help="ready after this many seconds")
    p.add_argument("--max-attempts", type=_positive)
    p.add_argument("--lease-seconds", type=_positive)
    p.add_argument("--idempotency-key")
    p.add_argument("--tag", action="append", default=[], metavar="KEY=VALUE")
    p.set_defaults(run=tasks_create)
    for name, helptext in (("retry", "failed or cancelled → pending"), ("cancel", "waiting, pending or processing "
                                                                                    "→ cancelled")):
        p = tasks.add_parser(name, parents=[common], help=helptext)
        p.add_argument("ids", nargs="+", metavar="ID")
        p.set_defaults(run=tasks_transition, action=name)
    p = tasks.add_parser("events", parents=[common], help="a task's audit trail, newest first")
    p.add_argument("id")
    p.set_defaults(run=tasks_events)
    p = tasks.add_parser("bulk-retry", parents=[common],
                         help="retry every task of a type in a status (one request per task; see the README)")
    p.add_argument("--type", required=True)
    p.add_argument("--status", choices=["failed", "cancelled"], default="failed")
    p.add_argument("--tag", action="append", default=[], metavar="KEY:VALUE")
    p.add_argument("--dry-run", action="store_true", help="only list what would be retried")
    _progress_flags(p)
    p.set_defaults(run=tasks_bulk_retry)

    p = groups.add_parser("stats", parents=[common], help="task counts per type and status")
    p.set_defaults(run=stats)

    ledger = groups.add_parser("ledger", help="the ledger of one-off work").add_subparsers(dest="command")
    ledger.required = True
    p = ledger.add_parser("record", parents=[common], help="record one attempt at (NAME, ITEM)")
    p.add_argument("name")
    p.add_argument("item")
    p.add_argument("status", choices=LEDGER_STATUSES)
    p.add_argument("--note")
    p.set_defaults(run=ledger_record)
    p = ledger.add_parser("get", parents=[common], help="one entry")
    p.add_argument("name")
    p.add_argument("item")
    p.set_defaults(run=ledger_get)
    p = ledger.add_parser("import", parents=[common], help="record every row of a CSV file "
                                                           "(header task_name,task_item,status,note)")
    p.add_argument("file", help="CSV file, or - for stdin")
    p.add_argument("--batch-size", type=_positive, default=IMPORT_BATCH, help=f"rows per request ({IMPORT_BATCH})")
    _progress_flags(p)
    p.set_defaults(run=ledger_import)
    p = ledger.add_parser("reconcile", parents=[common], help="which expected items are missing or not ok")
    p.add_argument("name")
    p.add_argument("--expected", required=True, metavar="FILE", help="one item a line, or - for stdin")
    p.set_defaults(run=ledger_reconcile)
    p = ledger.add_parser("export", parents=[common], help="stream entries as CSV or NDJSON")
    p.add_argument("name", nargs="?", help="task name (default: every entry)")
    p.add_argument("--format", choices=["csv", "ndjson"], default="csv")
    p.add_argument("--status", choices=LEDGER_STATUSES)
    p.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    _progress_flags(p)
    p.set_defaults(run=ledger_export)
    p = ledger.add_parser("summary", parents=[common], help="per task name: counts per status, retries")
    p.add_argument("name", nargs="?")
    p.set_defaults(run=ledger_summary)
    return parser


def _progress_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--progress", dest="progress", action="store_true", default=None,
                   help=f"progress bar on stderr (default: on a terminal, above {PROGRESS_THRESHOLD:,} rows)")
    g.add_argument("--no-progress", dest="progress", action="store_false")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        client = Client(getattr(args, "url", None), api_key=getattr(args, "key", None),
                        tenant=getattr(args, "tenant", None), timeout=getattr(args, "timeout", 30.0))
    except ValueError as e:
        return _fail(args, USAGE, f"error: {e}")
    try:
        return int(args.run(client, args) or OK)
    except Failure as e:
        return _fail(args, e.code, f"error: {e}")
    except ApiError as e:
        if _json(args):
            sys.stderr.write(json.dumps(e.problem, ensure_ascii=False) + "\n")
            return _exit_code(e)
        return _fail(args, _exit_code(e), f"error: {e}")
    except TaskledgerError as e:
        return _fail(args, UNAVAILABLE, f"error: {e}")
    except BrokenPipeError:  # `taskledger ... | head`
        sys.stderr.close()
        return OK
    except KeyboardInterrupt:
        return 130


def _exit_code(e: ApiError) -> int:
    if isinstance(e, (NotFoundError, ConflictError, PreconditionFailedError)):
        return NOT_OK
    if isinstance(e, (ValidationError, UnauthorizedError)):
        return USAGE
    return UNAVAILABLE if e.status >= 500 else NOT_OK


def _fail(args: argparse.Namespace, code: int, message: str) -> int:
    sys.stderr.write(message + "\n")
    return code


def _json(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "json", False))


def _progress_on(args: argparse.Namespace, rows: Optional[int]) -> bool:
    if args.progress is not None:
        return bool(args.progress)
    return sys.stderr.isatty() and (rows is None or rows > PROGRESS_THRESHOLD)


# ---- tasks ----

TASK_COLUMNS: List[console.Column] = [
    ("ID", "id"), ("TYPE", "type"), ("STATUS", "status"),
    ("ATTEMPT", lambda t: f"{t.get('retry_count', 0)}/{t.get('max_attempts', '')}"),
    ("PRIORITY", "priority"), ("CREATED", "created_at"),
    ("STATE / ERROR", lambda t: t.get("error") if t.get("status") == "failed" else t.get("state")),
]


def tasks_list(client: Client, args: argparse.Namespace) -> int:
    if args.all:
        tasks = list(client.iter_tasks(status=args.status, type=args.type, tags=args.tag,
                                       page_size=min(args.limit, 1000)))
    else:
        tasks = _first(client, args, args.limit)
    if _json(args):
        console.print_json(tasks)
    else:
        console.table(tasks, TASK_COLUMNS)
    return OK


def _first(client: Client, args: argparse.Namespace, limit: int) -> List[Dict[str, Any]]:
    out: List[Dict[str, Any]] = []
    for task in client.iter_tasks(status=args.status, type=args.type, tags=args.tag, page_size=min(limit, 1000)):
        out.append(dict(task))
        if len(out) >= limit:
            break
    return out


def tasks_get(client: Client, args: argparse.Namespace) -> int:
    task = client.get(args.id)
    if _json(args):
        console.print_json(task)
    else:
        console.fields(task)
    return OK


def tasks_create(client: Client, args: argparse.Namespace) -> int:
    payload = None
    if args.payload is not None:
        text = _read_text(args.payload[1:]) if args.payload.startswith("@") else args.payload
        try:
            payload = json.loads(text)
        except ValueError as e:
            raise Failure(USAGE, f"--payload is not JSON: {e}") from e
    tags = dict(_pair(t, "=", "--tag") for t in args.tag) or None
    task = client.create(args.type, payload, priority=args.priority, delay_seconds=args.delay,
                         max_attempts=args.max_attempts, lease_seconds=args.lease_seconds,
                         idempotency_key=args.idempotency_key, tags=tags)
    if _json(args):
        console.print_json(task)
    else:
        print(task["id"])
    return OK


def tasks_transition(client: Client, args: argparse.Namespace) -> int:
    """retry / cancel each id; every refusal is reported and makes the exit code 1."""
    call = client.retry if args.action == "retry" else client.cancel
    done: List[Dict[str, Any]] = []
    refused: List[Dict[str, Any]] = []
    for task_id in args.ids:
        try:
            done.append(dict(call(task_id)))
        except (NotFoundError, ConflictError) as e:
            refused.append({"id": task_id, "status": e.status, "type": e.type, "current_status": e.current_status,
                            "detail": e.detail})
    if _json(args):
        console.print_json({"done": done, "refused": refused})
    else:
        if done:
            console.table(done, [("ID", "id"), ("STATUS", "status"), ("STATE", "state")])
        for r in refused:
            sys.stderr.write(f"{r['id']}: {r['detail']}\n")
    return NOT_OK if refused else OK


def tasks_events(client: Client, args: argparse.Namespace) -> int:
    events = client.events(args.id)
    if _json(args):
        console.print_json(events)
    else:
        console.table(events, [("AT", "created_at"), ("STATUS", "status"), ("ACTOR", "actor"), ("STATE", "state"),
                               ("DETAIL", "detail")])
    return OK


def tasks_bulk_retry(client: Client, args: argparse.Namespace) -> int:
    """Until the server has a bulk endpoint: list the matching tasks, then retry each on its own. Not atomic: a
    task that changed in between is skipped (and counted), never retried twice."""
    ids = [t["id"] for t in client.iter_tasks(status=args.status, type=args.type, tags=args.tag, page_size=1000)]
    if args.dry_run:
        if _json(args):
            console.print_json({"matched": len(ids), "ids": ids})
        else:
            print(f"{len(ids):,} {args.status} task(s) of type {args.type} would be retried")
            for task_id in ids:
                print(task_id)
        return OK
    progress = console.Progress("retrying", len(ids), _progress_on(args, len(ids)))
    retried = 0
    skipped: Dict[str, int] = {}
    for task_id in ids:
        try:
            client.retry(task_id)
            retried += 1
        except (NotFoundError, ConflictError) as e:
            key = e.slug or str(e.status)
            skipped[key] = skipped.get(key, 0) + 1
        progress.add(1)
    progress.finish()
    if _json(args):
        console.print_json({"matched": len(ids), "retried": retried, "skipped": skipped})
    else:
        why = ", ".join(f"{n} {k}" for k, n in sorted(skipped.items()))
        print(f"retried {retried:,} of {len(ids):,} {args.status} task(s) of type {args.type}"
              + (f"; skipped {sum(skipped.values()):,} ({why})" if skipped else ""))
    return NOT_OK if skipped else OK


def stats(client: Client, args: argparse.Namespace) -> int:
    answer = client.stats()
    if _json(args):
        console.print_json(answer)
        return OK
    by_type: Dict[str, Dict[str, Any]] = {}
    for c in answer.get("counts", []):
        row = by_type.setdefault(c["type"], {"type": c["type"], **{s: 0 for s in TASK_STATUSES}})
        row[c["status"]] = c["count"]
    rows = [by_type[k] for k in sorted(by_type)]
    rows.append({"type": "(all)", **{s: answer.get("by_status", {}).get(s, 0) for s in TASK_STATUSES}})
    console.table(rows, [("TYPE", "type")] + [(s.upper(), s) for s in TASK_STATUSES])
    if answer.get("oldest_ready_age_seconds") is not None:
        print(f"\noldest ready task: {answer['oldest_ready_age_seconds']:.1f} s waiting "
              f"(since {answer.get('oldest_ready_run_at')})")
    return OK


# ---- ledger ----

ENTRY_COLUMNS: List[console.Column] = [
    ("NAME", "task_name"), ("ITEM", "task_item"), ("STATUS", "status"), ("RETRIES", "retries"),
    ("UPDATED", "updated"), ("NOTE", "note"),
]


def ledger_record(client: Client, args: argparse.Namespace) -> int:
    entry = client.ledger.record(args.name, args.item, args.status, args.note)
    if _json(args):
        console.print_json(entry)
    else:
        console.fields(entry)
    return OK


def ledger_get(client: Client, args: argparse.Namespace) -> int:
    entry = client.ledger.get(args.name, args.item)
    if entry is None:
        raise Failure(NOT_OK, f"no entry for ({args.name}, {args.item})")
    if _json(args):
        console.print_json(entry)
    else:
        console.fields(entry)
    return OK


def ledger_import(client: Client, args: argparse.Namespace) -> int:
    """Sends the CSV in requests of ``--batch-size`` rows, each validated whole by the server. When one is
    refused, the rows before it stay recorded: the message says which."""
    total = _count_rows(args.file) if args.progress is not False and args.file != "-" else None
    progress = console.Progress("importing", total, _progress_on(args, total))
    recorded = 0
    row = 0
    for header, rows in _csv_batches(args.file, args.batch_size):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        try:
            recorded += client.ledger.record_batch_text(buffer.getvalue(), "text/csv")
        except ApiError as e:
            progress.finish()
            first, last = row + 1, row + len(rows)
            note = f"; rows 1–{row:,} were recorded (importing them again counts a retry each)" if row else ""
            raise Failure(_exit_code(e), f"rows {first:,}–{last:,} were refused: {e.detail or e}{note}") from e
        row += len(rows)
        progress.add(len(rows))
    progress.finish()
    if _json(args):
        console.print_json({"recorded": recorded})
    else:
        print(f"recorded {recorded:,} row(s)")
    return OK


def _csv_batches(path: str, size: int) -> Iterator[Tuple[List[str], List[List[str]]]]:
    with _open_text(path) as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None:
            raise Failure(USAGE, f"{path} is empty: expected a header row task_name,task_item,status,note")
        batch: List[List[str]] = []
        for fields in reader:
            if not any(fields):
                continue
            batch.append(fields)
            if len(batch) >= size:
                yield header, batch
                batch = []
        if batch:
            yield header, batch


def _count_rows(path: str) -> int:
    with _open_text(path) as f:
        return max(0, sum(1 for fields in csv.reader(f) if any(fields)) - 1)


def ledger_reconcile(client: Client, args: argparse.Namespace) -> int:
    with _open_text(args.expected) as f:
        items = [line.strip() for line in f if line.strip()]
    report = client.ledger.reconcile(args.name, items)
    problems = bool(report.get("missing")) or bool(report.get("not_ok"))
    if _json(args):
        console.print_json(report)
        return NOT_OK if problems else OK
    missing = report.get("missing", [])
    not_ok = report.get("not_ok", [])
    print(f"{report.get('task_name')}: expected {report.get('expected', 0):,}, ok {report.get('ok', 0):,}, "
          f"missing {len(missing):,}, not ok {len(not_ok):,}")
    if missing:
        print("\nmissing:")
        for item in missing:
            print(f"  {item}")
    if not_ok:
        print("\nnot ok:")
        console.table(not_ok, ENTRY_COLUMNS)
    return NOT_OK if problems else OK


def ledger_export(client: Client, args: argparse.Namespace) -> int:
    total = _export_total(client, args.name, args.status) if args.progress is not False else None
    progress = console.Progress("exporting", total, _progress_on(args, total))
    out: TextIO = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    lines = client.ledger.export(task_name=args.name, status=args.status, format=args.format)
    try:
        header = args.format == "csv"
        quotes = 0  # CSV: a record ends at a line break outside quotes (quotes inside fields are doubled)
        for line in lines:
            out.write(line + "\n")
            if args.format == "csv":
                quotes += line.count('"')
                if quotes % 2:
                    continue
                quotes = 0
                if header:
                    header = False
                    continue
            progress.add(1)
    finally:
        lines.close()  # type: ignore[attr-defined]
        if out is not sys.stdout:
            out.close()
    progress.finish()
    return OK


def _export_total(client: Client, name: Optional[str], status: Optional[str]) -> Optional[int]:
    """How many rows the export will have, from the summary (for the progress bar)."""
    try:
        summaries = client.ledger.summary(name)
    except TaskledgerError:
        return None
    if status:
        return sum(int(s.get("by_status", {}).get(status, 0)) for s in summaries)
    return sum(int(s.get("total", 0)) for s in summaries)


def ledger_summary(client: Client, args: argparse.Namespace) -> int:
    summaries = client.ledger.summary(args.name)
    if _json(args):
        console.print_json(summaries)
        return OK
    columns: List[console.Column] = [("NAME", "task_name"), ("TOTAL", "total")]
    columns += [(s.upper(), _by_status(s)) for s in LEDGER_STATUSES]
    columns += [("RETRIES", "total_retries"), ("FIRST", "first_attempt"), ("LAST", "last_attempt")]
    console.table(summaries, columns)
    if args.name and not summaries:
        raise Failure(NOT_OK, f"no entries under {args.name}")
    return OK


def _by_status(status: str) -> Any:
    return lambda s: s.get("by_status", {}).get(status, 0)


# ---- input helpers ----

def _open_text(path: str) -> TextIO:
    if path == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="")
    try:
        return open(path, encoding="utf-8-sig", newline="")
    except OSError as e:
        raise Failure(USAGE, f"cannot read {path}: {e.strerror}") from e


def _read_text(path: str) -> str:
    with _open_text(path) as f:
        return f.read()


def _pair(text: str, sep: str, option: str) -> Tuple[str, str]:
    key, found, value = text.partition(sep)
    if not found or not key:
        raise Failure(USAGE, f"{option} takes KEY{sep}VALUE, got {text!r}")
    return key, value


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
