import pytest

from clinic_core.language.medicines import is_medicine_question, names_medicine_or_dose


@pytest.mark.parametrize("text", [
    "should I stop my blood thinner before the injection?",
    "can I take ibuprofen after the shot",
    "how much gabapentin is safe?",
    "do I hold my eliquis before the fusion",
])
def test_medicine_questions(text):
    assert is_medicine_question(text)


@pytest.mark.parametrize("text", [
    "naproxen works pretty well for me",          # a description, not a question
    "do you take medicare?",                       # no medicine named
    "does the injection help with pain?",
    "I take tylenol every day",
])
def test_not_medicine_questions(text):
    assert not is_medicine_question(text)


@pytest.mark.parametrize("text, named", [
    ("should I increase my dose", True), ("can I take more oxycodone", True), ("how many pills can I take", True),
    ("do you take Medicare?", False), ("what can I do before thinking about surgery", False),
    ("do you take workers comp", False),
])
def test_only_a_named_medicine_or_a_dosing_word_makes_a_medicine_question(text, named):
    assert names_medicine_or_dose(text) is named
