"""Reference codes patients read aloud or type back: short, unambiguous, self-checking.

A code is 6 random symbols plus 1 check symbol, shown as ``XXXX-XXX`` (for example ``K7MQ-3DW``).
The alphabet has no 0/O, 1/I/L or U, so a code read over the phone cannot be misheard as
another symbol. The check symbol (Luhn mod N) catches every single-symbol typo and most swaps of
two neighbouring symbols, so a mistyped code is rejected instead of finding someone else's request.
"""
from __future__ import annotations

import re
import secrets
from typing import Optional

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # 30 symbols
_N = len(ALPHABET)
_INDEX = {ch: i for i, ch in enumerate(ALPHABET)}
RANDOM_LENGTH = 6
CODE_LENGTH = RANDOM_LENGTH + 1
_SEPARATORS = re.compile(r"[\s\-_.]+")


def _check_symbol(body: str) -> str:
    """Luhn mod N check symbol for ``body``."""
    factor = 2
    total = 0
    for ch in reversed(body):
        addend = factor * _INDEX[ch]
        factor = 1 if factor == 2 else 2
        total += addend // _N + addend % _N
    return ALPHABET[(_N - total % _N) % _N]


def _format(raw: str) -> str:
    return f"{raw[:4]}-{raw[4:]}"


def generate_reference() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return _format(body + _check_symbol(body))


def normalise_reference(text: Optional[str]) -> Optional[str]:
    """The canonical ``XXXX-XXX`` form of what someone typed, or None when it is not a valid code."""
    if not text:
        return None
    raw = _SEPARATORS.sub("", str(text)).upper()
    if len(raw) != CODE_LENGTH or any(ch not in _INDEX for ch in raw):
        return None
    if _check_symbol(raw[:-1]) != raw[-1]:
        return None
    return _format(raw)


def is_valid_reference(text: Optional[str]) -> bool:
    return normalise_reference(text) is not None
