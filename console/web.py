"""What every page shares: templates, redirects, CSRF-checked forms, the sign-in gate and the
security headers. The console works under any mount path (``/staff`` in the web process):
links come from ``url_for``, never from hard-coded paths."""
from __future__ import annotations

import functools
import hmac
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Optional
from urllib.parse import urlencode

import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.templating import Jinja2Templates

from clinic_core.booking.times import clinic_timezone
from console.masking import mask_contact, mask_email, mask_phone

log = logging.getLogger(__name__)
PACKAGE_DIR = Path(__file__).resolve().parent
SESSION_COOKIE = "staff_session"
PRESESSION_COOKIE = "staff_presession"
CSRF_FIELD = "csrf_token"
PUBLIC_PATHS = ("/sign-in",)
PUBLIC_PREFIXES = ("/static/",)
# Fixed texts for the notice after an action (a query parameter picks one; it cannot inject text).
NOTICES = {
    "reviewed": "Marked as reviewed.", "unreviewed": "Marked as not reviewed.", "tagged": "Tag added.",
    "untagged": "Tag removed.", "noted": "Note added.", "corrected": "Intent correction saved.",
    "status": "Status changed.", "requeued": "The request will be sent to the clinic again.",
    "user": "Account updated.", "signed_out": "You are signed out.",
    "expired": "You were signed out because the session ended or was idle for too long. Please sign in again.",
}
CONTENT_SECURITY_POLICY = ("default-src 'none'; img-src 'self'; style-src 'self'; "
                           "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
    "cross-origin-opener-policy": "same-origin",
}


def _local_time(value) -> str:
    """A time as the clinic reads it (its own time zone)."""
    return value.astimezone(clinic_timezone()).strftime("%Y-%m-%d %H:%M %Z") if value else ""


def _show(value) -> str:
    """Any recorded value as text (the template escapes it)."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _percent(value) -> str:
    return "" if value is None else f"{round(float(value) * 100)}%"


def make_templates() -> Jinja2Templates:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(PACKAGE_DIR / "templates")),
                             autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(time=_local_time, percent=_percent, mask_phone=mask_phone, mask_email=mask_email,
                       mask=mask_contact, show=_show)
    env.globals["zip"] = zip
    return Jinja2Templates(env=env)


def route_path(scope) -> str:
    """The path inside the console (without the mount prefix)."""
    path, root = scope["path"], scope.get("root_path", "")
    return path[len(root):] if root and path.startswith(root) else path


def url(request: Request, name: str, query: Optional[Dict[str, Any]] = None, **params) -> str:
    """The absolute path of a console page, with its mount prefix and an optional query."""
    path = request.url_for(name, **params).path
    extra = {k: v for k, v in (query or {}).items() if v not in (None, "")}
    return f"{path}?{urlencode(extra)}" if extra else path


def redirect(request: Request, name: str, query: Optional[Dict[str, Any]] = None, **params) -> RedirectResponse:
    return RedirectResponse(url(request, name, query, **params), status_code=303)


def safe_next(request: Request, target: str) -> Optional[str]:
    """A path inside this console to go back to after sign-in, or None (never another site)."""
    root = request.scope.get("root_path", "")
    if not target or not target.startswith(f"{root}/") or target.startswith("//") or "\\" in target:
        return None
    return target


def cookie_secure(request: Request, setting: str) -> bool:
    return setting == "always" or (setting == "auto" and request.url.scheme == "https")


def cookie_path(request: Request) -> str:
    return request.scope.get("root_path") or "/"


@dataclass(frozen=True)
class Guard:
    """The signed-in user and the session's CSRF token (set by the sign-in gate)."""

    user: Any
    csrf_token: str
    session_token: str


def guard(request: Request) -> Guard:
    return request.scope["console_guard"]


async def read_form(request: Request, expected_token: Optional[str] = None) -> FormData:
    """The posted form, after checking its CSRF token (403 without the right one)."""
    form = await request.form(max_files=0, max_fields=50, max_part_size=64 * 1024)
    expected = expected_token if expected_token is not None else guard(request).csrf_token
    given = form.get(CSRF_FIELD)
    if not isinstance(given, str) or not expected or not hmac.compare_digest(given, expected):
        raise HTTPException(403, "The form was refused: its security token is missing or out of date. "
                                 "Reload the page and try again.")
    return form


def admin_only(endpoint):
    @functools.wraps(endpoint)
    async def checked(request: Request):
        if not guard(request).user.is_admin:
            raise HTTPException(403, "This page is for admins only.")
        return await endpoint(request)
    checked.admin_only = True
    return checked


def client_address(request: Request) -> Optional[str]:
    return request.client.host if request.client else None


class SecurityHeaders:
    """Adds the security headers to every response, and turns any crash into a plain 500."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in present]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        started = False

        async def tracking_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send_with_headers(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:  # noqa: BLE001
            # Contained here, not re-raised to the server's logger: an exception's text can quote
            # patient data (a template value, a driver error). The class name is enough to start.
            log.error("console request failed: %s", type(exc).__name__)
            if not started:
                await PlainTextResponse("Something went wrong on the server. Please try again.",
                                        status_code=500)(scope, receive, send_with_headers)


class SignInGate:
    """Every page except sign-in needs a live session; a visitor without one goes to sign-in."""

    def __init__(self, app, services):
        self.app = app
        self.services = services

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        await run_in_threadpool(self.services.ready)
        path = route_path(scope)
        if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
            return await self.app(scope, receive, send)
        request = Request(scope)
        token = request.cookies.get(SESSION_COOKIE, "")
        found = await run_in_threadpool(self.services.accounts.session, token) if token else None
        if found is None:
            return await self._to_sign_in(request, expired=bool(token))(scope, receive, send)
        user, csrf = found
        scope["console_guard"] = Guard(user, csrf, token)
        await self.app(scope, receive, send)

    def _to_sign_in(self, request: Request, expired: bool) -> Response:
        query: Dict[str, str] = {}
        if request.method == "GET":
            query["next"] = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if expired:
            query["notice"] = "expired"
        root = request.scope.get("root_path", "")
        response = RedirectResponse(f"{root}/sign-in" + (f"?{urlencode(query)}" if query else ""), status_code=303)
        if expired:
            response.delete_cookie(SESSION_COOKIE, path=cookie_path(request))
        return response


def services_of(request: Request):
    return request.app.state.console


def render(request: Request, template: str, context: Dict, status: int = 200) -> Response:
    signed_in = guard(request)
    context = {"user": signed_in.user, "csrf_token": signed_in.csrf_token,
               "notice": NOTICES.get(request.query_params.get("notice", ""), ""), **context}
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)


def download(body: str, filename: str, media_type: str) -> Response:
    return Response(body, media_type=media_type,
                    headers={"content-disposition": f'attachment; filename="{filename}"'})


def audit(request: Request, action: str, target: Optional[str] = None, detail: Optional[str] = None) -> None:
    services_of(request).audit.record(action, actor=guard(request).user.username, target=target, detail=detail,
                                      client=client_address(request))
