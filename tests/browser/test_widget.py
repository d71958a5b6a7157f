"""The chat widget on the demo clinic page, in real headless Chromium, against the real assistant."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from channels.widget_session import SessionTokens
from clinic_core.catalogue import load_catalogue
from clinic_core.clinic import clinic
from tests.browser.widget_page import TIMEOUT_MS, WidgetPage
from tests.server.test_quiz_http import profile
from tests.server.test_widget_channel import tracker_events
from tests.support.widget import WIDGET_TEST_SECRET
from tests.support.readability import MAX_GRADE

pytestmark = pytest.mark.server

XSS = "<img src=x onerror=alert(1)>"
FOCUSED_LAUNCHER = "document.activeElement && document.activeElement.classList.contains('cc-launcher')"
FOCUSED_START = "document.activeElement && document.activeElement.textContent === 'Take the pain quiz'"


def open_page(context, url) -> WidgetPage:
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    widget = WidgetPage(page)
    page.goto(url)
    expect(widget.launcher).to_be_visible()
    return widget


def focus_is_visible(page) -> bool:
    return page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                         " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }")


def test_quiz_by_keyboard_buttons_and_typing_survives_a_reload_and_ends_in_a_result_card(context, site, screenshot):
    widget = open_page(context, site)
    page = widget.page
    # Keyboard only: Tab to the launcher, Enter, back to "Take the pain quiz", Enter.
    widget.press_tab_until(FOCUSED_LAUNCHER)
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(widget.panel).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "cc-input"
    widget.wait_until_ready()
    widget.press_tab_until(FOCUSED_START, backwards=True)
    assert focus_is_visible(page)
    before = widget.assistant_count()
    page.keyboard.press("Enter")
    widget.wait_for_replies(before)
    expect(page.locator(".cc-msg-patient").first).to_have_text("You said: Take the pain quiz")
    answer_for = profile(yes={"pain_sitting", "unilateral_pain"}, numbers={"age": 52, "duration_months": 8})
    widget.answer_quiz(answer_for, turns=3)
    # By button: the button's words show as the patient's message.
    assert page.locator(".cc-msg-patient .cc-bubble", has_text="No").count() >= 1
    # Reload mid-quiz: the conversation comes back from the server and carries on.
    shown, pending = page.locator(".cc-msg").count(), widget.last_assistant()
    screenshot(page, "widget-mid-quiz")
    page.reload()
    expect(widget.panel).to_be_visible()
    page.wait_for_function("n => document.querySelectorAll('.cc-msg').length === n", arg=shown)
    assert widget.last_assistant() == pending and pending["type"] == "quiz_question"
    expect(page.locator(".cc-quick")).to_have_count(1)  # the open question's buttons are back
    widget.answer_quiz(answer_for)
    card = page.locator(".cc-result")
    expect(card).to_be_visible()
    expect(card).to_contain_text("Your pain quiz result")
    expect(card).to_contain_text("Chance the SI joint is the source")
    expect(card.locator("li", has_text=load_catalogue().item("pain_sitting").label).first).to_be_visible()
    expect(card).to_contain_text("You said no to")
    expect(card).to_contain_text("Next steps")
    expect(card.get_by_role("button", name="Request an appointment")).to_be_visible()
    card.evaluate("card => { const log = card.closest('.cc-log');"
                  " log.scrollTop += card.getBoundingClientRect().top - log.getBoundingClientRect().top - 8; }")
    screenshot(page, "widget-result")
    assert widget.axe_violations() == []
    assert widget.dialogs == [] and widget.csp_errors == []


def test_an_emergency_shows_an_alert_with_a_call_link(context, site, screenshot):
    widget = open_page(context, site)
    widget.launcher.click()
    widget.wait_until_ready()
    widget.type_message("I suddenly can't control my bladder and I'm numb between my legs")
    alert = widget.page.locator(".cc-alert-emergency")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Emergency")
    call = alert.locator(".cc-call", has_text=f"Call {clinic().emergency_number}")
    expect(call).to_be_visible()
    expect(call).to_have_attribute("href", f"tel:{clinic().emergency_number}")
    assert alert.locator("svg.cc-icon-warning").count() == 1  # colour + icon + words
    screenshot(widget.page, "widget-emergency")
    assert widget.axe_violations() == []


def test_patient_markup_is_shown_as_text(context, site):
    widget = open_page(context, site)
    widget.launcher.click()
    widget.wait_until_ready()
    widget.type_message(XSS)
    expect(widget.page.locator(".cc-msg-patient .cc-bubble").last).to_have_text(XSS)
    assert widget.page.locator(".cc-log img").count() == 0
    widget.page.wait_for_timeout(300)
    assert widget.dialogs == []


def test_escape_closes_and_returns_focus_and_focus_is_never_trapped(context, site, screenshot):
    widget = open_page(context, site)
    page = widget.page
    widget.launcher.click()
    widget.wait_until_ready()
    notice = page.locator(".cc-notice")
    expect(notice.locator(f'a[href="tel:{clinic().emergency_number}"]')).to_be_visible()
    expect(notice).to_contain_text(clinic().conversation_storage)
    screenshot(page, "widget-notice")
    page.get_by_role("button", name="Send").focus()
    page.keyboard.press("Tab")
    assert not page.evaluate("document.getElementById('cc-panel').contains(document.activeElement)")
    widget.input.focus()
    page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    assert page.evaluate(FOCUSED_LAUNCHER)
    page.get_by_role("button", name="Open the chat").click()  # the page's own button (data-clinic-chat-open)
    expect(widget.panel).to_be_visible()


@pytest.mark.parametrize("viewport", [{"width": 320, "height": 640}, {"width": 640, "height": 400}],
                         ids=["320px", "200pct-zoom"])
def test_the_panel_fits_narrow_and_zoomed_screens(browser, site, viewport, screenshot):
    context = browser.new_context(viewport=viewport)
    try:
        widget = open_page(context, site)
        widget.launcher.click()
        widget.wait_until_ready()
        page = widget.page
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        box = widget.panel.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
        for control in (widget.input, page.get_by_role("button", name="Send"), page.get_by_role("button", name="Close chat")):
            expect(control).to_be_in_viewport()
        widget.type_message("hello")
        assert page.evaluate("document.querySelector('.cc-log').scrollWidth <= document.querySelector('.cc-log').clientWidth")
        screenshot(page, f"widget-{viewport['width']}x{viewport['height']}")
    finally:
        context.close()


def test_a_page_on_another_origin_is_refused(context, site, assistant):
    other = site.replace("127.0.0.1", "localhost")  # same web process, an origin the assistant does not allow
    widget = open_page(context, other)
    widget.launcher.click()
    expect(widget.page.locator('.cc-status[data-state="unavailable"]')).to_have_text(
        f"The chat is not working right now. Please call the clinic at {clinic().phone}.", timeout=30000)
    assert widget.page.locator(".cc-start").count() == 0  # no session was ever confirmed
    outcome = widget.page.evaluate(
        """async url => { try {
              const r = await fetch(url + '/webhooks/rest/webhook', {method: 'POST',
                headers: {'Content-Type': 'application/json'}, body: JSON.stringify({sender: 'x', message: 'hi'})});
              return 'status ' + r.status; } catch (e) { return 'blocked'; } }""", assistant["url"])
    assert outcome == "blocked"


def test_a_dropped_connection_repeats_and_loses_nothing(context, site, assistant):
    widget = open_page(context, site)
    page = widget.page
    widget.launcher.click()
    widget.wait_until_ready()
    widget.type_message("hello")
    context.set_offline(True)
    expect(page.locator('.cc-status[data-state="reconnecting"], .cc-status[data-state="unavailable"]')).to_have_count(1)
    widget.input.fill("take the quiz")
    widget.input.press("Enter")  # typed while offline: it waits, it is not lost
    before = widget.assistant_count()
    context.set_offline(False)
    widget.wait_for_replies(before)
    expect(page.locator('.cc-status[data-state="ok"]')).to_have_count(1)
    assert widget.last_assistant()["type"] == "quiz_question"
    patient = page.locator(".cc-msg-patient .cc-bubble").all_text_contents()
    assert patient == ["hello", "take the quiz"]
    token = page.evaluate("sessionStorage.getItem('clinic-chat-session')")
    session_id = SessionTokens(secret=WIDGET_TEST_SECRET).verify(token)
    said = [e["text"] for e in tracker_events(assistant, session_id) if e["event"] == "user"]
    assert said == ["hello", "take the quiz"]  # once each, in order


def test_the_polling_fallback_passes_cors_for_this_page_only(context, site, assistant):
    """Where WebSockets are blocked, socket.io falls back to HTTP long-polling, which needs CORS."""
    script = """async ([vendor, url]) => {
        const { io } = await import(vendor);
        return await new Promise(resolve => {
            const socket = io(url, { transports: ['polling'], reconnection: false });
            socket.on('connect', () => socket.emit('session_request', {}));
            socket.on('session_confirm', c => { socket.close(); resolve(c.restored === false && !!c.session_token); });
            socket.on('connect_error', () => resolve('refused'));
        }); }"""
    allowed = open_page(context, site).page
    assert allowed.evaluate(script, [f"{site}/widget/vendor/socket.io.esm.min.js", assistant["url"]]) is True
    other = site.replace("127.0.0.1", "localhost")
    refused = open_page(context, other).page
    assert refused.evaluate(script, [f"{other}/widget/vendor/socket.io.esm.min.js", assistant["url"]]) == "refused"


def test_the_widgets_own_words_and_the_notice_read_at_grade_8_or_lower(context, site, grade):
    page = open_page(context, site).page
    words = page.evaluate("""async url => {
        const { stringsFor } = await import(url);
        const s = stringsFor('en'), found = [];
        const walk = value => {
            if (typeof value === 'function') found.push(value('911'));
            else if (typeof value === 'string') found.push(value);
            else if (value && typeof value === 'object') Object.values(value).forEach(walk);
        };
        walk(s);
        return found; }""", f"{site}/widget/src/strings.js")
    sentences = [w for w in words if w.count(" ") >= 3 and w.rstrip("…").endswith(".")]
    assert len(sentences) >= 10
    text = " ".join(sentences + [clinic().conversation_storage])
    assert grade(text) <= MAX_GRADE, text


def test_the_page_allows_only_its_own_origin_and_the_assistant(context, site, assistant):
    page = context.new_page()
    response = page.goto(site)
    policy = dict(part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))
    assert policy["default-src"] == policy["script-src"] == policy["style-src"] == "'self'"
    socket = assistant["url"].replace("http", "ws", 1)
    assert policy["connect-src"] == f"'self' {assistant['url']} {socket}"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    # Enforced: markup that slipped into the page could not run a script of its own.
    blocked = page.evaluate("""() => new Promise(resolve => {
        document.addEventListener('securitypolicyviolation', e => resolve(e.violatedDirective));
        const s = document.createElement('script');
        s.textContent = 'window.injected = 1';
        document.body.append(s); })""")
    assert blocked.startswith("script-src") and page.evaluate("window.injected") is None
