"""The conversation list's filters, read from (and written back to) the page's query string."""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta
from typing import Callable, Dict, Iterable, List, Mapping, Optional, Set, Tuple
from urllib.parse import urlencode

from clinic_core.booking.times import clinic_timezone
from console.summaries import ConversationSummary

YES_NO = ("yes", "no")
ALERT = "alert"  # any level that calls for follow-up (everything but "check")
NO_FLAG = "none"
MAX_QUERY = 200


def local_day(timestamp: float) -> date:
    return datetime.fromtimestamp(timestamp, tz=clinic_timezone()).date()


def day_bounds(first: Optional[date], last: Optional[date]) -> Tuple[float, float]:
    """Unix time from the start of ``first`` to the end of ``last``, in the clinic's time zone."""
    zone = clinic_timezone()
    start = datetime.combine(first, time.min, zone).timestamp() if first else float("-inf")
    end = datetime.combine(last + timedelta(days=1), time.min, zone).timestamp() if last else float("inf")
    return start, end


def _date(value: str, errors: List[str], label: str) -> Optional[date]:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(f"{label} is not a date (YYYY-MM-DD); it was ignored")
        return None


@dataclass(frozen=True)
class ConversationFilter:
    date_from: Optional[date] = None
    date_to: Optional[date] = None
    channel: str = ""
    triage: str = ""
    route: str = ""
    band: str = ""
    booking: str = ""
    attention: str = ""
    reviewed: str = ""
    tag: str = ""
    q: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> Tuple["ConversationFilter", List[str]]:
        """The filter and the problems found (bad values are dropped, never guessed)."""
        errors: List[str] = []
        text = {f.name: (params.get(f.name) or "").strip() for f in fields(cls) if f.name not in ("date_from", "date_to")}
        for name in ("booking", "attention", "reviewed"):
            if text[name] not in ("",) + YES_NO:
                errors.append(f"{name} must be yes or no; it was ignored")
                text[name] = ""
        for name in ("channel", "triage", "route", "band", "tag"):
            text[name] = text[name][:64]
        if len(text["q"]) > MAX_QUERY:
            errors.append(f"the search text was cut to {MAX_QUERY} characters")
            text["q"] = text["q"][:MAX_QUERY]
        first = _date(params.get("date_from") or "", errors, "From")
        last = _date(params.get("date_to") or "", errors, "To")
        if first and last and first > last:
            errors.append("From is after To; the dates were swapped")
            first, last = last, first
        return cls(date_from=first, date_to=last, **text), errors

    def params(self) -> Dict[str, str]:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items() if v}

    def query_string(self, **changes) -> str:
        return urlencode(replace(self, **changes).params()) if changes else urlencode(self.params())

    def describe(self) -> str:
        """For the audit log: which filters were set, without the search text (it may name a patient)."""
        shown = {k: ("(text)" if k == "q" else v) for k, v in self.params().items()}
        return ", ".join(f"{k}={v}" for k, v in sorted(shown.items())) or "no filter"

    def _checks(self, reviewed: Set[str], tags: Mapping[str, List[str]]) -> List[Callable[[ConversationSummary], bool]]:
        start, end = day_bounds(self.date_from, self.date_to)
        checks: List[Callable[[ConversationSummary], bool]] = [lambda s: start <= s.started_at < end]
        if self.channel:
            checks.append(lambda s: s.channel == self.channel)
        if self.triage == ALERT:
            checks.append(lambda s: bool(s.triage_level) and s.triage_level != "check")
        elif self.triage == NO_FLAG:
            checks.append(lambda s: not s.triage_level)
        elif self.triage:
            checks.append(lambda s: s.triage_level == self.triage)
        if self.route:
            checks.append(lambda s: s.route == self.route)
        if self.band:
            checks.append(lambda s: s.band == self.band)
        for name, test in (("booking", lambda s: s.booking_requested), ("attention", lambda s: s.needs_attention),
                           ("reviewed", lambda s: s.conversation_id in reviewed)):
            wanted = getattr(self, name)
            if wanted:
                checks.append(lambda s, test=test, flag=wanted == "yes": test(s) == flag)
        if self.tag:
            checks.append(lambda s: self.tag in tags.get(s.conversation_id, ()))
        return checks

    def apply(self, summaries: Iterable[ConversationSummary], reviewed: Set[str], tags: Mapping[str, List[str]],
              search: Optional[Callable[[List[str]], Set[str]]] = None) -> List[ConversationSummary]:
        """The matching summaries, in the order given. ``search`` finds the text among candidates."""
        checks = self._checks(reviewed, tags)
        found = [s for s in summaries if all(check(s) for check in checks)]
        if self.q and search is not None:
            hits = search([s.conversation_id for s in found])
            found = [s for s in found if s.conversation_id in hits]
        return found
