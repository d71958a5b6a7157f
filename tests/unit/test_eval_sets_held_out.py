"""The evaluation sets are never trained on: no eval text appears in data/nlu (after folding case
and punctuation)."""
import yaml

from tests.support.held_out import ROOT, fold, training_texts


def test_no_evaluation_text_is_in_the_training_data():
    training = training_texts()
    held_out = {fold(case["text"]) for name in ("quiz_nlu.yml", "faq.yml", "red_flags.yml")
                for case in yaml.safe_load((ROOT / "eval" / name).read_text())}
    assert len(held_out) > 800
    assert sorted(held_out & training) == []
