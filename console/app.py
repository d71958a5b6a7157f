"""The staff console as an ASGI app: ``create_console_app(settings)``.

Mount it anywhere; the web process mounts it at ``/staff``:

    Mount("/staff", app=create_console_app(ConsoleSettings.from_env()))

Every page needs a signed-in staff member (console.web.SignInGate), every form a CSRF token
(console.web.read_form), admin pages the admin role (console.web.admin_only).
"""
from __future__ import annotations

from typing import Optional

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from console.services import ConsoleServices
from console.settings import ConsoleSettings
from console.views import admin, analytics, auth, conversations, queues, review
from console.web import PACKAGE_DIR, SecurityHeaders, SignInGate, make_templates, url

MAX_BODY = 256 * 1024  # notes and forms are small; nothing is uploaded


def _home(request: Request) -> Response:
    return RedirectResponse(url(request, "conversations"), status_code=303)


ROUTES = [
    Route("/", _home, name="home"),
    Route("/sign-in", auth.sign_in_page, name="sign_in_page", methods=["GET"]),
    Route("/sign-in", auth.sign_in, name="sign_in", methods=["POST"]),
    Route("/sign-out", auth.sign_out, name="sign_out", methods=["POST"]),
    Route("/conversations", conversations.conversation_list, name="conversations"),
    Route("/conversations.csv", conversations.conversation_list_csv, name="conversations_csv"),
    Route("/conversation", conversations.transcript_page, name="transcript"),
    Route("/conversation/export", conversations.transcript_export, name="transcript_export"),
    Route("/conversation/review", review.mark_reviewed, name="review", methods=["POST"]),
    Route("/conversation/tags", review.change_tag, name="tag", methods=["POST"]),
    Route("/conversation/notes", review.add_note, name="note", methods=["POST"]),
    Route("/conversation/correct", review.correct_form, name="correct_form", methods=["GET"]),
    Route("/conversation/correct", review.correct_intent, name="correct", methods=["POST"]),
    Route("/corrections", review.corrections_page, name="corrections"),
    Route("/corrections.yml", review.corrections_yaml, name="corrections_yaml"),
    Route("/queues/red-flags", queues.red_flags, name="red_flags"),
    Route("/queues/bookings", queues.bookings, name="bookings"),
    Route("/queues/unanswered", queues.unanswered, name="unanswered"),
    Route("/bookings/{reference}", queues.booking_page, name="booking"),
    Route("/bookings/{reference}/status", queues.booking_status, name="booking_status", methods=["POST"]),
    Route("/bookings/{reference}/notes", queues.booking_note, name="booking_note", methods=["POST"]),
    Route("/bookings/{reference}/requeue", queues.booking_requeue, name="booking_requeue", methods=["POST"]),
    Route("/analytics", analytics.analytics_page, name="analytics"),
    Route("/analytics/{name}.svg", analytics.chart, name="chart"),
    Route("/admin/audit", admin.audit_page, name="audit"),
    Route("/admin/users", admin.users_page, name="users", methods=["GET"]),
    Route("/admin/users", admin.user_action, name="user_action", methods=["POST"]),
    Route("/admin/retention", admin.retention_page, name="retention", methods=["GET"]),
    Route("/admin/retention", admin.retention_purge, name="retention_purge", methods=["POST"]),
    # Not named "static": mounted at /staff in the web process, url_for('static') finds the demo
    # page's own /static first (the console showed unstyled there).
    Mount("/static", app=StaticFiles(directory=PACKAGE_DIR / "static"), name="console_static"),
]


async def _http_error(request: Request, exc: HTTPException) -> Response:
    guard = request.scope.get("console_guard")
    return request.app.state.templates.TemplateResponse(request, "error.html", {
        "status": exc.status_code, "message": exc.detail, "user": guard.user if guard else None,
        "csrf_token": guard.csrf_token if guard else "", "notice": ""}, status_code=exc.status_code)


def create_console_app(settings: Optional[ConsoleSettings] = None, warm: bool = True) -> Starlette:
    """``warm``: read the tracker store in a background thread now rather than on the first page."""
    services = ConsoleServices(settings or ConsoleSettings.from_env())
    app = Starlette(
        routes=ROUTES,
        # The body limit inside SecurityHeaders (which contains crashes): its 413 passes through.
        middleware=[Middleware(SecurityHeaders), Middleware(RequestBodyLimitMiddleware, max_body_size=MAX_BODY),
                    Middleware(SignInGate, services=services)],
        exception_handlers={HTTPException: _http_error},
    )
    app.state.console = services
    app.state.templates = make_templates()
    if warm:
        services.warm_in_background()
    return app
