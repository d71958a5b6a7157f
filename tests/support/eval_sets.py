"""Reading the held-out evaluation sets (eval/*.yml) in tests: one folding of texts for comparisons."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List

import yaml

ROOT = Path(__file__).resolve().parents[2]
EVAL_SET_NAMES = ("quiz_nlu.yml", "faq.yml", "red_flags.yml")


def fold(text: str) -> str:
    """The text with case and punctuation folded away: two texts that fold alike are the same text."""
    return re.sub(r"\W+", " ", text.lower()).strip()


def load_eval_set(name: str) -> List[Dict[str, Any]]:
    return yaml.safe_load((ROOT / "eval" / name).read_text(encoding="utf-8"))
