"""The conversation list, a transcript, and their downloads."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from clinic_core.booking.models import utcnow
from console import exports
from console.filters import ALERT, NO_FLAG, ConversationFilter
from console.summaries import ConversationSummary, level_priority
from console.transcript import Transcript, build_transcript
from console.web import audit, download, render, services_of

MAX_ID = 255


def conversation_id(value) -> str:
    value = str(value or "")
    if not value or len(value) > MAX_ID:
        raise HTTPException(404, "No such conversation.")
    return value


@dataclass
class Listing:
    found: List[ConversationSummary]
    reviewed: Dict
    tags: Dict[str, List[str]]
    options: Dict[str, List[str]]


def find(services, flt: ConversationFilter) -> Listing:
    everything = services.index.all()
    reviewed, tags = services.review.reviewed(), services.review.tags()
    found = flt.apply(everything, set(reviewed), tags, search=lambda ids: services.tracker.search(flt.q, ids))
    options = {
        "channel": sorted({s.channel for s in everything if s.channel}),
        "triage": [ALERT] + sorted({s.triage_level for s in everything if s.triage_level}, key=level_priority)
                  + [NO_FLAG],
        "route": sorted({s.route for s in everything if s.route}),
        "band": [b for b in ("low", "moderate", "high") if any(s.band == b for s in everything)],
        "tag": sorted({t for values in tags.values() for t in values}),
    }
    return Listing(found, reviewed, tags, options)


def _page(request: Request, count: int, size: int) -> int:
    try:
        page = int(request.query_params.get("page", "1"))
    except ValueError:
        page = 1
    return min(max(page, 1), max(1, -(-count // size)))


async def conversation_list(request: Request) -> Response:
    services = services_of(request)
    flt, problems = ConversationFilter.from_params(request.query_params)
    listing = await run_in_threadpool(find, services, flt)
    size = services.settings.page_size
    page = _page(request, len(listing.found), size)
    return render(request, "conversations.html", {
        "filter": flt, "problems": problems, "rows": listing.found[(page - 1) * size: page * size],
        "total": len(listing.found), "page": page, "pages": max(1, -(-len(listing.found) // size)),
        "reviewed": listing.reviewed, "tags": listing.tags, "options": listing.options})


async def conversation_list_csv(request: Request) -> Response:
    services = services_of(request)
    flt, _ = ConversationFilter.from_params(request.query_params)
    listing = await run_in_threadpool(find, services, flt)
    audit(request, "export_list", detail=f"{len(listing.found)} conversations; {flt.describe()}")
    body = exports.list_csv(listing.found, listing.reviewed, listing.tags)
    return download(body, f"conversations-{utcnow():%Y%m%d-%H%M}.csv", "text/csv; charset=utf-8")


def load_transcript(services, cid: str) -> Transcript:
    events = services.tracker.conversation(cid)
    if not events:
        raise HTTPException(404, "No such conversation.")
    return build_transcript(cid, events, services.index.folder)


def _transcript_context(services, cid: str) -> Dict:
    transcript = load_transcript(services, cid)
    requests = services.bookings.requests_for_conversation(cid)
    references = sorted({r.reference for r in requests} | set(transcript.references))
    catalogue_labels = _item_labels()
    return {
        "transcript": transcript, "summary": services.index.get(cid), "requests": requests,
        "review": services.review.review_of(cid), "tags": services.review.tags_of(cid),
        "notes": services.review.notes_for(conversation_id=cid, references=references),
        "corrections": {c.event_id: c for c in services.review.corrections(cid)},
        "item_labels": catalogue_labels,
    }


def _item_labels() -> Dict[str, str]:
    from clinic_core.catalogue import load_catalogue

    return {item_id: item.label for item_id, item in load_catalogue().items.items()}


async def transcript_page(request: Request) -> Response:
    services = services_of(request)
    cid = conversation_id(request.query_params.get("id"))
    context = await run_in_threadpool(_transcript_context, services, cid)
    audit(request, "view_transcript", target=cid)
    return render(request, "transcript.html", {"cid": cid, **context})


async def transcript_export(request: Request) -> Response:
    services = services_of(request)
    cid = conversation_id(request.query_params.get("id"))
    kind = request.query_params.get("format", "txt")
    if kind not in ("txt", "json"):
        raise HTTPException(404, "Export as txt or json.")
    transcript = await run_in_threadpool(load_transcript, services, cid)
    summary = services.index.get(cid)
    audit(request, "export_transcript", target=cid, detail=kind)
    name = f"conversation-{utcnow():%Y%m%d-%H%M}.{kind}"
    if kind == "json":
        return download(exports.transcript_json(transcript, summary), name, "application/json")
    return download(exports.transcript_text(transcript, summary), name, "text/plain; charset=utf-8")
