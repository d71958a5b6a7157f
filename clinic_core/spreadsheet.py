"""Values for CSV files that staff open in a spreadsheet.

Free text starting with ``= + - @`` (or a tab or carriage return) would run as a formula in
Excel or LibreOffice (CSV formula injection), so it gets a leading apostrophe. Phone numbers in
E.164 form (``+14105550123``) are left alone: they are not formulas and staff dial them.
"""
from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    if text.startswith(FORMULA_START) and not E164.match(text):
        return "'" + text
    return text
