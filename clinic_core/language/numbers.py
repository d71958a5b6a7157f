"""Numbers in what patients type: durations (in months), ages, and how long morning stiffness lasts.

The words and patterns are data (lexicons/<lang>/numbers.yml); this module only reads them.
Temperatures, ages over 70, heights of falls and weight lost are red-flag atoms, read with the
same file's ``atoms`` by ``clinic_core/triage``.
"""
from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from clinic_core.language.lexicon import Lexicon

Found = Tuple[int, int, float]  # start, end, value
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_COMPOUND = re.compile(r"[- ]")  # "twenty-one", "thirty five"
AGE_RANGE = (12, 110)  # what a patient's own age can be
STIFFNESS_MINUTES = 30  # the Berlin criterion: morning stiffness over 30 minutes


class Numbers:
    """Number reading with one language's words."""

    def __init__(self, lexicon: Lexicon) -> None:
        values = lexicon.number_values()
        self.cue = lexicon.cue
        self.words: Dict[str, float] = {str(k): float(v) for k, v in values["words"].items()}
        self.vague: Dict[str, float] = {str(k): float(v) for k, v in values["vague"].items()}
        # Longest unit prefix first ("dec"ade before "d"ay).
        self.unit_months = sorted(((str(k), float(v[0]), float(v[1])) for k, v in values["unit_months"].items()),
                                  key=lambda u: -len(u[0]))
        self.more_than = {str(w) for w in values["more_than"]}
        self.age_patterns = lexicon.age_patterns()

    def value(self, text: Optional[str]) -> Optional[float]:
        """"8" -> 8.0, "a couple of" -> 2.0, "twenty-one" -> 21.0; None for anything else."""
        if text is None:
            return None
        text = text.lower().strip()
        if _DIGITS.fullmatch(text):
            return float(text)
        if text in self.vague:
            return self.vague[text]
        if text in self.words:
            return self.words[text]
        head, *rest = _COMPOUND.split(text)
        if self.words.get(head, 0) >= 20:
            return self.words[head] + (self.words.get(rest[0], 0) if rest else 0)
        return None

    def months(self, value: float, unit: str) -> float:
        unit = unit.lower()
        for prefix, months, per in self.unit_months:
            if unit.startswith(prefix):
                return value * months / per
        return value

    def durations(self, text: str) -> List[Found]:
        """How long something has lasted, in months, wherever the text says so."""
        found = []
        for m in self.cue("duration").finditer(text):
            months = self._duration(text, m)
            if months is not None:
                found.append((m.start(), m.end(), round(months, 2)))
        for m in self.cue("last_unit").finditer(text):  # "for the past year"
            if not any(s <= m.start("u") < e for s, e, _ in found):
                found.append((m.start(), m.end(), self.months(1, m.group("u"))))
        for m in self.cue("half_year").finditer(text):
            if not any(s <= m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), 6.0))
        return sorted(found)

    def _duration(self, text: str, m: "re.Match[str]") -> Optional[float]:
        n1, n2 = self.value(m.group("n1")), self.value(m.group("n2"))
        if n1 is None:
            return None
        before, after = text[max(0, m.start() - 30):m.start()], text[m.end():m.end() + 25]
        if self.cue("duration_skip_before").search(before) or self.cue("duration_skip_after").search(after):
            return None  # "every 2 weeks", "lasted a day", "3 months pregnant"
        if m.group("n1").lower() in ("a", "an") and self.cue("frequency_before").search(before):
            return None  # "once a week"
        value = (n1 + n2) / 2 if n2 is not None else n1
        if m.group("half") or m.group("half2"):
            value += 0.5
        months = self.months(value, m.group("u"))
        n3 = self.value(m.group("n3")) if m.group("n3") else None
        return months + self.months(n3, m.group("u2")) if n3 is not None else months

    def ages(self, text: str) -> List[Found]:
        """The patient's own age, where said ("I'm 52", "52 years old", "F, 52")."""
        found: List[Found] = []
        low, high = AGE_RANGE
        for pattern in self.age_patterns:
            for m in pattern.finditer(text):
                n = self.value(m.group("n"))
                if n is None or not low <= n <= high:
                    continue
                if self.cue("age_skip_before").search(text[max(0, m.start() - 20):m.start()]) \
                        and not self.cue("self_age_start").match(m.group(0)):
                    continue  # "my 80 year old mother"
                if any(s <= m.start("n") < e for s, e, _ in found):
                    continue
                found.append((m.start("n"), m.end(), n))
        return sorted(found)

    def stiffness_over_30_minutes(self, window: str) -> Optional[bool]:
        """Whether stiffness said in ``window`` lasts over 30 minutes (None when not said)."""
        for m in self.cue("minutes").finditer(window):
            n1, n2 = self.value(m.group("n1")), self.value(m.group("n2"))
            if n1 is None:
                continue
            value = max(n1, n2 or 0) + (0.5 if m.group("half") else 0)
            minutes = value * 60 if m.group("u").lower().startswith("h") else value
            if (m.group("q") or "").lower() in self.more_than:
                minutes += 1
            return minutes > STIFFNESS_MINUTES
        if self.cue("long_stiffness").search(window):
            return True
        if self.cue("short_stiffness").search(window):
            return False
        return None
