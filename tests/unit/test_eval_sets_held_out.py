"""The evaluation sets are never trained on: no eval text appears in data/nlu (after folding case
and punctuation)."""
from tests.support.held_out import EVAL_SET_NAMES, fold, load_eval_set, training_texts


def test_no_evaluation_text_is_in_the_training_data():
    training = training_texts()
    held_out = {fold(case["text"]) for name in EVAL_SET_NAMES for case in load_eval_set(name)}
    assert len(held_out) > 800
    assert sorted(held_out & training) == []


def test_no_repair_case_the_classifier_reads_is_in_the_training_data():
    """Short replies and option numbers ("yes", "no thanks", "2") are read by the lexicon, not
    the classifier, and are the same words everywhere; every other turn must be new."""
    from clinic_core.language.answers import reply_kind
    from clinic_core.language.choices import option_number

    cases = load_eval_set("repair_cases.yml")
    assert len(cases) >= 100
    read_by_classifier = {fold(text) for case in cases for text in case["say"]
                          if reply_kind(text) is None and option_number(text) is None}
    assert len(read_by_classifier) > 50
    assert sorted(read_by_classifier & training_texts()) == []
