"""Review actions on a conversation (reviewed, tags, notes, intent corrections) and the NLU export."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from clinic_core.booking.models import utcnow
from console import exports
from console.review import ReviewError
from console.tracker import Event
from console.transcript import user_item
from console.views.conversations import conversation_id
from console.web import audit, download, guard, read_form, render, services_of, url


def _back(request: Request, cid: str, notice: str, anchor: str = "") -> Response:
    target = url(request, "transcript", {"id": cid, "notice": notice})
    return RedirectResponse(target + (f"#{anchor}" if anchor else ""), status_code=303)


def _known(services, cid: str) -> str:
    if services.index.get(cid) is None:
        raise HTTPException(404, "No such conversation.")
    return cid


def _refused(message: str) -> HTTPException:
    return HTTPException(400, message)


async def mark_reviewed(request: Request) -> Response:
    form = await read_form(request)
    services = services_of(request)
    cid = _known(services, conversation_id(form.get("id")))
    reviewed = form.get("reviewed") != "no"
    services.review.set_reviewed(cid, guard(request).user.username, reviewed)
    audit(request, "review", target=cid, detail="reviewed" if reviewed else "not reviewed")
    back = str(form.get("back") or "")
    if back == "red_flags":
        return RedirectResponse(url(request, "red_flags", {"notice": "reviewed"}), status_code=303)
    return _back(request, cid, "reviewed" if reviewed else "unreviewed")


async def change_tag(request: Request) -> Response:
    form = await read_form(request)
    services = services_of(request)
    cid = _known(services, conversation_id(form.get("id")))
    if form.get("remove"):
        tag = str(form.get("remove"))
        services.review.remove_tag(cid, tag)
        audit(request, "tag", target=cid, detail=f"removed {tag[:40]}")
        return _back(request, cid, "untagged")
    try:
        tag = services.review.add_tag(cid, str(form.get("tag") or ""), guard(request).user.username)
    except ReviewError as exc:
        raise _refused(str(exc)) from None
    audit(request, "tag", target=cid, detail=f"added {tag}")
    return _back(request, cid, "tagged")


async def add_note(request: Request) -> Response:
    form = await read_form(request)
    services = services_of(request)
    cid = _known(services, conversation_id(form.get("id")))
    try:
        services.review.add_note(str(form.get("body") or ""), guard(request).user.username, conversation_id=cid)
    except ReviewError as exc:
        raise _refused(str(exc)) from None
    audit(request, "note", target=cid)
    return _back(request, cid, "noted", "notes")


def _message(services, cid: str, raw_event_id) -> Event:
    try:
        event_id = int(str(raw_event_id or ""))
    except ValueError:
        raise _refused("No message was chosen.") from None
    event = services.tracker.user_event(cid, event_id)
    if event is None:
        raise HTTPException(404, "No such message in this conversation.")
    return event


async def correct_form(request: Request) -> Response:
    services = services_of(request)
    cid = conversation_id(request.query_params.get("id"))
    event = await run_in_threadpool(_message, services, cid, request.query_params.get("event_id"))
    fixes = {c.event_id: c for c in services.review.corrections(cid)}
    return render(request, "correct.html", {"cid": cid, "item": user_item(event, services.index.folder),
                                            "fix": fixes.get(event.id), "labels": services.labels})


async def correct_intent(request: Request) -> Response:
    form = await read_form(request)
    services = services_of(request)
    cid = conversation_id(form.get("id"))
    event = await run_in_threadpool(_message, services, cid, form.get("event_id"))
    event_id = event.id
    try:
        intent, topic = services.labels.check(str(form.get("intent") or ""), str(form.get("faq_topic") or ""))
    except ValueError as exc:
        raise _refused(str(exc)) from None
    predicted = ((event.data.get("parse_data") or {}).get("intent") or {}).get("name") or event.intent_name
    services.review.correct(conversation_id=cid, event_id=event_id, text=event.data.get("text") or "",
                            predicted_intent=predicted, intent=intent, faq_topic=topic or None,
                            username=guard(request).user.username)
    audit(request, "correct_intent", target=cid, detail=f"message {event_id}: {predicted} -> "
                                                         f"{intent}{'/' + topic if topic else ''}")
    return _back(request, cid, "corrected", f"m{event_id}")


async def corrections_page(request: Request) -> Response:
    services = services_of(request)
    corrections = await run_in_threadpool(services.review.corrections)
    return render(request, "corrections.html", {"corrections": corrections})


async def corrections_yaml(request: Request) -> Response:
    services = services_of(request)
    corrections = await run_in_threadpool(services.review.corrections)
    now = utcnow()
    audit(request, "export_nlu", detail=f"{len(corrections)} corrections")
    return download(exports.nlu_yaml(corrections, now), f"nlu-corrections-{now:%Y%m%d-%H%M}.yml",
                    "application/x-yaml; charset=utf-8")
