"""The console in real headless Chromium (Debian's chromium, driven by Playwright), on
conversations driven through the Rasa server. Screenshots go to results/console-screenshots/."""
from __future__ import annotations

import csv
import io

import pytest

from tests.console.conftest import browser_sign_in, screenshot

pytestmark = pytest.mark.server


def _cid(console, name):
    return console["conversations"][name].sender


def test_a_signed_out_visitor_is_sent_to_sign_in(console, page):
    page.goto(f"{console['base']}/queues/red-flags")
    assert "/staff/sign-in" in page.url
    assert page.locator("h1").inner_text() == "Sign in"
    browser_sign_in(page, console["base"], "bob", go=False)
    page.wait_for_url("**/staff/queues/red-flags")  # back where the visitor was going


def test_sign_in_filter_to_red_flags_open_a_transcript_and_mark_it_reviewed(console, page):
    browser_sign_in(page, console["base"], "bob")
    page.wait_for_url("**/staff/conversations")
    screenshot(page, "console-conversation-list")
    page.select_option("select[name=triage]", "alert")
    page.click("text=Filter")
    page.wait_for_url("**triage=alert**")
    rows = page.locator("table.list tbody tr")
    listed = " ".join(rows.all_inner_texts())
    assert "emergency" in listed and "urgent" in listed and "what is the SI joint" not in listed
    page.click(f"a[href*='{_cid(console, 'emergency')}']")
    page.wait_for_url("**/staff/conversation?id=**")
    assert page.locator(".payload.alert").first.inner_text().startswith("Red-flag alert: emergency")
    assert "red_flag_emergency" in page.locator(".turn.patient").first.inner_text()
    screenshot(page, "console-transcript")
    page.click("text=Mark as reviewed")
    assert page.locator(".notice").inner_text() == "Marked as reviewed."
    assert "reviewed by bob" in page.locator(".side").inner_text()
    page.goto(f"{console['base']}/queues/red-flags")
    assert _cid(console, "emergency") not in page.content()


def test_correct_an_intent_and_download_the_nlu_yaml(console, page):
    browser_sign_in(page, console["base"], "bob")
    page.goto(f"{console['base']}/conversation?id={_cid(console, 'faq')}")
    page.locator(".turn.patient").nth(1).locator("text=Correct the intent").click()
    page.select_option("select[name=intent]", "faq")
    page.select_option("select[name=faq_topic]", "insurance")
    page.click("text=Save correction")
    assert "Corrected to faq/insurance" in page.locator(".corrected").first.inner_text()
    page.goto(f"{console['base']}/corrections")
    with page.expect_download() as download:
        page.click("text=Download NLU YAML")
    body = open(download.value.path(), encoding="utf-8").read()
    assert download.value.suggested_filename.endswith(".yml")
    assert "- intent: faq/insurance\n  examples: |\n    - is there parking at the office?" in body


def test_export_the_filtered_list_as_csv(console, page):
    browser_sign_in(page, console["base"], "bob")
    page.goto(f"{console['base']}/conversations?booking=yes")
    with page.expect_download() as download:
        page.click("text=Download CSV")
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    ours = next(r for r in rows if r["conversation_id"] == _cid(console, "quiz_booking"))
    assert ours["booking_references"] == f'["{console["conversations"]["quiz_booking"].facts["reference"]}"]'
    assert all(r["booking_references"] != "[]" for r in rows)  # only conversations with a booking


def test_see_the_plots(console, page):
    browser_sign_in(page, console["base"], "bob")
    page.goto(f"{console['base']}/analytics")
    page.wait_for_load_state("networkidle")
    images = page.locator("figure.chart img")
    assert images.count() == 6
    for index in range(6):
        drawn = images.nth(index).evaluate("img => img.complete && img.naturalWidth > 100")
        assert drawn, images.nth(index).get_attribute("alt")
    screenshot(page, "console-analytics")


def test_a_script_tag_typed_by_a_patient_shows_as_text(console, page):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    browser_sign_in(page, console["base"], "bob")
    for path in (f"/conversation?id={_cid(console, 'markup')}", "/conversations?q=pwned"):
        page.goto(f"{console['base']}{path}")
        assert "<script>window.__pwned = 1</script>" in page.locator("main").inner_text()
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("main script, main img[src=x]").count() == 0


def test_a_form_post_without_the_csrf_token_is_refused(console, page):
    browser_sign_in(page, console["base"], "bob")
    page.goto(f"{console['base']}/conversation?id={_cid(console, 'faq')}")
    form = page.locator("form[action$='/conversation/review']")
    form.locator("input[name=csrf_token]").evaluate("input => input.remove()")
    form.locator("button").click()
    assert page.locator("h1").inner_text() == "Not allowed"
    assert "security token" in page.locator(".error").inner_text()
    page.goto(f"{console['base']}/conversation?id={_cid(console, 'faq')}")
    assert "Not reviewed yet." in page.locator(".side").inner_text()


def test_a_staff_user_cannot_open_admin_pages(console, page):
    browser_sign_in(page, console["base"], "bob")
    page.wait_for_url("**/staff/conversations")
    assert page.locator("nav a.admin").count() == 0
    for path in ("/admin/audit", "/admin/users", "/admin/retention"):
        response = page.goto(f"{console['base']}{path}")
        assert response.status == 403 and page.locator("h1").inner_text() == "Not allowed"


def test_five_wrong_passwords_lock_the_account(console, page):
    for attempt in range(5):
        browser_sign_in(page, console["base"], "carol", "not the password")
        expected = "Wrong username or password." if attempt < 4 else "locked after too many wrong passwords"
        assert expected in page.locator(".error").inner_text()
    browser_sign_in(page, console["base"], "carol")  # the right password, too late
    assert "locked" in page.locator(".error").inner_text()
    assert "/sign-in" in page.url
    browser_sign_in(page, console["base"], "alice")
    page.goto(f"{console['base']}/admin/audit?actor=carol")
    audit = page.locator("table.list").inner_text()
    assert "account locked after wrong passwords" in audit and audit.count("wrong password") >= 4
