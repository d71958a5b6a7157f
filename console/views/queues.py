"""Work queues: red flags to follow up, booking requests, questions the assistant could not answer."""
from __future__ import annotations

import time
from typing import Dict, List, Optional

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from clinic_core.booking.models import STATUSES, TRANSITIONS
from clinic_core.booking.reference import normalise_reference
from clinic_core.booking.store import BookingError
from clinic_core.clinic import clinic
from console.masking import snippet
from console.review import ReviewError
from console.summaries import level_priority, utc
from console.web import audit, guard, read_form, redirect, render, services_of

OPEN_STATUSES = ("new", "contacted", "scheduled")


def waited(since: Optional[float], now: Optional[float] = None) -> str:
    """'5 min', '3 h 12 min', '2 days 4 h': how long ago, for a queue."""
    if not since:
        return ""
    minutes = max(0, int(((now or time.time()) - since) // 60))
    days, hours, minutes = minutes // 1440, (minutes % 1440) // 60, minutes % 60
    if days:
        return f"{days} day{'s' if days > 1 else ''} {hours} h"
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


async def red_flags(request: Request) -> Response:
    services = services_of(request)
    show_all = request.query_params.get("show") == "all"
    summaries = await run_in_threadpool(services.index.all)
    reviewed = services.review.reviewed()
    rows = [s for s in summaries if s.triage_level and (show_all or s.conversation_id not in reviewed)]
    rows.sort(key=lambda s: (level_priority(s.triage_level), s.alert_at or s.started_at))
    now = time.time()
    return render(request, "red_flags.html", {
        "rows": rows, "reviewed": reviewed, "show_all": show_all,
        "waited": {s.conversation_id: waited(s.alert_at, now) for s in rows}})


def _booking_rows(services, status: str) -> List:
    requests = services.bookings.list_requests()
    wanted = OPEN_STATUSES if status == "open" else STATUSES if status == "all" else (status,)
    return sorted((r for r in requests if r.status in wanted), key=lambda r: r.created_at, reverse=True)


async def bookings(request: Request) -> Response:
    services = services_of(request)
    status = request.query_params.get("status", "open")
    if status not in ("open", "all") + STATUSES:
        status = "open"
    rows = await run_in_threadpool(_booking_rows, services, status)
    return render(request, "bookings.html", {
        "rows": rows, "status": status, "statuses": ("open",) + STATUSES + ("all",),
        "note_counts": services.review.note_counts_by_reference(), "locations": _location_names(),
        "waited": {r.reference: waited(r.created_at.timestamp()) for r in rows}})


def _location_names() -> Dict[str, str]:
    return {location.id: location.name for location in clinic().locations}


def _reference(request: Request) -> str:
    code = normalise_reference(request.path_params.get("reference", ""))
    if code is None:
        raise HTTPException(404, "No such booking request.")
    return code


def _booking(services, code: str):
    found = services.bookings.get_by_reference(code)
    if found is None:
        raise HTTPException(404, "No such booking request.")
    return found


async def booking_page(request: Request) -> Response:
    services = services_of(request)
    code = _reference(request)
    found = await run_in_threadpool(_booking, services, code)
    audit(request, "view_booking", target=code)
    return render(request, "booking.html", {
        "booking": found, "delivery": found.outbox[0] if found.outbox else None,
        "next_statuses": sorted(TRANSITIONS[found.status], key=STATUSES.index),
        "notes": services.review.notes_for(references=[code]), "locations": _location_names()})


async def booking_status(request: Request) -> Response:
    form = await read_form(request)
    services = services_of(request)
    code = _reference(request)
    new_status = str(form.get("status") or "")
    try:
        before = _booking(services, code).status
        await run_in_threadpool(services.bookings.set_status, code, new_status)
    except BookingError as exc:
        raise HTTPException(409, f"The status was not changed: {exc}") from None
    audit(request, "booking_status", target=code, detail=f"{before} -> {new_status}")
    return redirect(request, "booking", {"notice": "status"}, reference=code)


async def booking_requeue(request: Request) -> Response:
    await read_form(request)
    services = services_of(request)
    code = _reference(request)
    try:
        await run_in_threadpool(services.bookings.requeue_outbox, code)
    except BookingError as exc:
        raise HTTPException(409, f"Not sent again: {exc}") from None
    audit(request, "booking_requeue", target=code)
    return redirect(request, "booking", {"notice": "requeued"}, reference=code)


async def booking_note(request: Request) -> Response:
    form = await read_form(request)
    services = services_of(request)
    code = _reference(request)
    found = _booking(services, code)
    try:
        services.review.add_note(str(form.get("body") or ""), guard(request).user.username,
                                 booking_reference=code, conversation_id=found.conversation_id)
    except ReviewError as exc:
        raise HTTPException(400, str(exc)) from None
    audit(request, "note", target=code)
    return redirect(request, "booking", {"notice": "noted"}, reference=code)


async def unanswered(request: Request) -> Response:
    services = services_of(request)
    events = await run_in_threadpool(services.tracker.slot_events, "unanswered_question")
    reviewed = services.review.reviewed()
    rows = [{"conversation_id": e.sender_id, "at": utc(e.timestamp), "question": snippet(str(e.data.get("value")), 300),
             "reviewed": e.sender_id in reviewed} for e in events]
    return render(request, "unanswered.html", {"rows": rows})
