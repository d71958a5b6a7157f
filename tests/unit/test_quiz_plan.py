"""The adaptive planner: order, branches, no re-asking, stopping rule and question budget."""
import random

import pytest

from clinic_core.catalogue import load_catalogue
from clinic_core.quiz_plan import (
    MAX_QUESTIONS,
    OPTIONAL_SCORED,
    could_change_band,
    next_item,
    remaining_items,
)
from clinic_core.scoring import score

SAFETY = ["screen_bladder_bowel", "screen_saddle_numbness", "screen_leg_weakness", "screen_fever",
          "screen_cancer_history"]
SCREEN_NO = {k: False for k in SAFETY}
TONOSU = ["one_finger_psis", "groin_pain", "pain_sitting"]
BERLIN = ["morning_stiffness_over_30min", "better_with_exercise", "night_waking", "alternating_buttock_pain"]
INFLAMMATORY = BERLIN + ["nsaid_response"]
HIP = ["hip_stiffness_rotation", "lateral_hip_pain"]
CARE = ["tried_physical_therapy", "tried_medication", "tried_injections", "tried_chiropractic", "tried_rfa",
        "conservative_care_months"]


def run(patient, start=None):
    """Play a whole quiz: the patient answers from the dict; a missing key means "not sure"."""
    answers, asked = dict(start or {}), []
    for _ in range(100):
        item = next_item(answers, asked)
        if item is None:
            return answers, asked
        assert item not in asked, f"{item} asked twice"
        assert answers.get(item) is None, f"{item} already answered"
        asked.append(item)
        if patient.get(item) is not None:
            answers[item] = patient[item]
    raise AssertionError("the quiz never ended")


def asked_after_context(**answers):
    """State after safety, Tonosu items and context: asked = everything answered."""
    state = dict(SCREEN_NO, **answers)
    return state, list(state)


# ------------------------------------------------------------------------ order
def test_safety_screen_comes_first_in_catalogue_order():
    answers, asked = {}, []
    order = []
    for _ in range(5):
        item = next_item(answers, asked)
        order.append(item)
        asked.append(item)
        answers[item] = False
    assert order == SAFETY
    assert next_item(answers, asked) == "one_finger_psis"


def test_known_safety_items_are_not_asked():
    # e.g. the person already said "no fever" in free text
    assert next_item({"screen_bladder_bowel": False, "screen_saddle_numbness": False}, []) == "screen_leg_weakness"


def test_safety_screen_before_anything_even_if_core_items_are_known():
    assert next_item({"one_finger_psis": True, "age": 40}, []) == "screen_bladder_bowel"


def test_core_items_then_context():
    answers, asked = run(dict(SCREEN_NO, one_finger_psis=True, groin_pain=False, pain_sitting=True,
                              age=60, duration_months=12))
    assert asked[:5] == SAFETY
    assert asked[5:8] == TONOSU
    assert asked[8:10] == ["age", "duration_months"]


def test_items_given_in_free_text_are_skipped():
    state = dict(SCREEN_NO, one_finger_psis=True, pain_sitting=True)
    assert next_item(state, SAFETY) == "groin_pain"


# ------------------------------------------------------------------------ never re-ask
def test_asked_but_unknown_is_not_asked_again():
    asked = SAFETY + ["one_finger_psis"]  # one-finger asked, answer "not sure"
    assert next_item(SCREEN_NO, asked) == "groin_pain"
    assert "one_finger_psis" not in remaining_items(SCREEN_NO, asked)


def test_a_person_who_is_never_sure_gets_a_finite_quiz_without_repeats():
    answers, asked = run({})
    assert len(asked) == len(set(asked))
    assert asked[:5] == SAFETY
    assert len(asked) <= MAX_QUESTIONS
    assert answers == {}


def test_remaining_items_never_contains_known_or_asked_items():
    rng = random.Random(7)
    ids = load_catalogue().ids
    for _ in range(200):
        answers = {}
        for item_id in rng.sample(ids, rng.randint(0, 20)):
            item = load_catalogue().item(item_id)
            answers[item_id] = rng.choice([True, False, None]) if item.answer_type == "yes_no" else rng.choice([20, 40, 60, None])
        asked = rng.sample(ids, rng.randint(0, 8))
        remaining = remaining_items(answers, asked)
        assert not set(remaining) & set(asked)
        assert not {i for i in remaining if answers.get(i) is not None}
        assert len(remaining) == len(set(remaining))
        assert next_item(answers, asked) == (remaining[0] if remaining else None)


# ------------------------------------------------------------------------ hip branch
def test_hip_questions_only_after_groin_pain():
    base = dict(age=50, duration_months=12, pregnancy_related=False, prior_lumbar_fusion=False)
    no_care = dict(tried_physical_therapy=False, tried_medication=False, tried_injections=False,
                   tried_chiropractic=False, tried_rfa=False)  # said in free text, not asked
    # groin yes, trio -> 50 % (high); hip stiffness yes: 4.001 x 0.7 = 2.80 -> 41 % (moderate) -> worth asking
    state, asked = asked_after_context(one_finger_psis=True, groin_pain=True, pain_sitting=True, **base)
    state.update(no_care)
    assert "hip_stiffness_rotation" in remaining_items(state, asked)
    # without groin pain the hip questions are not asked, even where an answer could change the band:
    # 2.32 x sqrt(1.69) x sqrt(0.79) x 1.3 (one side) x 1.2 (fall) = 4.18 -> odds 1.045 -> 51 % (high);
    # hip stiffness yes would give 1.045 x 0.7 = 0.73 -> 42 % (moderate)
    state, asked = asked_after_context(one_finger_psis=True, groin_pain=False, pain_sitting=True,
                                       unilateral_pain=True, fall_on_buttock=True, **base)
    state.update(no_care)
    assert could_change_band(state, "hip_stiffness_rotation")
    assert not set(HIP) & set(remaining_items(state, asked))
    state["groin_pain"] = None
    assert not set(HIP) & set(remaining_items(state, asked))


@pytest.mark.parametrize("seed", range(30))
def test_hip_never_asked_in_whole_quizzes_without_groin_pain(seed):
    rng = random.Random(seed)
    patient = {i: rng.choice([True, False, None]) for i in load_catalogue().ids
               if load_catalogue().item(i).answer_type == "yes_no"}
    patient.update(SCREEN_NO, groin_pain=rng.choice([False, None]), age=rng.choice([25, 50, 70]),
                   duration_months=rng.choice([2, 12]))
    _, asked = run(patient)
    assert not set(HIP) & set(asked)


# ------------------------------------------------------------------------ inflammatory branch
def test_inflammatory_questions_when_young_onset_and_chronic():
    # age 30, 24 months -> onset 28 < 45 and > 3 months
    state, asked = asked_after_context(one_finger_psis=False, groin_pain=False, pain_sitting=False,
                                       age=30, duration_months=24)
    assert next_item(state, asked) == "morning_stiffness_over_30min"


@pytest.mark.parametrize("age,months", [(60, 24), (50, 24), (30, 2), (30, 3)])
def test_no_inflammatory_questions_when_nothing_points_there(age, months):
    # (50, 24): onset 48 >= 45; (30, 3): not more than 3 months
    state, asked = asked_after_context(one_finger_psis=False, groin_pain=False, pain_sitting=False,
                                       age=age, duration_months=months)
    assert not set(INFLAMMATORY) & set(remaining_items(state, asked))


def test_a_positive_inflammatory_answer_points_there_when_age_is_unknown():
    state, asked = asked_after_context(one_finger_psis=True, groin_pain=False, pain_sitting=False)
    asked += ["age", "duration_months"]  # both skipped
    assert not set(INFLAMMATORY) & set(remaining_items(state, asked))
    state["night_waking"] = True  # volunteered: "it wakes me at night"
    assert next_item(state, asked) == "morning_stiffness_over_30min"


def test_a_positive_answer_does_not_override_a_known_late_onset():
    state, asked = asked_after_context(one_finger_psis=True, groin_pain=False, pain_sitting=False,
                                       age=60, duration_months=24, night_waking=True)
    assert not set(INFLAMMATORY) & set(remaining_items(state, asked))


def test_berlin_questions_stop_once_the_rule_is_met_and_nsaid_is_recorded():
    patient = dict(SCREEN_NO, one_finger_psis=False, groin_pain=False, pain_sitting=False, age=30,
                   duration_months=24, morning_stiffness_over_30min=True, better_with_exercise=True,
                   night_waking=True, alternating_buttock_pain=True, nsaid_response=True,
                   pregnancy_related=False, prior_lumbar_fusion=False, unilateral_pain=True)
    answers, asked = run(patient)
    assert [i for i in asked if i in BERLIN] == ["morning_stiffness_over_30min", "better_with_exercise"]
    assert "nsaid_response" in asked
    assert "prior_lumbar_fusion" not in asked  # route already fixed
    assert not set(OPTIONAL_SCORED) & set(asked)
    assert not set(CARE) & set(asked)
    assert score(answers).route == "rheumatology"


def test_berlin_questions_stop_when_the_rule_is_out_of_reach():
    patient = dict(SCREEN_NO, one_finger_psis=False, groin_pain=False, pain_sitting=False, age=30,
                   duration_months=24, morning_stiffness_over_30min=False, better_with_exercise=False,
                   night_waking=False, alternating_buttock_pain=True, pregnancy_related=False)
    _, asked = run(patient)
    # after 3 "no": 0 met + 1 open < 2 -> the 4th is not asked, nor the NSAID question
    assert [i for i in asked if i in INFLAMMATORY] == BERLIN[:3]


# ------------------------------------------------------------------------ pregnancy question
@pytest.mark.parametrize("age,asked_expected", [(56, False), (70, False), (55, True), (30, True), (None, True)])
def test_pregnancy_question_not_asked_over_55(age, asked_expected):
    state, asked = asked_after_context(one_finger_psis=False, groin_pain=False, pain_sitting=False,
                                       duration_months=2)
    if age is None:
        asked.append("age")
    else:
        state["age"] = age
    assert ("pregnancy_related" in remaining_items(state, asked)) is asked_expected


# ------------------------------------------------------------------------ conservative care
def high_state(**extra):
    state, asked = asked_after_context(one_finger_psis=True, groin_pain=True, pain_sitting=True,
                                       age=60, duration_months=24, pregnancy_related=False,
                                       prior_lumbar_fusion=False, **extra)
    return state, asked


def test_care_questions_on_si_likely_start_with_what_was_tried():
    state, asked = high_state()
    assert score(state).route == "si_likely"
    assert next_item(state, asked) == "tried_physical_therapy"
    state["tried_physical_therapy"] = True
    asked.append("tried_physical_therapy")
    assert next_item(state, asked) == "conservative_care_months"


def test_care_months_not_asked_when_nothing_was_tried():
    state, asked = high_state(tried_physical_therapy=False, tried_medication=False, tried_injections=False,
                              tried_chiropractic=False, tried_rfa=False)
    assert "conservative_care_months" not in remaining_items(state, asked)


def test_no_care_questions_when_not_si_likely_or_pregnant():
    state, asked = asked_after_context(one_finger_psis=True, groin_pain=False, pain_sitting=False,
                                       age=60, duration_months=24, prior_lumbar_fusion=False)
    assert score(state).route != "si_likely"
    assert not set(CARE) & set(remaining_items(state, asked))
    state, asked = high_state()
    state["pregnancy_related"] = True
    assert not set(CARE) & set(remaining_items(state, asked))


def test_care_questions_come_after_core_and_context():
    patient = dict(SCREEN_NO, one_finger_psis=True, groin_pain=True, pain_sitting=True, age=62,
                   duration_months=30, prior_lumbar_fusion=False, tried_physical_therapy=True,
                   conservative_care_months=9)
    answers, asked = run(patient)
    care_positions = [asked.index(i) for i in CARE if i in asked]
    assert care_positions, asked
    core_positions = [asked.index(i) for i in SAFETY + TONOSU + ["age", "duration_months", "prior_lumbar_fusion"]]
    assert min(care_positions) > max(core_positions)
    assert score(answers).fusion_discussed


# ------------------------------------------------------------------------ stopping rule and budget
def test_low_value_items_skipped_when_the_band_cannot_change():
    # trio "no": 5.4 % (low). Best single answer, e.g. unilateral yes: odds 0.0570 x 1.3 = 0.074 -> 6.9 %, still low
    state, asked = asked_after_context(one_finger_psis=False, groin_pain=False, pain_sitting=False,
                                       age=70, duration_months=24, prior_lumbar_fusion=False)
    remaining = remaining_items(state, asked)
    assert not set(OPTIONAL_SCORED) & set(remaining)
    assert next_item(state, asked) is None
    for item_id in OPTIONAL_SCORED:
        assert not could_change_band(state, item_id)


def test_items_near_a_band_boundary_are_asked():
    # one-finger + groin: 0.25 x 2.32 x sqrt(1.76) = 0.7695 -> 43.5 % (moderate);
    # unilateral yes -> 0.7695 x 1.3 = 1.0004 -> 50 % (high): worth asking
    state, asked = asked_after_context(one_finger_psis=True, groin_pain=True, pain_sitting=None,
                                       age=70, duration_months=24, prior_lumbar_fusion=False)
    asked.append("pain_sitting")
    assert could_change_band(state, "unilateral_pain")
    assert next_item(state, asked) == "unilateral_pain"


def test_every_item_the_planner_skips_could_not_change_the_band():
    state, asked = asked_after_context(one_finger_psis=True, groin_pain=False, pain_sitting=True,
                                       age=70, duration_months=24, prior_lumbar_fusion=False)
    remaining = set(remaining_items(state, asked))
    for item_id in OPTIONAL_SCORED:
        if item_id in HIP:
            continue
        assert (item_id in remaining) == could_change_band(state, item_id), item_id


@pytest.mark.parametrize("seed", range(60))
def test_random_patients_stay_within_the_budget(seed):
    rng = random.Random(seed)
    cat = load_catalogue()
    patient = {}
    for item_id, item in cat.items.items():
        if item.group == "safety_screen":
            patient[item_id] = False
        elif item.answer_type == "yes_no":
            patient[item_id] = rng.choice([True, False, None])
    patient.update(age=rng.choice([22, 35, 44, 50, 58, 75, None]),
                   duration_months=rng.choice([1, 3, 6, 24, None]),
                   conservative_care_months=rng.choice([0, 3, 6, 18, None]))
    answers, asked = run(patient)
    assert len(asked) <= MAX_QUESTIONS
    assert asked[:5] == SAFETY
    assert asked[5:8] == TONOSU
    assert len(asked) == len(set(asked))
    if patient["age"] is not None and patient["age"] > 55:
        assert "pregnancy_related" not in asked
    score(answers)  # whatever was gathered can be scored


def test_budget_stops_the_quiz():
    ids = [i for i in load_catalogue().ids if i not in SAFETY]
    asked = SAFETY + ids[: MAX_QUESTIONS - len(SAFETY)]
    assert next_item(SCREEN_NO, asked) is None
    # ... but a safety question is never cut by the budget
    assert next_item({}, ids[:MAX_QUESTIONS]) == "screen_bladder_bowel"
