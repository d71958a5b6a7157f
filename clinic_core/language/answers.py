"""Short yes / no / not-sure / skip answers, read from the words rather than from a classifier.

The intent classifier confuses "not sure" with "no" (both contain a negation), has never seen
"yup" or "nooo", and gives some intent even to an empty message. The NLU component
``nlu_components.short_answer`` and the form actions both read short answers with this one
lexicon; anything longer is left to the classifier.
"""
from __future__ import annotations

import re
from typing import Optional

YES, NO, UNSURE, SKIP = "yes", "no", "unsure", "skip"

_QUESTION_START = re.compile(
    r"^\s*(?:what|how|why|when|where|who|which|do|does|did|can|could|is|are|will|would|should|may)\b",
    re.IGNORECASE,
)


# Rasa reads "/intent" and "/intent{...}" (buttons, or typed) as a command, not as text. Anything
# else that starts with "/" ("/ I can't control my bladder") is ordinary text and must be read.
_COMMAND = re.compile(r"^\s*/[A-Za-z_][\w-]*(?:@[\d.]+)?(?:\{.*\})?\s*$", re.DOTALL)


def looks_like_command(text: str) -> bool:
    return isinstance(text, str) and bool(_COMMAND.match(text))


def looks_like_question(text: str) -> bool:
    return "?" in (text or "") or bool(_QUESTION_START.match(text or ""))


_TAIL = r"(?: (?:tbh|honestly|really|to be honest|i think|i guess))?"
_UNSURE = re.compile(
    r"^(?:not sure|unsure|i'?m not sure|i am not sure|(?:i )?don'?t know|(?:i )?do not know|idk|dunno|no idea|"
    r"maybe|perhaps|possibly|not certain|(?:i )?can'?t say|(?:i )?couldn'?t say|(?:i )?can'?t tell|"
    r"(?:i )?can'?t remember|(?:i )?don'?t remember|hard to say|hard to tell|sometimes|kind of|sort of|kinda|"
    r"a bit|a little|not that i know of|unknown|who knows)" + _TAIL + "$"
)
_YES = re.compile(
    r"^(?:yes+|yeah+|yea|yep+|yup+|ya|yah|y|sure|sure does|sure is|ok|okay|correct|right|true|definitely|"
    r"absolutely|of course|for sure|indeed|affirmative|certainly|totally|exactly|it does|it is|i do|i have|"
    r"i am|i did|that'?s right|that'?s true|yes it does|yes i do|yes i have|yes it is|yes definitely)" + _TAIL + "$"
)
_NO = re.compile(
    r"^(?:no+|nope|nah|n|never|not really|not at all|negative|none|false|no way|definitely not|"
    r"(?:i )?don'?t think so|(?:i )?do not think so|i don'?t|i do not|it doesn'?t|it does not|i haven'?t|"
    r"i have not|it isn'?t|it'?s not|i'?m not|i am not|no it doesn'?t|no i don'?t|no i haven'?t|no it isn'?t)"
    + _TAIL + "$"
)
_SKIP = re.compile(r"^(?:skip+|skp|sikp|skip it|skip this(?: one| question)?|next|next question|pass)$")


# "A little", "sometimes": unsure in a quiz about pain, but a yes to a safety question.
_PARTIAL = re.compile(r"^(?:a little(?: bit)?|a bit|sometimes|kind of|sort of|kinda|slightly|somewhat|a little yes)$")


def partial_yes(text: str) -> bool:
    return bool(_PARTIAL.match(_clean(text)))


def _clean(text: str) -> str:
    cleaned = re.sub(r"[^\w' ]+", " ", (text or "").lower().replace("’", "'"))
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    return re.sub(r"\s+(?:thanks|thank you|please)$", "", cleaned)


def short_answer(text: str) -> Optional[str]:
    """YES, NO, UNSURE or SKIP for a short typed answer, else None."""
    cleaned = _clean(text)
    if not cleaned or len(cleaned) > 30:
        return None
    for label, pattern in ((UNSURE, _UNSURE), (SKIP, _SKIP), (YES, _YES), (NO, _NO)):
        if pattern.match(cleaned):
            return label
    return None
