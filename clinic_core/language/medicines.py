"""Questions about medicines: the assistant never answers them, it defers to the clinician.

A question that names a medicine and asks about taking, stopping or dosing it is a medicine
question whatever the classifier thinks ("should I stop my xarelto before the fusion" must
not get the fusion FAQ). The other way round, a message that names no medicine and says no
dosing word is never one, whatever the classifier thinks: "do you take Medicare?" is an
insurance question and "what can I do before thinking about surgery" an FAQ. Source of the rule:
issue "FAQ" (safe deferral for medication doses and stopping a blood thinner before a
procedure); issue 17 (the guard fires only on a named medicine or dosing words). The words are
in lexicons/<lang>/answers.yml (cues medicine, medicine_use, dosing).
"""
from __future__ import annotations

from clinic_core.language.answers import looks_like_question
from clinic_core.language.lexicon import load_lexicon


def names_medicine_or_dose(text: str) -> bool:
    cue = load_lexicon().cue
    return bool(cue("medicine").search(text or "")) or bool(cue("dosing").search(text or ""))


def is_medicine_question(text: str) -> bool:
    text = text or ""
    cue = load_lexicon().cue
    return looks_like_question(text) and bool(cue("medicine").search(text)) and bool(cue("medicine_use").search(text))
