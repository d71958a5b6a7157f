"""Wording: which response tells the patient a triage result.

The patient's words are not here: they are responses of the Rasa domain (domain/triage.yml), one
per check question (``utter_check_<question id>``) and one per flag (``utter_alert_<flag id>``,
with ``utter_alert_<level>`` for a flag that has none), templated with the clinic's numbers. This
module only names them, most specific first, so that a channel adapter sends the first one its
domain has.
"""
from __future__ import annotations

from typing import List, Optional

from clinic_core.triage.deciding import TriageResult
from clinic_core.triage.table import TriageTable
from clinic_core.vocabulary import CHECK

CHECK_RESPONSE = "utter_check_{}"
ALERT_RESPONSE = "utter_alert_{}"


def check_responses(table: TriageTable, question_id: Optional[str]) -> List[str]:
    """The yes/no safety question for a question id, then the general question."""
    ids = [question_id] if question_id in table.questions else []
    return [CHECK_RESPONSE.format(q) for q in dict.fromkeys([*ids, table.default_question])]


def alert_responses(table: TriageTable, result: TriageResult) -> List[str]:
    """The alert for a result: its reasons' own responses (flags of the table only), then its level's."""
    if result is None or result.level is None:
        return []
    if result.level == CHECK:
        return check_responses(table, result.check_question_id)
    return [ALERT_RESPONSE.format(r) for r in result.reasons if r in table.flags] + [ALERT_RESPONSE.format(result.level)]
