"""Questions about medicines: the assistant never answers them, it defers to the clinician.

A question that names a medicine and asks about taking, stopping or dosing it is a medicine
question whatever the classifier thinks ("should I stop my xarelto before the fusion" must
not get the fusion FAQ). Source of the rule: issue "FAQ" (safe deferral for medication doses
and stopping a blood thinner before a procedure).
"""
from __future__ import annotations

import re

from clinic_core.language.answers import looks_like_question

_MEDICINE = re.compile(
    r"\b(?:medicines?|medications?|meds|pills?|tablets?|prescriptions?|painkillers?|pain killers?|"
    r"blood thinners?|anticoagulants?|warfarin|coumadin|xarelto|rivaroxaban|eliquis|apixaban|pradaxa|"
    r"dabigatran|plavix|clopidogrel|brilinta|heparin|lovenox|aspirin|ibuprofen|advil|motrin|naproxen|aleve|"
    r"tylenol|acetaminophen|paracetamol|celebrex|celecoxib|meloxicam|mobic|diclofenac|voltaren|tramadol|"
    r"oxycodone|hydrocodone|percocet|vicodin|codeine|morphine|opioids?|gabapentin|neurontin|lyrica|"
    r"pregabalin|cyclobenzaprine|flexeril|muscle relaxers?|prednisone|insulin|metformin|nsaids?)\b",
    re.IGNORECASE,
)
_ASKS_ABOUT_USE = re.compile(
    r"\b(?:stop|stopping|quit|hold|pause|skip|take|taking|dose|doses|dosage|mg|how much|how many|"
    r"increase|double|mix|combine|together|switch|safe)\b",
    re.IGNORECASE,
)


def is_medicine_question(text: str) -> bool:
    text = text or ""
    return looks_like_question(text) and bool(_MEDICINE.search(text)) and bool(_ASKS_ABOUT_USE.search(text))
