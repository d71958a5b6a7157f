"""The evaluation sets are never trained on: no eval text appears in data/nlu (after folding case
and punctuation)."""
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def fold(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def test_no_evaluation_text_is_in_the_training_data():
    training = set()
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for block in yaml.safe_load(path.read_text())["nlu"]:
            for line in (block.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    training.add(fold(line.strip()[2:]))
    held_out = {fold(case["text"]) for name in ("quiz_nlu.yml", "faq.yml", "red_flags.yml")
                for case in yaml.safe_load((ROOT / "eval" / name).read_text())}
    assert len(held_out) > 800
    assert sorted(held_out & training) == []
