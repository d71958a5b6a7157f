"""Admin pages: the audit log, staff accounts, retention."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from console.accounts import AccountError
from console.audit import ACTIONS
from console.retention import MIN_DAYS, RetentionUnavailable, purge_function, run_purge
from console.web import admin_only, audit, client_address, guard, read_form, redirect, render, services_of

AUDIT_PAGE = 100
CONFIRM_WORD = "DELETE"


@admin_only
async def audit_page(request: Request) -> Response:
    services = services_of(request)
    actor = request.query_params.get("actor", "")[:64]
    action = request.query_params.get("action", "")
    action = action if action in ACTIONS else ""
    try:
        page = max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        page = 1
    entries, total = await run_in_threadpool(
        lambda: services.audit.entries(limit=AUDIT_PAGE, offset=(page - 1) * AUDIT_PAGE, actor=actor or None,
                                       action=action or None))
    return render(request, "admin_audit.html", {
        "entries": entries, "total": total, "page": page, "pages": max(1, -(-total // AUDIT_PAGE)),
        "actor": actor, "action": action, "actions": ACTIONS})


@admin_only
async def users_page(request: Request) -> Response:
    users = await run_in_threadpool(services_of(request).accounts.list_users)
    return render(request, "admin_users.html", {"users": users})


@admin_only
async def user_action(request: Request) -> Response:
    form = await read_form(request)
    accounts = services_of(request).accounts
    username, action = str(form.get("username") or ""), str(form.get("action") or "")
    if action not in ("unlock", "activate", "deactivate"):
        raise HTTPException(400, "Unknown account action.")
    if action == "deactivate" and username == guard(request).user.username:
        raise HTTPException(400, "You cannot switch off your own account.")
    try:
        if action == "unlock":
            await run_in_threadpool(accounts.unlock, username)
        else:
            await run_in_threadpool(accounts.set_active, username, action == "activate")
    except AccountError as exc:
        raise HTTPException(404, str(exc)) from None
    audit(request, "admin_user", target=username, detail=action)
    return redirect(request, "users", {"notice": "user"})


def _retention_context(services, **extra):
    try:
        purge_function()
        unavailable = ""
    except RetentionUnavailable as exc:
        unavailable = str(exc)
    return {"default_days": services.settings.retention_days, "unavailable": unavailable, "confirm_word": CONFIRM_WORD,
            "min_days": MIN_DAYS, "counts": None, "error": "", **extra}


@admin_only
async def retention_page(request: Request) -> Response:
    return render(request, "admin_retention.html", _retention_context(services_of(request)))


@admin_only
async def retention_purge(request: Request) -> Response:
    form = await read_form(request)
    services = services_of(request)
    try:
        days = int(str(form.get("days") or ""))
        if days < MIN_DAYS:
            raise ValueError
    except ValueError:
        return render(request, "admin_retention.html", _retention_context(
            services, error=f"Enter a whole number of days, at least {MIN_DAYS}."), status=400)
    if str(form.get("confirm") or "").strip() != CONFIRM_WORD:
        return render(request, "admin_retention.html", _retention_context(
            services, error=f"Type {CONFIRM_WORD} to confirm."), status=400)
    try:
        counts = await run_in_threadpool(run_purge, services, days, guard(request).user.username,
                                         client_address(request))
    except RetentionUnavailable as exc:
        return render(request, "admin_retention.html", _retention_context(services, error=str(exc)), status=503)
    return render(request, "admin_retention.html", _retention_context(services, counts=counts, days=days))
