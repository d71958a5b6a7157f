"""`rasa data validate`, failing on the warnings that matter.

Rasa's validator also warns about things that are by design here (intents that only the
red-flag guard or a button sets, default intents); those are listed with the reason and
everything else fails the run.
"""
from __future__ import annotations

import re
import subprocess
import sys

from scripts.servers import ROOT, VENV_BIN, base_env

# Each entry: a pattern of a warning that is expected, and why.
FORM_ANSWER_INTENTS = "affirm|deny|not_sure|skip|go_back"
ACTION_RESPONSES = (
    "utter_quiz_intro|utter_quiz_resume|utter_quiz_answer_unclear|utter_offer_appointment|"
    "utter_default|utter_ask_rephrase|utter_anything_else|utter_restart|utter_faq_unknown|"
    "utter_ask_booking_[a-z_]+|utter_booking_[a-z_]+|"
    "utter_check_[a-z0-9_]+|utter_alert_[a-z0-9_]+|"  # safety questions and alerts, named by clinic_core.triage
    # replies in context and the fallback's stages (actions/replies.py, fallback.py, faq.py)
    "utter_did_you_mean|utter_what_next|utter_offer_declined|utter_quiz_explained|utter_offer_which|"
    "utter_result_declined|utter_quiz_paused|utter_answer_not_helpful|utter_after_alert|utter_payment_answer|"
    "utter_you_are_welcome|"
    # actions/quiz.py and form_base.py (booking's are matched above)
    "utter_quiz_question|utter_quiz_result|utter_quiz_go_back|utter_quiz_noted|utter_quiz_notes_updated|"
    "utter_safety_answer_first|utter_answer_yes_or_no"
)
EXPECTED = [
    (r"The intent 'nlu_fallback' is not used", "set by the FallbackClassifier, used by the fallback rule"),
    (r"The intent '(restart|back|session_start)' is not used in any story or rule",
     "Rasa's default intents; restart is answered by Rasa's default action"),
    (r"The intent 'choose' is listed in the domain file, but is not found in the NLU training data",
     "set only by the rule layer (nlu_components/short_answer.py): an option's number or ordinal"),
    (rf"The intent '({FORM_ANSWER_INTENTS})' is not used in any story or rule",
     "answers that the form validation actions read, so no rule needs them"),
    (rf"The utterance '({ACTION_RESPONSES})' is not used in any story or rule",
     "responses that custom actions (or Rasa's fallback and restart actions) send"),
    (r"The utterance 'utter_sms_[a-z_]+' is not used in any story or rule",
     "the SMS channel's own messages (HELP, opt-out, MORE), sent by channels/sms, not by a rule"),
    (r"The utterance 'utter_faq' is not used in any story or rule",
     "the retrieval intent's answers (utter_faq/<topic>) are sent by action_answer_faq"),
    (r"duplicated intents have been found across multiple domain files: faq$",
     "Rasa counts the retrieval intent once from domain/faq.yml and once from data/responses/faq.yml"),
]


def main() -> int:
    proc = subprocess.run(
        [str(VENV_BIN / "rasa"), "data", "validate", "--data", "data", "--domain", "domain",
         "--config", "config.yml", "--max-history", "4"],
        cwd=ROOT, env=base_env(), capture_output=True, text=True,
    )
    output = proc.stdout + proc.stderr
    warnings = [
        line for line in output.splitlines()
        if re.search(r"UserWarning|\bWARNING\b|\[warning", line) and "tensorflow" not in line.lower()
    ]
    unexpected = [w for w in warnings if not any(re.search(p, w) for p, _ in EXPECTED)]
    for line in unexpected:
        print(line)
    if proc.returncode != 0 or unexpected:
        print(output[-4000:])
        print(f"data validation failed: exit {proc.returncode}, {len(unexpected)} unexpected warning(s)")
        return 1
    print(f"data validation passed ({len(warnings)} expected warning(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main())
