"""How many SMS segments a text costs, and cutting a text to fit a number of segments.

GSM-7 (3GPP TS 23.038): 160 septets in a single SMS, 153 per part of a longer one; the extension
characters ``^{}[]~|\\€`` and form feed cost two septets (an escape and the character), and a
part never ends between the two. Any other character (an emoji, a curly quote, most letters
outside Western Europe) makes the whole message UCS-2: 70 UTF-16 code units single, 67 per
part, and a part never ends inside a surrogate pair. Figures: ../shared/research/ecosystem.md 3.4.
"""
from __future__ import annotations

import re
from typing import List, Tuple

GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = "^{}\\[~]|€\f"
_GSM = frozenset(GSM_BASIC) | frozenset(GSM_EXTENDED)

GSM7, UCS2 = "GSM-7", "UCS-2"
SINGLE = {GSM7: 160, UCS2: 70}
PART = {GSM7: 153, UCS2: 67}

# Typography that would turn a whole reply into UCS-2 (less than half the room) for nothing.
_PLAIN = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"',
    "\u201e": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2026": "...", "\u00a0": " ",
    "\u2022": "-", "\u00b7": "-", "\t": " ",
})

# Where a reply may be cut: after the end of a sentence or a line.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"')])\s+|\n+")
_WORD_END = re.compile(r"\s+")


def plain_typography(text: str) -> str:
    return text.translate(_PLAIN)


def encoding(text: str) -> str:
    return GSM7 if all(ch in _GSM for ch in text) else UCS2


def _costs(text: str, enc: str) -> List[int]:
    """Septets (GSM-7) or UTF-16 code units (UCS-2) of each character."""
    if enc == GSM7:
        return [2 if ch in GSM_EXTENDED else 1 for ch in text]
    return [2 if ord(ch) > 0xFFFF else 1 for ch in text]


def segments(text: str) -> int:
    """The number of segments Twilio bills for ``text`` (0 for an empty text)."""
    if not text:
        return 0
    enc = encoding(text)
    costs = _costs(text, enc)
    if sum(costs) <= SINGLE[enc]:
        return 1
    count, used = 1, 0
    for cost in costs:  # a character (or escape pair, or surrogate pair) is never split
        if used + cost > PART[enc]:
            count, used = count + 1, 0
        used += cost
    return count


def fit(text: str, max_segments: int, more_hint: str = "", cut_words: bool = True) -> Tuple[str, str]:
    """Cut ``text`` into (head, rest) so that ``head`` fits in ``max_segments``.

    The cut falls after a sentence (or line) when one fits, else after a word (``cut_words``),
    else anywhere. When there is a rest, ``more_hint`` is appended to the head (and counted).
    Without ``cut_words`` a text whose first sentence does not fit is returned whole.
    """
    text = text.strip()
    if segments(text) <= max_segments:
        return text, ""
    for pattern in (_SENTENCE_END, _WORD_END) if cut_words else (_SENTENCE_END,):
        cut = _longest_fitting([m.start() for m in pattern.finditer(text)], text, max_segments, more_hint)
        if cut:
            return _joined(text[:cut], more_hint), text[cut:].strip()
    if not cut_words:
        return text, ""
    cut = _longest_fitting(list(range(1, len(text))), text, max_segments, more_hint)
    cut = cut or 1
    if 0xD800 <= ord(text[cut - 1]) <= 0xDBFF:  # never between the halves of a surrogate pair
        cut -= 1
    return _joined(text[:cut], more_hint), text[cut:].strip()


def _joined(head: str, hint: str) -> str:
    head = head.rstrip()
    return f"{head} {hint}" if hint else head


def _longest_fitting(cuts: List[int], text: str, max_segments: int, hint: str) -> int:
    """The largest cut position whose head (plus hint) fits; 0 when none does.

    The segment count only grows with the length of the head, so a binary search will do.
    """
    cuts = sorted(c for c in set(cuts) if 0 < c < len(text) and text[:c].strip())
    low, high = 0, len(cuts)  # cuts[:low] fit, cuts[high:] do not
    while low < high:
        middle = (low + high) // 2
        if segments(_joined(text[:cuts[middle]], hint)) <= max_segments:
            low = middle + 1
        else:
            high = middle
    return cuts[low - 1] if low > 0 else 0
