"""The evaluation sets are never trained on: no eval text appears in data/nlu (after folding case
and punctuation)."""
import yaml

from tests.support.eval_sets import EVAL_SET_NAMES, ROOT, fold, load_eval_set


def test_no_evaluation_text_is_in_the_training_data():
    training = set()
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for block in yaml.safe_load(path.read_text())["nlu"]:
            for line in (block.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    training.add(fold(line.strip()[2:]))
    held_out = {fold(case["text"]) for name in EVAL_SET_NAMES for case in load_eval_set(name)}
    assert len(held_out) > 800
    assert sorted(held_out & training) == []
