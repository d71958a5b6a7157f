"""The web process's Starlette app.

Routes: ``/`` the demo clinic page (the widget embedded as a clinic would), ``/widget/`` the
widget's files, ``/static/`` the demo page's own CSS, ``/healthz``. Another app (the staff
console) is added with ``create_app(mounts=[Mount("/staff", app=...)])``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clinic_core.clinic import clinic
from web.security import SecurityHeaders, security_headers
from web.settings import WebSettings

ROOT = Path(__file__).resolve().parent.parent
WIDGET_DIR = ROOT / "widget"
HERE = Path(__file__).resolve().parent
DEMO_ACCENT = "#0b5394"


class PublicFiles:
    """The widget's files may be loaded by any clinic page: module scripts need CORS for that.

    They are static, public and sent without cookies, so any origin may read them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + [
                    (b"access-control-allow-origin", b"*"), (b"cross-origin-resource-policy", b"cross-origin")]
            await send(message)

        await self.app(scope, receive, with_cors)


def widget_config(settings: WebSettings) -> dict:
    """The demo page's widget settings: what a clinic's web person writes in the config block."""
    return {"serverUrl": settings.assistant_url, "clinicName": clinic().name, "clinicPhone": clinic().phone,
            "language": "en", "colors": {"accent": DEMO_ACCENT}}


def create_app(settings: Optional[WebSettings] = None, mounts: Sequence[BaseRoute] = ()) -> Starlette:
    settings = settings or WebSettings.from_env()
    templates = Jinja2Templates(directory=str(HERE / "templates"))  # autoescaped

    async def demo_page(request: Request) -> Response:
        return templates.TemplateResponse(request, "demo.html", {
            "clinic": clinic(), "widget_config": widget_config(settings)})

    async def health(_: Request) -> Response:
        return PlainTextResponse("ok")

    routes = [
        Route("/", demo_page),
        Route("/healthz", health),
        Mount("/widget", app=PublicFiles(StaticFiles(directory=str(WIDGET_DIR))), name="widget"),
        Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
        *mounts,
    ]
    app = Starlette(routes=routes, middleware=[
        Middleware(SecurityHeaders, headers=security_headers(settings.assistant_url)),
        Middleware(GZipMiddleware, minimum_size=500)])
    app.state.settings = settings
    return app
