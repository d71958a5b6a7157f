"""A cautious hint from the patient's own words about when they can come.

"Tuesdays after 3pm, not Fridays" -> weekdays [tue], after 15:00, excluded [fri], and concrete
windows over the next two weeks in the clinic's time zone. The hint only helps staff; the patient's
words are always stored and shown verbatim. Anything not understood gives no hint (None).
"""
from __future__ import annotations

import os
import re
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Dict, List, Optional, Set, Tuple
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "America/New_York"  # Maryland, Pennsylvania, Virginia; override with $CLINIC_TIMEZONE
HORIZON_DAYS = 14
MAX_PERIODS = 20
WORKING_DAY = (8, 17)  # the window used when the patient names a day but no time of day
PARTS = {"morning": (8, 12), "lunch": (11, 14), "afternoon": (12, 17), "evening": (17, 20)}
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
_DAY_RE = re.compile(r"\b(" + "|".join(sorted(_DAYS, key=len, reverse=True)) + r")s?\b")
_GROUP_RE = re.compile(r"\b(weekdays?|week days?|weekends?)\b")
_PART_RE = re.compile(r"\b(mornings?|lunch ?time|lunch|afternoons?|evenings?)\b")
_ANY_RE = re.compile(r"\b(any ?time|any day|whenever|flexible|anything works|all day)\b")
_CLOCK = r"(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?|noon|midday|lunch"
_AFTER_RE = re.compile(r"\b(?:after|from|later than|not before)\s+(" + _CLOCK + r")")
_BEFORE_RE = re.compile(r"\b(?:before|until|till|by|earlier than|no later than)\s+(" + _CLOCK + r")")
_NEGATED_RE = re.compile(r"\b(?:not|no|except|never|can'?t|cannot|can not|unable)\b[^,.;!?]*")


def clinic_timezone() -> ZoneInfo:
    return ZoneInfo(os.environ.get("CLINIC_TIMEZONE") or DEFAULT_TIMEZONE)


def _clock(match: re.Match, group: int) -> Optional[time]:
    whole = match.group(group)
    if whole in ("noon", "midday"):
        return time(12)
    if whole == "lunch":
        return time(13)
    hour = int(match.group(group + 1))
    minute = int(match.group(group + 2) or 0)
    meridiem = (match.group(group + 3) or "").replace(".", "")
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    elif not meridiem and 1 <= hour <= 7:  # "after 3" at a clinic means 3 pm
        hour += 12
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _days_in(text: str) -> Set[int]:
    days = {_DAYS[m.group(1)] for m in _DAY_RE.finditer(text)}
    for group in _GROUP_RE.findall(text):
        days |= {0, 1, 2, 3, 4} if group.startswith("week") and "end" not in group else {5, 6}
    return days


def _parts_in(text: str) -> Set[str]:
    parts = set()
    for word in _PART_RE.findall(text):
        if word.startswith("morning"):
            parts.add("morning")
        elif word.startswith("lunch"):
            parts.add("lunch")
        elif word.startswith("afternoon"):
            parts.add("afternoon")
        else:
            parts.add("evening")
    return parts


def parse_preferences(text: Optional[str], now: Optional[datetime] = None,
                      tz: Optional[ZoneInfo] = None) -> Optional[Dict[str, Any]]:
    """A JSON-ready hint, or None when nothing usable was said."""
    if not text or not text.strip():
        return None
    tz = tz or clinic_timezone()
    lowered = " " + re.sub(r"\s+", " ", text.lower()) + " "
    negated = " ".join(m.group(0) for m in _NEGATED_RE.finditer(lowered))
    positive = _NEGATED_RE.sub(" ", lowered)

    days, excluded_days = _days_in(positive), _days_in(negated)
    # "after lunch" is a clock bound, not the lunch window.
    parts = _parts_in(_BEFORE_RE.sub(" ", _AFTER_RE.sub(" ", positive)))
    excluded_parts = _parts_in(negated)
    after = next((_clock(m, 1) for m in _AFTER_RE.finditer(positive)), None)
    before = next((_clock(m, 1) for m in _BEFORE_RE.finditer(positive)), None)
    anytime = bool(_ANY_RE.search(positive))
    if not (days or excluded_days or parts or excluded_parts or after or before or anytime):
        return None

    chosen_days = (days or {0, 1, 2, 3, 4}) - excluded_days
    if parts:
        windows = [PARTS[p] for p in sorted(parts - excluded_parts)]
    else:
        windows = [WORKING_DAY]
        for part in excluded_parts:  # "not mornings" trims the working day
            lo, hi = PARTS[part]
            windows = [(max(w_lo, hi), w_hi) if lo <= w_lo else (w_lo, min(w_hi, lo)) for w_lo, w_hi in windows]
    windows = [(_t(lo), _t(hi)) for lo, hi in _merge(windows)]
    if (after or before) and not parts:
        # "after 3pm" on its own: from 3 pm to the end of the working day (or two hours, if later).
        start = after or _t(WORKING_DAY[0])
        end = before or max(_t(WORKING_DAY[1]), _t(min(start.hour + 2, 24)))
        windows = [(start, end)]
    elif after or before:
        windows = [(max(lo, after or lo), min(hi, before or hi)) for lo, hi in windows]
    windows = [(lo, hi) for lo, hi in windows if lo < hi]

    now = (now or datetime.now(timezone.utc)).astimezone(tz)
    periods: List[Dict[str, str]] = []
    first = now.date() + timedelta(days=1)
    for offset in range(HORIZON_DAYS):
        day: date = first + timedelta(days=offset)
        if day.weekday() not in chosen_days:
            continue
        for lo, hi in windows:
            if len(periods) >= MAX_PERIODS:
                break
            periods.append({
                "start": datetime.combine(day, lo, tz).isoformat(timespec="seconds"),
                "end": datetime.combine(day, hi, tz).isoformat(timespec="seconds"),
            })
    if not periods:
        return None
    return {
        "version": 1,
        "weekdays": [DAY_NAMES[d] for d in sorted(chosen_days)],
        "excluded_weekdays": [DAY_NAMES[d] for d in sorted(excluded_days)],
        "parts_of_day": sorted(parts - excluded_parts),
        "after": after.strftime("%H:%M") if after else None,
        "before": before.strftime("%H:%M") if before else None,
        "timezone": tz.key,
        "periods": periods,
    }


def _t(hour: int) -> time:
    return time(hour) if hour < 24 else time(23, 59)


def _merge(windows: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    merged: List[Tuple[int, int]] = []
    for lo, hi in sorted(w for w in windows if w[0] < w[1]):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged
