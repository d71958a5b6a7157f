"""The analytics page: plots drawn on the server as SVG, each with its numbers in a table."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Tuple

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from clinic_core.booking.times import clinic_timezone
from console.analytics import Analytics, compute
from console.filters import ConversationFilter
from console.web import render, services_of

DEFAULT_DAYS = 30
CHARTS = {
    "per_day": ("Conversations per day", "conversations started per day"),
    "funnel": ("Quiz funnel", "conversations that started the quiz, finished it, then asked for an appointment"),
    "routes": ("Quiz routes", "finished quizzes by route"),
    "bands": ("Quiz bands", "finished quizzes by probability band"),
    "alerts": ("Red-flag levels", "conversations by highest red-flag level"),
    "fallback_rate": ("Fallback rate", "share of patient messages the assistant did not understand, per day"),
}


def _period(request: Request) -> Tuple[ConversationFilter, date, date]:
    flt, _ = ConversationFilter.from_params({k: request.query_params.get(k, "") for k in ("date_from", "date_to")})
    today = datetime.now(clinic_timezone()).date()
    last = flt.date_to or today
    first = flt.date_from or last - timedelta(days=DEFAULT_DAYS - 1)
    return flt, first, last


def _analytics(services, first: date, last: date) -> Analytics:
    period = ConversationFilter(date_from=first, date_to=last)
    return compute(period.apply(services.index.all(), set(), {}), first, last)


async def analytics_page(request: Request) -> Response:
    services = services_of(request)
    _, first, last = _period(request)
    figures = await run_in_threadpool(_analytics, services, first, last)
    query = ConversationFilter(date_from=first, date_to=last).query_string()
    return render(request, "analytics.html", {"figures": figures, "first": first, "last": last,
                                              "charts": CHARTS, "query": query})


def _draw(figures: Analytics, name: str) -> bytes:
    from console import charts  # matplotlib loads on the first plot, not with the app

    if name == "per_day":
        return charts.day_chart(figures.days, figures.per_day, "conversations")
    if name == "fallback_rate":
        return charts.day_chart(figures.days, figures.fallback_rate_per_day, "fallback rate", percent=True)
    bars = {"funnel": figures.funnel, "routes": figures.routes, "bands": figures.bands,
            "alerts": figures.alert_levels}[name]
    return charts.bar_chart(bars, "conversations", charts.ALERT_COLORS if name == "alerts" else None)


async def chart(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in CHARTS:
        raise HTTPException(404, "No such chart.")
    services = services_of(request)
    _, first, last = _period(request)
    figures = await run_in_threadpool(_analytics, services, first, last)
    svg = await run_in_threadpool(_draw, figures, name)
    return Response(svg, media_type="image/svg+xml")
