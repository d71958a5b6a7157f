"""Held-out evaluation texts must never be trained on: the training examples and the evaluation
sets, folded for comparing."""
import re
from pathlib import Path
from typing import Any, Dict, List, Set

import yaml

ROOT = Path(__file__).resolve().parents[2]
EVAL_SET_NAMES = ("quiz_nlu.yml", "faq.yml", "red_flags.yml")


def fold(text: str) -> str:
    """Lower case, punctuation and spacing folded: "It hurts!" == "it hurts"."""
    return re.sub(r"\W+", " ", text.lower()).strip()


def load_eval_set(name: str) -> List[Dict[str, Any]]:
    """One evaluation set, eval/<name>, as its list of cases."""
    return yaml.safe_load((ROOT / "eval" / name).read_text(encoding="utf-8"))


def training_texts() -> Set[str]:
    """Every NLU training example in data/nlu, folded."""
    training = set()
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for block in yaml.safe_load(path.read_text())["nlu"]:
            for line in (block.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    training.add(fold(line.strip()[2:]))
    return training
