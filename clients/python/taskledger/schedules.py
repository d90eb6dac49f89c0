"""Recurring schedules (docs/api.md, "Schedules"), as ``client.schedules``.

>>> client.schedules.put("nightly-report", cron="0 2 * * *", time_zone="Europe/Berlin",
...                      task={"type": "report", "payload": {"kind": "nightly"}})

A schedule creates one task per fire time, exactly once across servers; ``put`` by name makes deploy scripts
idempotent (the same definition again changes nothing).
"""

from __future__ import annotations

from typing import Any, Dict, Iterator, List, Mapping, Optional

from ._http import Transport, paged, segment
from .types import Schedule, ScheduleEvent, SchedulePage

SCHEDULES = "/api/v1/schedules"


def _definition(values: Mapping[str, Any]) -> Dict[str, Any]:
    return {k: (dict(v) if isinstance(v, Mapping) else v) for k, v in values.items() if v is not None}


class ScheduleClient:
    """Create, change, pause and read schedules of the client's tenant."""

    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def create(self, name: str, *, task: Mapping[str, Any], cron: Optional[str] = None, every: Optional[str] = None,
               time_zone: Optional[str] = None, misfire: Optional[str] = None, overlap: Optional[str] = None,
               paused: Optional[bool] = None) -> Schedule:
        """Creates a schedule: ``cron`` (5 or 6 fields, or a macro) or ``every`` (ISO-8601, e.g. ``PT15M``), the
        ``task`` template (as a create body), ``misfire`` (skip, fire_once, fire_all), ``overlap`` (allow,
        skip_if_running). ConflictError (``duplicate``) when the tenant has a schedule of that name."""
        body = _definition({"name": name, "cron": cron, "every": every, "time_zone": time_zone, "task": task,
                            "misfire": misfire, "overlap": overlap, "paused": paused})
        return self._t.call("POST", SCHEDULES, json_body=body, idempotent=False)

    def put(self, name: str, *, task: Mapping[str, Any], cron: Optional[str] = None, every: Optional[str] = None,
            time_zone: Optional[str] = None, misfire: Optional[str] = None, overlap: Optional[str] = None,
            paused: Optional[bool] = None, expected_version: Optional[int] = None) -> Schedule:
        """Creates the schedule of that name or replaces its definition (keeping its id and history); the same
        definition again changes nothing. With ``expected_version`` a stale one raises PreconditionFailedError."""
        body = _definition({"cron": cron, "every": every, "time_zone": time_zone, "task": task, "misfire": misfire,
                            "overlap": overlap, "paused": paused})
        if_match = None if expected_version is None else f'"{expected_version}"'
        return self._t.call("PUT", f"{SCHEDULES}/{segment(name)}", json_body=body, headers={"If-Match": if_match},
                            idempotent=True)

    def get(self, schedule_id: str) -> Schedule:
        return self._t.call("GET", _schedule(schedule_id), idempotent=True)

    def list(self, *, limit: Optional[int] = None, cursor: Optional[str] = None) -> SchedulePage:
        """One page of schedules in id order; pass ``next_cursor`` on."""
        return self._t.call("GET", SCHEDULES, query={"limit": limit, "cursor": cursor}, idempotent=True)

    def iter_schedules(self, *, page_size: int = 100) -> Iterator[Schedule]:
        """Every schedule of the tenant, fetching pages lazily."""
        return paged(lambda cursor: self.list(limit=page_size, cursor=cursor), "schedules")

    def update(self, schedule_id: str, *, expected_version: Optional[int] = None, **fields: Any) -> Schedule:
        """Changes the fields given (``cron``, ``every``, ``time_zone``, ``task``, ``misfire``, ``overlap``)."""
        if_match = None if expected_version is None else f'"{expected_version}"'
        return self._t.call("PATCH", _schedule(schedule_id), json_body=_definition(fields),
                            headers={"If-Match": if_match}, idempotent=False)

    def delete(self, schedule_id: str) -> None:
        """Deletes the schedule; its events and the tasks it created stay."""
        self._t.call("DELETE", _schedule(schedule_id), idempotent=False)

    def pause(self, schedule_id: str) -> Schedule:
        return self._t.call("POST", _schedule(schedule_id) + "/pause", idempotent=True)

    def resume(self, schedule_id: str) -> Schedule:
        """Fires again from the next fire time after now (times passed while paused do not fire)."""
        return self._t.call("POST", _schedule(schedule_id) + "/resume", idempotent=True)

    def next(self, schedule_id: str, count: int = 5) -> List[str]:
        """The next ``count`` (1–100) fire times, as ISO-8601 instants."""
        return self._t.call("GET", _schedule(schedule_id) + "/next", query={"count": count},
                            idempotent=True)["fire_times"]

    def events(self, schedule_id: str) -> List[ScheduleEvent]:
        """The latest (at most 100) events, newest first: created, updated, paused, resumed, fired, skipped, ..."""
        return self._t.call("GET", _schedule(schedule_id) + "/events", idempotent=True)["events"]


def _schedule(schedule_id: str) -> str:
    return f"{SCHEDULES}/{segment(schedule_id)}"
