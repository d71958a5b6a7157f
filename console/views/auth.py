"""Sign-in and sign-out."""
from __future__ import annotations

import hashlib
import hmac
import math
import secrets

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from clinic_core.booking.models import utcnow
from console.web import (NOTICES, PRESESSION_COOKIE, SESSION_COOKIE, client_address, cookie_path, cookie_secure,
                         guard, read_form, redirect, safe_next, services_of, url)

MESSAGES = {
    "wrong": "Wrong username or password.",
    "inactive": "This account is switched off. Ask an admin.",
}


def sign_in_token(secret: str, presession: str) -> str:
    """The sign-in form's CSRF token, bound to the visitor's pre-session cookie."""
    return hmac.new(secret.encode(), f"sign-in\x1f{presession}".encode(), hashlib.sha256).hexdigest()


def _set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(name, value, path=cookie_path(request), httponly=True, samesite="strict",
                        secure=cookie_secure(request, services_of(request).settings.cookie_secure))


def _form_page(request: Request, *, error: str = "", username: str = "", next_path: str = "",
               status: int = 200) -> Response:
    services = services_of(request)
    presession = request.cookies.get(PRESESSION_COOKIE) or secrets.token_urlsafe(24)
    notice = NOTICES.get(request.query_params.get("notice", ""), "")
    response = request.app.state.templates.TemplateResponse(request, "sign_in.html", {
        "csrf_token": sign_in_token(services.settings.secret_key, presession), "error": error,
        "notice": notice, "username": username, "next_path": next_path, "user": None}, status_code=status)
    _set_cookie(request, response, PRESESSION_COOKIE, presession)
    return response


async def sign_in_page(request: Request) -> Response:
    return _form_page(request, next_path=safe_next(request, request.query_params.get("next", "")) or "")


def _locked_message(locked_until) -> str:
    minutes = max(1, math.ceil((locked_until - utcnow()).total_seconds() / 60)) if locked_until else 15
    return (f"This account is locked after too many wrong passwords. Try again in {minutes} minute(s), "
            "or ask an admin to unlock it.")


async def sign_in(request: Request) -> Response:
    services = services_of(request)
    presession = request.cookies.get(PRESESSION_COOKIE, "")
    form = await read_form(request, sign_in_token(services.settings.secret_key, presession) if presession else "")
    username = str(form.get("username") or "")[:64]
    next_path = safe_next(request, str(form.get("next") or ""))
    result = await run_in_threadpool(services.accounts.sign_in, username, str(form.get("password") or ""))
    client = client_address(request)
    actor = result.user.username if result.user else None
    if result.outcome == "ok":
        token = await run_in_threadpool(services.accounts.start_session, result.user)
        services.audit.record("sign_in", actor=actor, client=client)
        response = RedirectResponse(next_path or url(request, "conversations"), status_code=303)
        _set_cookie(request, response, SESSION_COOKIE, token)
        response.delete_cookie(PRESESSION_COOKIE, path=cookie_path(request))
        return response
    if result.outcome == "locked":
        locked_now = result.failures >= services.settings.max_failures
        services.audit.record("account_locked" if locked_now else "sign_in_refused", actor=actor, client=client,
                              detail=f"{result.failures} wrong passwords in a row" if locked_now else "locked")
        error = _locked_message(result.locked_until)
    else:
        services.audit.record("sign_in_failed" if result.outcome == "wrong" else "sign_in_refused", actor=actor,
                              client=client, detail=None if actor else "unknown account")
        error = MESSAGES[result.outcome]
    return _form_page(request, error=error, username=username, next_path=next_path or "", status=401)


async def sign_out(request: Request) -> Response:
    await read_form(request)
    services = services_of(request)
    signed_in = guard(request)
    await run_in_threadpool(services.accounts.end_session, signed_in.session_token)
    services.audit.record("sign_out", actor=signed_in.user.username, client=client_address(request))
    response = redirect(request, "sign_in_page", {"notice": "signed_out"})
    response.delete_cookie(SESSION_COOKIE, path=cookie_path(request))
    return response
