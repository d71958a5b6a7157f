"""Short yes / no / not-sure / skip answers, read from the words rather than from a classifier.

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
    return bool(load_lexicon().cue("partial_yes").match(_clean(text)))


def _clean(text: str) -> str:
    cleaned = _NOT_WORD.sub(" ", (text or "").lower().replace("’", "'"))
    return _POLITE_END.sub("", _SPACES.sub(" ", cleaned).strip())


def short_answer(text: str) -> Optional[str]:
    """YES, NO, UNSURE or SKIP for a short typed answer, else None."""
    cleaned = _clean(text)
    if not cleaned or len(cleaned) > MAX_ANSWER_CHARS:
        return None
    cue = load_lexicon().cue
    for label, name in ((UNSURE, "unsure_answer"), (SKIP, "skip_answer"), (YES, "yes_answer"), (NO, "no_answer")):
        if cue(name).match(cleaned):
            return label
    return None
