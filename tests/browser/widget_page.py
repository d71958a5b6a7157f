"""The demo page with its chat widget, as the browser tests drive it."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Dict, List, Optional

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
TIMEOUT_MS = 60000


# Button titles that carry a typed answer, yes/no questions first, then checklists.
BUTTONS_MEANING = {"yes": ("Yes", "Yes, one or more"), "no": ("No", "None of these")}


class WidgetPage:
    def __init__(self, page: Page):
        self.page = page
        self.dialogs: List[str] = []
        self.csp_errors: List[str] = []
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda msg: self.csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None)
        self.launcher = page.locator(".cc-launcher")
        self.panel = page.locator("#cc-panel")
        self.log = page.get_by_role("log")
        self.input = page.get_by_label("Type your message")

    def assistant_count(self) -> int:
        return self.page.locator(".cc-msg-assistant").count()

    def wait_for_replies(self, before: int) -> None:
        """Until new replies arrived and the server acknowledged the message (typing line gone)."""
        self.page.wait_for_function(
            "n => document.querySelectorAll('.cc-msg-assistant').length > n"
            " && document.querySelector('.cc-typing').textContent === ''", arg=before, timeout=TIMEOUT_MS)

    def wait_until_ready(self) -> None:
        self.page.wait_for_selector(".cc-notice .cc-notice-title, .cc-notice-short", timeout=TIMEOUT_MS)

    def type_message(self, text: str) -> None:
        before = self.assistant_count()
        self.input.fill(text)
        self.input.press("Enter")
        self.wait_for_replies(before)

    def click_choice(self, title: str) -> None:
        before = self.assistant_count()
        self.page.locator(".cc-quick").get_by_role("button", name=title, exact=True).click()
        self.wait_for_replies(before)

    def button_meaning(self, answer: str) -> Optional[str]:
        """The open question's button that says ``answer`` ("no" is "None of these" on a checklist)."""
        quick = self.page.locator(".cc-quick")
        for title in BUTTONS_MEANING.get(answer, ()):
            if quick.get_by_role("button", name=title, exact=True).count():
                return title
        return None

    def last_assistant(self) -> Dict[str, str]:
        last = self.page.locator(".cc-msg-assistant").last
        return {"type": last.get_attribute("data-type") or "", "item": last.get_attribute("data-item") or ""}

    def press_tab_until(self, condition_js: str, backwards: bool = False, limit: int = 40) -> None:
        for _ in range(limit):
            if self.page.evaluate(condition_js):
                return
            self.page.keyboard.press("Shift+Tab" if backwards else "Tab")
        raise AssertionError(f"keyboard focus never reached: {condition_js}")

    def answer_quiz(self, answer_for: Callable[[str], str], turns: int = 0, limit: int = 60) -> List[str]:
        """Answers by button and by typing, in turn: ``turns`` questions, or (0) until the result
        card shows. Returns the items asked."""
        asked: List[str] = []
        for turn in range(turns or limit):
            if self.page.locator(".cc-result").count():
                return asked
            last = self.last_assistant()
            assert last["type"] == "quiz_question", f"not a question: {last}"
            asked.append(last["item"])
            answer = answer_for(last["item"])
            title = self.button_meaning(answer)
            if title and turn % 2 == 0:
                self.click_choice(title)
            else:
                self.type_message(answer)
        assert turns or self.page.locator(".cc-result").count(), f"no result card after {limit} answers: {asked}"
        return asked

    def axe_violations(self) -> List[Dict]:
        """axe-core (vendored) on the page: violations rated serious or critical."""
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))")
        return [v for v in result if v["impact"] in ("serious", "critical")]
