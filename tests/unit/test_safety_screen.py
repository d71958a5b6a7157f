"""The quiz's safety screen (issue 9): the planner's follow-ups after a "yes"; the judgement is in
test_triage_beyond_spine.py."""
from clinic_core.quiz_plan import next_item, safety_screen_open

FIVE = ["screen_bladder_bowel", "screen_saddle_numbness", "screen_leg_weakness", "screen_fever",
        "screen_cancer_history"]


def _asked_until(item):
    return ["screen_checklist"] + FIVE[:FIVE.index(item) + 1]


def test_weakness_yes_asks_about_both_legs_next():
    answers = {"screen_checklist": True, "screen_bladder_bowel": False, "screen_saddle_numbness": False,
               "screen_leg_weakness": True}
    assert next_item(answers, _asked_until("screen_leg_weakness")) == "screen_leg_weakness_both"
    answers["screen_leg_weakness"] = False
    assert next_item(answers, _asked_until("screen_leg_weakness")) == "screen_fever"


def test_cancer_yes_asks_one_follow_up_about_night_pain_or_weight_loss():
    answers = {"screen_checklist": True, **{i: False for i in FIVE[:4]}, "screen_cancer_history": True}
    asked = _asked_until("screen_cancer_history")
    assert next_item(answers, asked) == "screen_cancer_warning_signs"
    assert safety_screen_open(answers, asked)
    answers["screen_cancer_warning_signs"] = False
    assert not safety_screen_open(answers, asked + ["screen_cancer_warning_signs"])
    assert next_item(answers, asked + ["screen_cancer_warning_signs"]) == "age"


def test_none_of_these_asks_no_follow_up():
    assert not safety_screen_open({"screen_checklist": False}, ["screen_checklist"])
    assert next_item({"screen_checklist": False}, ["screen_checklist"]) == "age"


def test_a_not_sure_follow_up_is_not_asked_again():
    answers = {"screen_checklist": True, **{i: False for i in FIVE}, "screen_leg_weakness": True}
    asked = ["screen_checklist", *FIVE, "screen_leg_weakness_both"]  # both legs: "not sure"
    assert not safety_screen_open(answers, asked)
