"""Insurance and payment questions: which topic of the clinic's payment answers a message asks
about (clinic.yml ``payment``: medicare, medicaid, workers_comp, personal_injury, self_pay,
coverage). The words are the ``payment_<topic>`` cues of lexicons/<lang>/answers.yml; the first
topic (in clinic.yml order) whose cue the message says is the one, so "does Medicare cover it"
is a Medicare question, not a general coverage one. Plain Python, no Rasa import.
"""
from __future__ import annotations

from typing import Iterable, Optional

from clinic_core.language.lexicon import load_lexicon


def payment_topic(text: str, topics: Iterable[str]) -> Optional[str]:
    cue = load_lexicon().cue
    return next((topic for topic in topics if cue(f"payment_{topic}").search(text or "")), None)
