"""The staff console as `make run` serves it: mounted at /staff in the web process (python -m web),
next to the demo page's own /static. The console's own tests run it standalone."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.server


def test_the_console_in_the_web_process_loads_its_own_stylesheet(context, site):
    page = context.new_page()
    failed = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.goto(f"{site}/staff/sign-in")
    href = page.locator('link[rel="stylesheet"]').get_attribute("href")
    assert href == "/staff/static/console.css"
    stylesheet = page.request.get(f"{site}{href}")
    assert stylesheet.status == 200 and "text/css" in stylesheet.headers["content-type"]
    assert failed == []
    # the console's styles are applied (the browser default body margin is 8px)
    assert page.evaluate("getComputedStyle(document.body).margin") != "8px"
