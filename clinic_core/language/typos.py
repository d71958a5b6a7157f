"""Typo repair shared by the symptom and red-flag rule layers.

Both layers fix misspelt words before matching ("stiffnes", "bladdder") and must still report
where in the patient's own text a finding was said; the segments returned here map offsets in
the repaired text back to the original.
"""
from __future__ import annotations

import re
from typing import Callable, List, Optional, Sequence, Tuple

Segment = Tuple[int, int, int, int]  # (new_start, new_end, old_start, old_end)


def one_edit(a: str, b: str) -> bool:
    """True when a and b differ by one insertion, deletion, substitution or transposition."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    if len(a) > len(b):
        a, b = b, a
    return any(a == b[:i] + b[i + 1:] for i in range(len(b)))


def replace_words(text: str, fix: Callable[[str], Optional[str]], word: str = r"[A-Za-z']+") -> Tuple[str, List[Segment]]:
    """(text with every word that ``fix`` repairs replaced, the replaced segments)."""
    out, segments, last, shift = [], [], 0, 0
    for m in re.finditer(word, text):
        fixed = fix(m.group(0))
        if not fixed:
            continue
        out.append(text[last:m.start()])
        new_start = m.start() + shift
        out.append(fixed)
        segments.append((new_start, new_start + len(fixed), m.start(), m.end()))
        shift += len(fixed) - (m.end() - m.start())
        last = m.end()
    out.append(text[last:])
    return "".join(out), segments


def offset_back(pos: int, segments: Sequence[Segment]) -> int:
    """An offset in the repaired text, as an offset in the original text."""
    shift = 0
    for new_start, new_end, old_start, old_end in segments:
        if pos < new_start:
            break
        if pos < new_end:
            return old_start if pos == new_start else old_end
        shift = old_end - new_end
    return pos + shift
