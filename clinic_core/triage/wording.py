"""Wording: what the patient reads for a triage result (plain words, reading grade 8 or lower).

The texts are data (lexicons/<lang>/wording.yml); this module only picks and joins them.
"""
from __future__ import annotations

from typing import Optional

from clinic_core.language.lexicon import Lexicon
from clinic_core.triage.deciding import TriageResult
from clinic_core.triage.table import TriageTable
from clinic_core.vocabulary import CHECK, EMERGENCY


def check_question(lexicon: Lexicon, table: TriageTable, question_id: Optional[str]) -> str:
    """The yes/no safety question for a ``check`` result (the general one for unknown ids)."""
    questions = lexicon.wording("check_questions")
    return questions.get(question_id or "", questions[table.default_question])


def alert_text(lexicon: Lexicon, table: TriageTable, result: TriageResult, clinic) -> str:
    """Plain-language alert for an emergency or urgent result (the question for ``check``)."""
    if result is None or result.level is None:
        return ""
    if result.level == CHECK:
        return check_question(lexicon, table, result.check_question_id)
    why_texts = lexicon.wording("why")
    why = next((why_texts[r] for r in result.reasons if r in why_texts), None)
    emergency_number = getattr(clinic, "emergency_number", None) or "911"
    phone = getattr(clinic, "phone", None) or "the clinic"
    if result.level == EMERGENCY:
        why = why or "What you describe can be a sign of a serious problem that needs care within hours."
        return (
            f"Please call {emergency_number} now, or go to the nearest emergency room right away. "
            f"{why} Please do not wait for a clinic visit, and do not drive yourself if you feel unwell."
        )
    why = why or "What you describe should be checked by a doctor today."
    return (
        f"Please get checked today. Call us at {phone}, or go to an urgent care center. "
        f"{why} If it gets worse, call {emergency_number}. "
        f"When you have done that, you can carry on here if you want."
    )
