"""Questions about medicines: the assistant never answers them, it defers to the clinician.

A question that names a medicine and asks about taking, stopping or dosing it is a medicine
question whatever the classifier thinks ("should I stop my xarelto before the fusion" must
not get the fusion FAQ). Source of the rule: issue "FAQ" (safe deferral for medication doses
and stopping a blood thinner before a procedure). The words are in lexicons/<lang>/answers.yml.
"""
from __future__ import annotations

from clinic_core.language.answers import looks_like_question
from clinic_core.language.lexicon import load_lexicon


def is_medicine_question(text: str) -> bool:
    text = text or ""
    cue = load_lexicon().cue
    return looks_like_question(text) and bool(cue("medicine").search(text)) and bool(cue("medicine_use").search(text))
