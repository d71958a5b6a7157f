"""Figures for the analytics page, computed from the conversation summaries."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Dict, List, Optional, Sequence, Tuple

from console.filters import local_day
from console.summaries import ConversationSummary, level_priority

MAX_DAYS = 366


@dataclass(frozen=True)
class Analytics:
    days: List[date]
    per_day: List[int]
    fallback_rate_per_day: List[Optional[float]]  # share of patient messages that fell back; None without messages
    funnel: List[Tuple[str, int]]
    routes: List[Tuple[str, int]]
    bands: List[Tuple[str, int]]
    alert_levels: List[Tuple[str, int]]
    conversations: int
    patient_messages: int
    fallback_turns: int

    @property
    def fallback_rate(self) -> Optional[float]:
        return self.fallback_turns / self.patient_messages if self.patient_messages else None


def _day_range(first: date, last: date) -> List[date]:
    first = max(first, last - timedelta(days=MAX_DAYS - 1))
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _counts(values, order: Sequence[str] = ()) -> List[Tuple[str, int]]:
    counted = Counter(v for v in values if v)
    known = [(name, counted.pop(name, 0)) for name in order]
    return known + sorted(counted.items())


def compute(summaries: Sequence[ConversationSummary], first: Optional[date], last: Optional[date]) -> Analytics:
    """Figures for the conversations started between ``first`` and ``last`` (clinic days).
    Without dates, the span of the conversations given (at most a year, ending with the newest)."""
    by_day: Dict[date, List[ConversationSummary]] = {}
    for s in summaries:
        by_day.setdefault(local_day(s.started_at), []).append(s)
    if by_day:
        first, last = first or min(by_day), last or max(by_day)
    days = _day_range(first, last) if first and last else []
    rates: List[Optional[float]] = []
    for day in days:
        messages = sum(s.user_turns for s in by_day.get(day, ()))
        rates.append(sum(s.fallback_turns for s in by_day.get(day, ())) / messages if messages else None)
    completed = [s for s in summaries if s.quiz_completed]
    levels = sorted({s.triage_level for s in summaries if s.triage_level}, key=level_priority)
    return Analytics(
        days=days, per_day=[len(by_day.get(day, ())) for day in days], fallback_rate_per_day=rates,
        funnel=[("started the quiz", sum(s.quiz_started for s in summaries)),
                ("finished it", len(completed)),
                ("then asked to book", sum(s.booking_requested for s in completed))],
        routes=_counts((s.route for s in completed)),
        bands=_counts((s.band for s in completed), ("low", "moderate", "high")),
        alert_levels=_counts((s.triage_level for s in summaries), levels),
        conversations=len(summaries), patient_messages=sum(s.user_turns for s in summaries),
        fallback_turns=sum(s.fallback_turns for s in summaries))
