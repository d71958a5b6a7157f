"""Clinic facts from the one editable YAML file (``clinic.yml`` at the project root)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

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
    states: List[str] = field(default_factory=list)
    locations: List[Location] = field(default_factory=list)
    # Insurance and payment answers by topic (medicare, medicaid, workers_comp, personal_injury,
    # self_pay, coverage); clinic_core/lexicons/<lang>/answers.yml has a payment_<topic> cue each.
    payment: Dict[str, str] = field(default_factory=dict)

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
    return Clinic(locations=locations, **raw)


@lru_cache(maxsize=1)
def clinic() -> Clinic:
    """The clinic for this process, read once."""
    return load_clinic()
