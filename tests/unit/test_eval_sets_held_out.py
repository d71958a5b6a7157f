"""The evaluation sets are never trained on: no eval text appears in data/nlu (after folding case
and punctuation)."""
from tests.support.held_out import EVAL_SET_NAMES, fold, load_eval_set, training_texts


def test_no_evaluation_text_is_in_the_training_data():
    training = training_texts()
    held_out = {fold(case["text"]) for name in EVAL_SET_NAMES for case in load_eval_set(name)}
    assert len(held_out) > 800
    assert sorted(held_out & training) == []
