"""Short yes / no / not-sure answers, read from the words rather than from the classifier.

The intent classifier confuses "not sure" with "no" (both contain a negation) and gives some
intent even to an empty message. Questions with Yes / No / Not sure buttons accept these
typed words as well; anything else is left to the caller.
"""
from __future__ import annotations

import re
from typing import Optional

YES, NO, UNSURE = "yes", "no", "unsure"

_UNSURE = re.compile(
    r"^(?:not sure|unsure|i'?m not sure|(?:i )?don'?t know|(?:i )?do not know|idk|dunno|no idea|maybe|"
    r"perhaps|possibly|not certain|can'?t say|(?:i )?can'?t remember|hard to say|sometimes|kind of|sort of|"
    r"a bit|a little)$"
)
_YES = re.compile(
    r"^(?:yes|yeah|yea|yep|yup|ya|y|sure|ok|okay|correct|right|true|definitely|absolutely|of course|"
    r"i do|it does|it is|i have|i am|i did|that'?s right|yes it does|yes i do|yes i have)$"
)
_NO = re.compile(
    r"^(?:no|nope|nah|n|never|not really|not at all|i don'?t|i do not|it doesn'?t|it does not|i haven'?t|"
    r"i have not|it isn'?t|i'?m not|i am not|none|no it doesn'?t|no i don'?t|no i haven'?t|false)$"
)


def short_answer(text: str) -> Optional[str]:
    """YES, NO or UNSURE for a short typed answer, else None."""
    cleaned = re.sub(r"[^\w' ]+", " ", (text or "").lower().replace("’", "'"))
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    cleaned = re.sub(r"\s+(?:thanks|thank you|please)$", "", cleaned)
    if not cleaned or len(cleaned) > 30:
        return None
    for label, pattern in ((UNSURE, _UNSURE), (YES, _YES), (NO, _NO)):
        if pattern.match(cleaned):
            return label
    return None
