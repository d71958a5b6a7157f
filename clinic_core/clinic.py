"""Clinic facts from the one editable YAML file (``clinic.yml`` at the project root)."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytz
import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CLINIC_FILE = PROJECT_ROOT / "clinic.yml"


@dataclass(frozen=True)
class Location:
    id: str
    name: str
    address: str
    # Other names a patient may give for it (the office question): town, state, areas, nearby cities.
    city: Optional[str] = None
    state: Optional[str] = None
    state_code: Optional[str] = None
    region: Tuple[str, ...] = ()
    nearby: Tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "region", tuple(self.region or ()))
        object.__setattr__(self, "nearby", tuple(self.nearby or ()))


DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class OpeningHours:
    """When the clinic answers the phone, in its own time zone (``clinic.yml`` opening_hours)."""

    time_zone: str = "UTC"
    days: Dict[str, Tuple[Tuple[int, int], ...]] = field(default_factory=dict)  # weekday -> (from, to) minutes

    @classmethod
    def parse(cls, raw: Optional[dict]) -> "OpeningHours":
        """A bad entry stops the load with what is wrong (a clinic is never silently "always open")."""
        raw = dict(raw or {})
        zone = str(raw.pop("time_zone", "UTC"))
        try:
            pytz.timezone(zone)
        except pytz.UnknownTimeZoneError:
            raise ValueError(f"clinic.yml opening_hours: unknown time zone {zone!r}") from None
        days: Dict[str, Tuple[Tuple[int, int], ...]] = {}
        for day, spec in raw.items():
            if day not in DAYS:
                raise ValueError(f"clinic.yml opening_hours: {day!r} is not a day of the week")
            parts = [] if spec in (None, False, "closed") else str(spec).split(",")
            ranges = []
            for part in parts:
                m = _RANGE.match(part)
                start, end = (60 * int(m[1]) + int(m[2]), 60 * int(m[3]) + int(m[4])) if m else (0, -1)
                if not m or not 0 <= start < end <= 24 * 60:
                    raise ValueError(f"clinic.yml opening_hours.{day}: {part!r} is not HH:MM-HH:MM")
                ranges.append((start, end))
            days[day] = tuple(ranges)
        return cls(zone, days)

    def is_open(self, at: Optional[datetime] = None) -> bool:
        """Open at that moment (now by default); a naive datetime is taken as UTC."""
        at = at or datetime.now(timezone.utc)
        if at.tzinfo is None:
            at = at.replace(tzinfo=timezone.utc)
        local = at.astimezone(pytz.timezone(self.time_zone))
        minute = 60 * local.hour + local.minute
        return any(start <= minute < end for start, end in self.days.get(DAYS[local.weekday()], ()))


@dataclass(frozen=True)
class Clinic:
    name: str
    phone: str
    phone_e164: str
    emergency_number: str
    country: str
    hours: str
    new_patient_wait: str
    callback_time: str
    insurance: str
    # Shown by the website chat before the first message (issue 12); plain words, kept true.
    conversation_storage: str = ""
    crisis_line: str = "988"
    poison_help: str = "1-800-222-1222"
    states: List[str] = field(default_factory=list)
    locations: List[Location] = field(default_factory=list)
    # Insurance and payment answers by topic (medicare, medicaid, workers_comp, personal_injury,
    # self_pay, coverage); clinic_core/lexicons/<lang>/answers.yml has a payment_<topic> cue each.
    payment: Dict[str, str] = field(default_factory=dict)
    opening_hours: OpeningHours = field(default_factory=OpeningHours)
    same_day_care: Dict[str, str] = field(default_factory=dict)  # "open" / "closed" -> advice

    def same_day_advice(self, at: Optional[datetime] = None) -> str:
        """Where to get same-day care at that moment: the clinic while it is open, else urgent
        care or the emergency room (never "call us" to a closed clinic)."""
        key = "open" if self.opening_hours.is_open(at) else "closed"
        return str(self.same_day_care.get(key) or "").format(phone=self.phone)

    def location(self, location_id: str) -> Optional[Location]:
        return next((loc for loc in self.locations if loc.id == location_id), None)

    def locations_text(self) -> str:
        return "; ".join(f"{loc.name} ({loc.address})" for loc in self.locations)

    def as_slots(self) -> dict:
        """The facts responses may template with ``{clinic_phone}`` and friends."""
        return {
            "clinic_name": self.name,
            "clinic_phone": self.phone,
            "emergency_number": self.emergency_number,
            "clinic_hours": self.hours,
            "new_patient_wait": self.new_patient_wait,
            "callback_time": self.callback_time,
            "clinic_insurance": self.insurance,
            "clinic_locations": self.locations_text(),
        }


def load_clinic(path: Optional[os.PathLike] = None) -> Clinic:
    path = Path(path or os.environ.get("CLINIC_FILE") or DEFAULT_CLINIC_FILE)
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    locations = [Location(**loc) for loc in raw.pop("locations", [])]
    raw.pop("short_name", None)
    hours = OpeningHours.parse(raw.pop("opening_hours", None))
    advice = {str(k): str(v) for k, v in (raw.pop("same_day_care", None) or {}).items()}
    if set(advice) != {"open", "closed"}:
        raise ValueError("clinic.yml same_day_care needs an 'open' and a 'closed' sentence")
    return Clinic(locations=locations, opening_hours=hours, same_day_care=advice, **raw)


@lru_cache(maxsize=1)
def clinic() -> Clinic:
    """The clinic for this process, read once."""
    return load_clinic()
