"""One summary per conversation, folded from its events, kept up to date incrementally.

The conversation list filters on things no single column holds (the highest triage level, the
quiz route, fallback turns...). Folding every event on every page view would not scale, so the
index folds each new event once: a refresh reads only rows newer than the last one it saw. Rasa
only ever appends to ``events``; if rows disappear (the retention purge), the index notices
(the row count no longer adds up) and rebuilds from scratch.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Dict, List, Optional, Tuple

from console.masking import snippet
from console.tracker import Event, TrackerReader

# Follow-up order in the red-flag queue; levels added later sort just after "urgent".
LEVEL_PRIORITY = {"emergency": 0, "crisis": 1, "urgent": 2, "check": 4}
UNKNOWN_LEVEL_PRIORITY = 3
FALLBACK_INTENT = "nlu_fallback"


def level_priority(level: Optional[str]) -> int:
    if not level:
        return 99
    return LEVEL_PRIORITY.get(level, UNKNOWN_LEVEL_PRIORITY)


def utc(timestamp: Optional[float]) -> Optional[datetime]:
    return datetime.fromtimestamp(timestamp, tz=timezone.utc) if timestamp else None


@dataclass
class ConversationSummary:
    conversation_id: str
    started_at: float = 0.0
    last_at: float = 0.0
    channel: Optional[str] = None
    user_turns: int = 0
    first_message: str = ""  # masked preview
    triage_level: Optional[str] = None
    triage_reasons: Tuple[str, ...] = ()
    alert_at: Optional[float] = None  # when the patient wrote the message that raised the level
    quiz_started: bool = False
    quiz_completed: bool = False
    route: Optional[str] = None
    band: Optional[str] = None
    probability: Optional[float] = None
    booking_started: bool = False
    booking_references: Tuple[str, ...] = ()
    fallback_turns: int = 0
    low_confidence_turns: int = 0
    unanswered: int = 0
    # Fold state, not shown.
    _last_user_at: float = field(default=0.0, repr=False)
    _user_event_id: int = field(default=0, repr=False)
    _fallback_counted_for: int = field(default=-1, repr=False)

    @property
    def needs_attention(self) -> bool:
        return bool(self.fallback_turns or self.low_confidence_turns or self.unanswered)

    @property
    def booking_requested(self) -> bool:
        return bool(self.booking_references)

    @property
    def started(self) -> Optional[datetime]:
        return utc(self.started_at)

    @property
    def last(self) -> Optional[datetime]:
        return utc(self.last_at)

    @property
    def alerted(self) -> Optional[datetime]:
        return utc(self.alert_at)


def _confidence(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 1.0


def turn_confidences(parse_data: Dict) -> Tuple[float, Optional[float]]:
    """(intent confidence, FAQ answer confidence or None) of one user message."""
    intent = parse_data.get("intent") or {}
    selector = ((parse_data.get("response_selector") or {}).get("faq") or {}).get("response") or {}
    faq = _confidence(selector.get("confidence")) if intent.get("name") == "faq" else None
    return _confidence(intent.get("confidence")), faq


class SummaryFolder:
    """Applies one event at a time to a conversation's summary."""

    def __init__(self, low_confidence: float):
        self.low_confidence = low_confidence

    def apply(self, summary: ConversationSummary, event: Event) -> None:
        if event.timestamp:
            summary.started_at = min(summary.started_at or event.timestamp, event.timestamp)
            summary.last_at = max(summary.last_at, event.timestamp)
        handler = getattr(self, f"_{event.type_name}", None)
        if handler is not None:
            handler(summary, event)

    def _fell_back(self, summary: ConversationSummary) -> None:
        if summary._fallback_counted_for != summary._user_event_id:
            summary._fallback_counted_for = summary._user_event_id
            summary.fallback_turns += 1

    def _user(self, summary: ConversationSummary, event: Event) -> None:
        data = event.data
        summary.user_turns += 1
        summary._last_user_at = event.timestamp
        summary._user_event_id = event.id
        summary.channel = summary.channel or data.get("input_channel")
        text = data.get("text") or ""
        if not summary.first_message and text and not text.startswith("/"):
            summary.first_message = snippet(text)
        if self.is_low_confidence(data.get("parse_data") or {}):
            summary.low_confidence_turns += 1

    def is_low_confidence(self, parse_data: Dict) -> bool:
        """The classifier passed the message on but was unsure of the intent or the FAQ answer.

        ``nlu_fallback`` is not counted: names and phone numbers typed into a form get it on
        purpose (the VocabularyGuard); a real misunderstanding shows as a fallback turn."""
        if ((parse_data.get("intent") or {}).get("name")) == FALLBACK_INTENT:
            return False
        confidence, faq = turn_confidences(parse_data)
        return confidence < self.low_confidence or (faq is not None and faq < self.low_confidence)

    def _action(self, summary: ConversationSummary, event: Event) -> None:
        self._fell_back(summary)  # the fallback actions are the only actions read

    def _bot(self, summary: ConversationSummary, event: Event) -> None:
        self._fell_back(summary)  # the "I did not understand" responses are the only bot events read

    def _active_loop(self, summary: ConversationSummary, event: Event) -> None:
        if event.action_name == "pain_quiz_form":
            summary.quiz_started = True
        elif event.action_name == "booking_form":
            summary.booking_started = True

    def _slot(self, summary: ConversationSummary, event: Event) -> None:
        value = event.data.get("value")
        if value in (None, "", []):
            return
        name = event.action_name
        if name == "triage_level" and isinstance(value, str):
            if level_priority(value) < level_priority(summary.triage_level):
                summary.triage_level = value
                summary.alert_at = summary._last_user_at or event.timestamp
        elif name == "triage_reasons" and isinstance(value, list):
            summary.triage_reasons = tuple(sorted(set(summary.triage_reasons) | {str(v) for v in value}))
        elif name == "quiz_result" and isinstance(value, dict):
            summary.quiz_completed = True
            summary.route, summary.band = value.get("route"), value.get("band")
            probability = value.get("probability")
            summary.probability = float(probability) if isinstance(probability, (int, float)) else None
        elif name == "booking_reference" and isinstance(value, str):
            if value not in summary.booking_references:
                summary.booking_references += (value,)
        elif name == "unanswered_question":
            summary.unanswered += 1


class ConversationIndex:
    """Summaries of every conversation in the tracker store, refreshed on demand.

    A refresh costs two primary-key lookups when nothing is new. Deleted rows are noticed at
    once when the oldest ones go (the retention purge) and within ``check_every`` seconds
    otherwise (a full count of the rows already read); then the index is rebuilt."""

    def __init__(self, reader: TrackerReader, low_confidence: float, check_every: float = 300.0):
        self.reader = reader
        self.check_every = check_every
        self.folder = SummaryFolder(low_confidence)
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self._summaries: Dict[str, ConversationSummary] = {}
        self._newest_first: Optional[List[ConversationSummary]] = None
        self._min_id = self._max_id = self._count = 0
        self._checked = time.monotonic()

    def _rows_were_deleted(self, min_id: int, max_id: int) -> bool:
        if not self._count:
            return False
        if min_id != self._min_id or max_id < self._max_id:
            return True
        if time.monotonic() - self._checked < self.check_every:
            return False
        self._checked = time.monotonic()
        return self.reader.count(0, self._max_id) != self._count

    def refresh(self, force: bool = False) -> None:
        with self._lock:
            min_id, max_id = self.reader.id_range()
            if force or self._rows_were_deleted(min_id, max_id):
                self._reset()
            if max_id == self._max_id:
                return
            self._newest_first = None
            for event in self.reader.summary_events(self._max_id, max_id):
                summary = self._summaries.get(event.sender_id)
                if summary is None:
                    summary = self._summaries[event.sender_id] = ConversationSummary(event.sender_id)
                self.folder.apply(summary, event)
            self._count += self.reader.count(self._max_id, max_id)
            self._min_id, self._max_id = min_id, max_id

    def all(self) -> List[ConversationSummary]:
        """Every conversation with at least one patient message, newest first."""
        self.refresh()
        with self._lock:
            if self._newest_first is None:
                found = [s for s in self._summaries.values() if s.user_turns]
                self._newest_first = sorted(found, key=lambda s: (s.last_at, s.conversation_id), reverse=True)
            return list(self._newest_first)

    def get(self, conversation_id: str) -> Optional[ConversationSummary]:
        self.refresh()
        with self._lock:
            return self._summaries.get(conversation_id)
