"""The console over real HTTP (``python -m console``) on conversations driven through the Rasa
server: sign-in rules for every route, CSRF on every form, roles, the list's filters and masking,
transcripts, queues, review, exports and the audit trail."""
from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
import requests
from starlette.routing import Route

from console.app import ROUTES
from tests.console.conftest import PASSWORD, csrf_of, run_cli, sign_in

pytestmark = pytest.mark.server


def _paths(console, methods):
    """Every route of the console with the given methods, with real values in its parameters."""
    reference = console["conversations"]["quiz_booking"].facts["reference"]
    for route in ROUTES:
        if isinstance(route, Route) and set(route.methods or ()) & set(methods):
            yield route.path.replace("{reference}", reference).replace("{name}", "funnel"), route


def _ids(console, name):
    return console["conversations"][name].sender


def _ours(console):
    return {c.sender for c in console["conversations"].values()}


def _cids(session, console, **params):
    """This module's conversations that the list shows for these filters (every page of it)."""
    found, page_number = set(), 1
    while True:
        page = session.get(f"{console['base']}/conversations", params={**params, "page": page_number})
        assert page.status_code == 200
        found |= {requests.utils.unquote(unescape(m)) for m in re.findall(r'conversation\?id=([^"]+)"', page.text)}
        if 'rel="next"' not in page.text:
            return found & _ours(console)
        page_number += 1


def test_a_signed_out_visitor_is_sent_to_sign_in_from_every_page(console):
    anonymous = requests.Session()
    for path, route in _paths(console, ("GET", "POST")):
        method = "POST" if "GET" not in route.methods else "GET"
        response = anonymous.request(method, f"{console['base']}{path}", allow_redirects=False)
        if path == "/sign-in":
            continue
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/staff/sign-in"), path
    response = anonymous.get(f"{console['base']}/static/console.css")
    assert response.status_code == 200 and "text/css" in response.headers["content-type"]


def test_every_form_post_without_the_csrf_token_is_refused(console, admin):
    home = admin.get(f"{console['base']}/conversations")
    token = csrf_of(home.text)
    cid = _ids(console, "faq")
    for path, _ in _paths(console, ("POST",)):
        if path == "/sign-in":
            continue
        for data in ({"id": cid}, {"id": cid, "csrf_token": "forged"}, {"id": cid, "csrf_token": ""}):
            response = admin.post(f"{console['base']}{path}", data=data, allow_redirects=False)
            assert response.status_code == 403, (path, data)
            assert "security token" in response.text
    # The same session with its real token gets through (the refusal was about the token).
    ok = admin.post(f"{console['base']}/conversation/tags", data={"id": cid, "csrf_token": token, "tag": "csrf-check"},
                    allow_redirects=False)
    assert ok.status_code == 303
    # Sign-in itself: a post without the pre-session cookie and token is refused.
    forged = requests.post(f"{console['base']}/sign-in", data={"username": "alice", "password": PASSWORD},
                           allow_redirects=False)
    assert forged.status_code == 403


def test_staff_cannot_open_admin_pages_and_admins_can(console, staff, admin):
    admin_paths = [path for path, route in _paths(console, ("GET",)) if getattr(route.endpoint, "admin_only", False)]
    assert set(admin_paths) == {"/admin/audit", "/admin/users", "/admin/retention"}
    for path in admin_paths:
        assert staff.get(f"{console['base']}{path}").status_code == 403
        assert admin.get(f"{console['base']}{path}").status_code == 200
    token = csrf_of(staff.get(f"{console['base']}/conversations").text)
    refused = staff.post(f"{console['base']}/admin/users", data={"csrf_token": token, "username": "carol",
                                                                 "action": "deactivate"})
    assert refused.status_code == 403
    assert "Audit log" not in staff.get(f"{console['base']}/conversations").text


def test_session_cookie_flags_and_security_headers(console):
    session = requests.Session()
    page = session.get(f"{console['base']}/sign-in")
    response = session.post(f"{console['base']}/sign-in", allow_redirects=False, data={
        "csrf_token": csrf_of(page.text), "username": "dave", "password": PASSWORD, "next": "/staff/analytics"})
    cookie = response.headers["set-cookie"]
    assert response.headers["location"] == "/staff/analytics"
    assert "staff_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Path=/staff" in cookie and "Secure" not in cookie  # plain HTTP here
    assert response.headers["x-frame-options"] == "DENY" and "frame-ancestors 'none'" in \
        response.headers["content-security-policy"] and response.headers["cache-control"] == "no-store"
    # Behind a TLS proxy on this machine (uvicorn trusts X-Forwarded-Proto from 127.0.0.1): Secure cookies.
    proxied = requests.Session()
    page = proxied.get(f"{console['base']}/sign-in", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in page.headers["set-cookie"]
    # After sign-in, "next" only ever leads inside the console.
    page = session.get(f"{console['base']}/sign-in")
    response = session.post(f"{console['base']}/sign-in", allow_redirects=False, data={
        "csrf_token": csrf_of(page.text), "username": "dave", "password": PASSWORD, "next": "//evil.example/x"})
    assert response.headers["location"] == "/staff/conversations"


def test_sign_out_ends_the_session_on_the_server(console):
    session = sign_in(console["base"], "dave")
    token = csrf_of(session.get(f"{console['base']}/conversations").text)
    stolen = dict(session.cookies)
    assert session.post(f"{console['base']}/sign-out", data={"csrf_token": token}).url.endswith("notice=signed_out")
    replay = requests.get(f"{console['base']}/conversations", cookies=stolen, allow_redirects=False)
    assert replay.status_code == 303 and "notice=expired" in replay.headers["location"]


def test_the_list_filters_on_what_happened(console, admin):
    cids = lambda **params: _cids(admin, console, **params)  # noqa: E731
    every = cids()
    assert every == _ours(console)
    assert cids(triage="alert") == {_ids(console, "emergency"), _ids(console, "urgent")}
    assert cids(triage="emergency") == {_ids(console, "emergency")}
    assert _ids(console, "emergency") not in cids(triage="none")
    booking = console["conversations"]["quiz_booking"]
    assert cids(booking="yes") == {booking.sender}
    assert cids(route=booking.facts["route"], band=booking.facts["band"]) >= {booking.sender}
    assert cids(attention="yes") >= {_ids(console, "markup"), _ids(console, "faq"), _ids(console, "fallback")}
    assert _ids(console, "emergency") not in cids(attention="yes")
    assert cids(q="PARKING at") == {_ids(console, "faq")}
    assert cids(q="<script>") == {_ids(console, "markup")}
    assert cids(channel="rest") == every
    assert cids(date_from="2000-01-01", date_to="2000-01-02") == set()


def test_the_list_masks_phone_numbers_and_emails_and_escapes_markup(console, staff):
    page = staff.get(f"{console['base']}/conversations").text
    assert "410-555-0199" not in page and "zed.contact@" not in page
    assert "•••0199" in page and "z•••@example.com" in page
    assert "<script>window.__pwned" not in page and "&lt;script&gt;window.__pwned" in page


def test_a_transcript_shows_every_turn_with_what_the_assistant_understood(console, staff):
    booking = console["conversations"]["quiz_booking"]
    page = staff.get(f"{console['base']}/conversation", params={"id": booking.sender}).text
    assert "I want to take the pain quiz" in page and "understood as <code>start_quiz</code>" in page
    assert "Quiz result:" in page and f"route {booking.facts['route']}" in page
    assert "Pain when sitting in a chair" in page  # quiz answers with the catalogue's labels
    assert booking.facts["reference"] in page and "delivery pending" in page
    assert "+14105550123" in page  # the transcript (not a list) shows contact details in full
    emergency = staff.get(f"{console['base']}/conversation", params={"id": _ids(console, "emergency")}).text
    assert "Red-flag alert: emergency" in emergency and "saddle_numbness" in emergency
    assert "<code>red_flag</code> = saddle_numbness" in emergency and "RedFlagGuard" in emergency
    markup = staff.get(f"{console['base']}/conversation", params={"id": _ids(console, "markup")}).text
    assert "<script>window" not in markup and "<img src=x" not in markup
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in markup
    assert staff.get(f"{console['base']}/conversation", params={"id": "no-such-conversation"}).status_code == 404


def test_queues(console, staff):
    flags = staff.get(f"{console['base']}/queues/red-flags", params={"show": "all"}).text
    emergency, urgent = _ids(console, "emergency"), _ids(console, "urgent")
    assert flags.index(emergency) < flags.index(urgent)  # emergencies first
    assert re.search(r"\d+ min", flags)  # time since the message
    unanswered = staff.get(f"{console['base']}/queues/unanswered").text
    assert "is there parking at the office?" in unanswered and _ids(console, "faq") in unanswered
    bookings = staff.get(f"{console['base']}/queues/bookings").text
    reference = console["conversations"]["quiz_booking"].facts["reference"]
    assert reference in bookings and "•••0123" in bookings and "j•••@example.com" in bookings
    assert "+14105550123" not in bookings and "jane.testperson@" not in bookings
    assert "pending" in bookings  # FHIR delivery status


def test_booking_status_workflow_notes_and_requeue(console, staff):
    reference = console["conversations"]["quiz_booking"].facts["reference"]
    url = f"{console['base']}/bookings/{reference}"
    token = csrf_of(staff.get(url).text)
    moved = staff.post(f"{url}/status", data={"csrf_token": token, "status": "contacted"})
    assert moved.status_code == 200 and "Status changed." in moved.text and "status-contacted" in moved.text
    skipped = staff.post(f"{url}/status", data={"csrf_token": token, "status": "new"})
    assert skipped.status_code == 409
    noted = staff.post(f"{url}/notes", data={"csrf_token": token, "body": "Left a voicemail <b>twice</b>"})
    assert "Left a voicemail &lt;b&gt;twice&lt;/b&gt;" in noted.text
    assert "Left a voicemail" in staff.get(f"{console['base']}/conversation",
                                           params={"id": console["conversations"]["quiz_booking"].sender}).text
    assert staff.post(f"{url}/requeue", data={"csrf_token": token}).status_code == 200
    assert staff.get(f"{console['base']}/bookings/NOPE-000").status_code == 404


def test_review_tag_note_and_the_reviewed_filter(console, staff):
    cid = _ids(console, "urgent")
    page = staff.get(f"{console['base']}/conversation", params={"id": cid})
    token = csrf_of(page.text)
    assert staff.post(f"{console['base']}/conversation/review", data={"csrf_token": token, "id": cid}).ok
    assert cid in _cids(staff, console, reviewed="yes") and cid not in _cids(staff, console, reviewed="no")
    assert cid not in staff.get(f"{console['base']}/queues/red-flags").text  # followed up
    tagged = staff.post(f"{console['base']}/conversation/tags", data={"csrf_token": token, "id": cid, "tag": "Called Back"})
    assert "called-back" in tagged.text and cid in _cids(staff, console, tag="called-back")
    bad = staff.post(f"{console['base']}/conversation/notes", data={"csrf_token": token, "id": cid, "body": "   "})
    assert bad.status_code == 400
    staff.post(f"{console['base']}/conversation/review", data={"csrf_token": token, "id": cid, "reviewed": "no"})
    assert cid in staff.get(f"{console['base']}/queues/red-flags").text


def test_intent_corrections_export_as_rasa_nlu_yaml(console, staff):
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    cid = _ids(console, "faq")
    page = staff.get(f"{console['base']}/conversation", params={"id": cid}).text
    event_ids = re.findall(r"event_id=(\d+)", page)
    assert len(event_ids) == 2  # two messages from the patient, each with its correction link
    form = staff.get(f"{console['base']}/conversation/correct", params={"id": cid, "event_id": event_ids[1]})
    assert "is there parking at the office?" in form.text
    token = csrf_of(form.text)
    refused = staff.post(f"{console['base']}/conversation/correct", data={
        "csrf_token": token, "id": cid, "event_id": event_ids[1], "intent": "faq", "faq_topic": ""})
    assert refused.status_code == 400  # an FAQ label needs a topic
    other = _ids(console, "emergency")
    assert staff.post(f"{console['base']}/conversation/correct", data={  # a message of another conversation
        "csrf_token": token, "id": other, "event_id": event_ids[1], "intent": "greet"}).status_code == 404
    saved = staff.post(f"{console['base']}/conversation/correct", data={
        "csrf_token": token, "id": cid, "event_id": event_ids[1], "intent": "out_of_scope", "faq_topic": ""})
    assert "Intent correction saved." in saved.text and "Corrected to <code>out_of_scope</code>" in saved.text
    exported = staff.get(f"{console['base']}/corrections.yml")
    assert exported.headers["content-disposition"].startswith("attachment")
    data = RasaYAMLReader().reads(exported.text)
    assert {(m.get("text"), m.get("intent")) for m in data.intent_examples} >= {
        ("is there parking at the office?", "out_of_scope")}


def test_exports_csv_text_and_json(console, staff):
    searched = staff.get(f"{console['base']}/conversations.csv", params={"q": "parking"})
    # Among this module's conversations (other tests' conversations share the Rasa server).
    found = [r["conversation_id"] for r in csv.DictReader(io.StringIO(searched.text))]
    assert [cid for cid in found if cid in _ours(console)] == [_ids(console, "faq")]
    listing = staff.get(f"{console['base']}/conversations.csv", params={"triage": "alert"})
    assert listing.headers["content-disposition"].startswith('attachment; filename="conversations-')
    rows = list(csv.DictReader(io.StringIO(listing.text)))
    assert {r["conversation_id"] for r in rows} >= {_ids(console, "emergency"), _ids(console, "urgent")}
    everything = list(csv.DictReader(io.StringIO(staff.get(f"{console['base']}/conversations.csv").text)))
    formula = next(r for r in everything if r["conversation_id"] == _ids(console, "formula"))
    assert formula["first_message_masked"].startswith("'=HYPERLINK(")
    assert not any(v.startswith(("=", "+", "-", "@")) for r in everything for v in r.values())
    contact = next(r for r in everything if r["conversation_id"] == _ids(console, "contact"))
    assert "410-555-0199" not in contact["first_message_masked"]
    cid = _ids(console, "emergency")
    text = staff.get(f"{console['base']}/conversation/export", params={"id": cid, "format": "txt"})
    assert "Patient: I can't feel anything down there" in text.text and "[red-flag alert: emergency;" in text.text
    document = staff.get(f"{console['base']}/conversation/export", params={"id": cid, "format": "json"}).json()
    assert document["triage_level"] == "emergency" and document["alerts"][0]["level"] == "emergency"
    assert document["items"][0]["kind"] == "user" and document["items"][0]["intent"] == "red_flag_emergency"


def test_plots_are_svg_with_numbers_only(console, staff):
    page = staff.get(f"{console['base']}/analytics").text
    charts = re.findall(r'<img src="([^"]+\.svg\?[^"]*)"', page)
    assert len(charts) == 6
    for chart in charts:
        response = staff.get(f"{console['url']}{unescape(chart)}")
        assert response.status_code == 200 and response.headers["content-type"] == "image/svg+xml"
        assert response.text.lstrip().startswith("<?xml") and "<svg" in response.text
        assert "<script" not in response.text and "parking" not in response.text
    assert staff.get(f"{console['base']}/analytics/nope.svg").status_code == 404


def test_every_sign_in_transcript_view_and_export_is_audited(console, admin):
    audit = admin.get(f"{console['base']}/admin/audit", params={"actor": "bob"}).text
    for meaning in ("signed in", "opened a transcript", "exported a conversation",
                    "exported the conversation list (CSV)", "exported intent corrections (NLU YAML)"):
        assert meaning in audit, meaning
    assert "triage=alert" in audit and "q=(text)" in audit  # filters are recorded, the search text is not
    assert "parking" not in audit


def test_accounts_are_created_by_the_command_with_the_password_on_stdin(console):
    created = run_cli(console["env"], "create-user", "erin", "--password-stdin", stdin="too short\n")
    assert created.returncode == 1 and "at least 12 characters" in created.stderr
    created = run_cli(console["env"], "create-user", "erin", "--password-stdin", stdin="a passphrase of her own\n")
    assert created.returncode == 0, created.stderr
    assert "erin" in run_cli(console["env"], "list-users").stdout
    sign_in(console["base"], "erin", "a passphrase of her own")


def test_the_console_logs_no_patient_data(console):
    log = console["log"].read_text(errors="replace")
    for secret in ("410-555", "parking", "Testperson", "wipe", "zed.contact", PASSWORD):
        assert secret not in log
