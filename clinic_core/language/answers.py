"""Short yes / no / not-sure / skip answers, and short replies out of turn, read from the words
rather than from a classifier.

The intent classifier confuses "not sure" with "no" (both contain a negation), has never seen
"yup" or "nooo", and gives some intent even to an empty message. The NLU component
``nlu_components.short_answer`` and the form actions both read short answers with this one
lexicon (lexicons/<lang>/answers.yml); anything longer is left to the classifier.
"""
from __future__ import annotations

import re
from typing import Optional

from clinic_core.language.lexicon import load_lexicon

YES, NO, UNSURE, SKIP = "yes", "no", "unsure", "skip"
# Short replies that answer no question: "not now" / "no thanks", "thanks", "ok" / "got it".
DECLINE, THANKS, ACKNOWLEDGE = "decline", "thanks", "acknowledge"
MAX_ANSWER_CHARS = 30  # a longer message is no short answer

# Rasa reads "/intent" and "/intent{...}" (buttons, or typed) as a command, not as text. Anything
# else that starts with "/" ("/ I can't control my bladder") is ordinary text and must be read.
_COMMAND = re.compile(r"^\s*/[A-Za-z_][\w-]*(?:@[\d.]+)?(?:\{.*\})?\s*$", re.DOTALL)
_NOT_WORD = re.compile(r"[^\w' ]+")
_SPACES = re.compile(r"\s+")
_POLITE_END = re.compile(r"\s+(?:thanks|thank you|please)$")  # "no thanks", "yes please"


def looks_like_command(text: str) -> bool:
    return isinstance(text, str) and bool(_COMMAND.match(text))


def looks_like_question(text: str) -> bool:
    return "?" in (text or "") or bool(load_lexicon().cue("asks_a_question").match(text or ""))


def partial_yes(text: str) -> bool:
    """"A little", "sometimes": unsure in a quiz about pain, but a yes to a safety question."""
    return bool(load_lexicon().cue("partial_yes").match(clean(text)))


def clean(text: str, polite_end: bool = False) -> str:
    """Lower case, punctuation and spacing folded; "thanks" / "please" at the end dropped unless
    ``polite_end`` ("no thanks" declines an offer, where "no" answers a question)."""
    cleaned = _SPACES.sub(" ", _NOT_WORD.sub(" ", (text or "").lower().replace("’", "'"))).strip()
    return cleaned if polite_end else _POLITE_END.sub("", cleaned)



def short_answer(text: str) -> Optional[str]:
    """YES, NO, UNSURE or SKIP for a short typed answer, else None."""
    return _short_answer(clean(text))


def _short_answer(cleaned: str) -> Optional[str]:
    if not cleaned or len(cleaned) > MAX_ANSWER_CHARS:
        return None
    cue = load_lexicon().cue
    for label, name in ((UNSURE, "unsure_answer"), (SKIP, "skip_answer"), (YES, "yes_answer"), (NO, "no_answer")):
        if cue(name).match(cleaned):
            return label
    return None


def reply_kind(text: str) -> Optional[str]:
    """What a short reply does when no question is pending: DECLINE ("not now", "no thanks"),
    THANKS, ACKNOWLEDGE ("ok", "got it"), or the short answer (YES, NO, UNSURE, SKIP); else None."""
    whole = clean(text, polite_end=True)
    if not whole or len(whole) > MAX_ANSWER_CHARS + 10:
        return None
    cue = load_lexicon().cue
    if cue("decline_reply").match(whole):
        return DECLINE
    if cue("thanks_reply").match(whole):
        return THANKS
    plain = _POLITE_END.sub("", whole)  # clean(text), without cleaning it again
    if cue("acknowledge_reply").match(plain):
        return ACKNOWLEDGE
    return _short_answer(plain)
