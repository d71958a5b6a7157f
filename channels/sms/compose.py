"""A turn's bot messages, as Rasa hands them to an output channel, turned into SMS bodies.

- Red-flag alerts go first, in their own SMS, the first sentence(s) alone in one segment when
  they fit, so the instruction to get help arrives whole and before anything else.
- Everything else of the turn is one SMS of at most ``MAX_SEGMENTS`` segments, cut after a
  sentence; the rest waits for MORE. So does the longer form of an answer that invites MORE
  ("Reply MORE for details.").
- Buttons become one numbered list ("Reply 1 Yes, 2 No, 3 Not sure."); the reply keeps the
  payloads so that a numeric answer can be mapped back on the server.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

from channels.sms.segments import fit, plain_typography

MAX_SEGMENTS = 3
MORE_INVITATION = re.compile(r"\bReply MORE\b")
_BOLD = re.compile(r"(\*\*|__)(.+?)\1")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")


@dataclass(frozen=True)
class Option:
    title: str
    payload: str


@dataclass(frozen=True)
class Wording:
    """The channel's own words, from the domain (utter_sms_more_hint, utter_sms_options)."""

    more_hint: str  # "Reply MORE for the rest."
    options: str  # "Reply {options}." where {options} becomes "1 Yes, 2 No"


@dataclass
class BotMessage:
    text: str
    buttons: List[Option] = field(default_factory=list)
    alert: bool = False
    details: str = ""  # the longer answer behind "Reply MORE for details."

    @classmethod
    def from_rasa(cls, message: Dict[str, Any]) -> "BotMessage":
        custom = message.get("custom")
        buttons = [
            Option(str(b.get("title") or "").strip(), str(b.get("payload") or "").strip())
            for b in message.get("buttons") or [] if isinstance(b, dict) and b.get("payload")
        ]
        return cls(
            text=sms_text(message.get("text") or ""),
            buttons=buttons,
            alert=isinstance(custom, dict) and custom.get("type") == "triage_alert",
        )

    @property
    def invites_more(self) -> bool:
        return bool(MORE_INVITATION.search(self.text))


@dataclass
class Reply:
    bodies: List[str]
    options: List[Option]  # the numbered choices a reply may pick, [] when none
    more: str  # what MORE sends next, "" when nothing


def sms_text(text: str) -> str:
    """Web formatting made plain: no markdown emphasis, links as "text (url)", GSM-7 quotes."""
    text = _LINK.sub(r"\1 (\2)", _BOLD.sub(r"\2", text))
    return plain_typography(text).strip()


def options_line(options: Sequence[Option], wording: Wording) -> str:
    # "1 Yes, 2 No"; titles with commas ("Elkridge, Maryland") are kept apart with semicolons.
    separator = "; " if any("," in o.title for o in options) else ", "
    listing = separator.join(f"{n} {o.title}" for n, o in enumerate(options, start=1))
    return wording.options.replace("{options}", listing)


def compose(messages: Sequence[BotMessage], wording: Wording) -> Reply:
    with_buttons = [m for m in messages if m.buttons]
    options = with_buttons[-1].buttons if with_buttons else []
    bodies: List[str] = []
    left: List[str] = []  # what MORE will send, in order
    for alert in (m for m in messages if m.alert and m.text):
        first, rest = fit(alert.text, 1, cut_words=False)
        for piece in (p for p in (first, rest) if p):
            head, overflow = fit(piece, MAX_SEGMENTS, wording.more_hint)
            bodies.append(head)
            left.append(overflow)
    parts = []
    for message in messages:
        if message.alert:
            continue
        text = message.text
        if options and message is with_buttons[-1]:
            text = f"{text}\n{options_line(options, wording)}".strip()
        if text:
            parts.append(text)
    head, overflow = fit("\n\n".join(parts), MAX_SEGMENTS, wording.more_hint)
    if head:
        bodies.append(head)
    left += [overflow] + [m.details for m in messages]
    return Reply(bodies=bodies, options=list(options), more="\n\n".join(t for t in left if t))


def more_reply(more: str, wording: Wording) -> Tuple[str, str]:
    """The next SMS of a MORE and what is left after it."""
    return fit(more, MAX_SEGMENTS, wording.more_hint)


def chosen_option(options: Sequence[Option], number: Optional[int]) -> Optional[Option]:
    if number is None or not 1 <= number <= len(options):
        return None
    return options[number - 1]
