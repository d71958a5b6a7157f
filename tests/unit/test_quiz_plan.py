"""The adaptive planner: safety checklist, order, branches, no re-asking, stopping rule and budget."""
import random

import pytest

from clinic_core.catalogue import load_catalogue
from clinic_core.quiz_plan import MAX_QUESTIONS, next_item, remaining_items
from clinic_core.scoring import decide, normalize_answers, score

CAT = load_catalogue()
SAFETY = ["screen_bladder_bowel", "screen_saddle_numbness", "screen_leg_weakness", "screen_fever",
          "screen_cancer_history"]
SAFETY_IDS = {i.id for i in CAT.in_group("safety_screen")}  # the checklist, its five items and their follow-ups
SCREEN_NONE = {"screen_checklist": False}
TONOSU = ["one_finger_psis", "groin_pain", "pain_sitting"]
RHEUMATOLOGY = {i.id for i in CAT.in_group("inflammatory")}
CARE = {"treatment_history", "conservative_care_months"} | set(CAT.item("treatment_history").covers)
PATTERN_ITEMS = {f.item for p in CAT.patterns for f in p.features} | {"leg_checklist", "hip_checklist", "back_checklist"}


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


def non_safety(asked):
    return [i for i in asked if i not in SAFETY_IDS]


# ------------------------------------------------------------------------ safety checklist
def test_the_safety_checklist_comes_first_and_none_of_these_answers_all_five():
    assert next_item({}, []) == "screen_checklist"
    assert next_item({"one_finger_psis": True, "age": 40}, []) == "screen_checklist"
    remaining = remaining_items(SCREEN_NONE, ["screen_checklist"])
    assert not set(SAFETY) & set(remaining) and remaining[0] == "age"


@pytest.mark.parametrize("answer", [True, None])  # "yes, one or more" or "not sure"
def test_yes_or_not_sure_to_the_checklist_asks_the_five_one_by_one(answer):
    answers = {} if answer is None else {"screen_checklist": answer}
    order = []
    asked = ["screen_checklist"]
    for _ in range(5):
        item = next_item(answers, asked)
        order.append(item)
        asked.append(item)
    assert order == SAFETY
    assert next_item(answers, asked) == "age"


def test_a_safety_sign_said_in_free_text_means_the_others_are_asked_one_by_one():
    assert next_item({"screen_fever": True}, []) == "screen_bladder_bowel"
    # a sign denied in free text still leaves the checklist for the rest
    assert next_item({"screen_fever": False}, []) == "screen_checklist"


def test_safety_is_never_cut_by_the_budget():
    others = [i for i in CAT.ids if i not in SAFETY_IDS]
    assert next_item({}, others[: MAX_QUESTIONS + 5]) == "screen_checklist"


# ------------------------------------------------------------------------ order and never re-asking
def test_from_nothing_age_pregnancy_then_the_tonosu_items():
    answers, asked = run(dict(SCREEN_NONE, age=40, pregnancy_related=False, one_finger_psis=True,
                              groin_pain=True, pain_sitting=True))
    assert asked[:6] == ["screen_checklist", "age", "pregnancy_related"] + TONOSU


def test_pregnancy_question_not_asked_over_55():
    for age, expected in ((56, False), (70, False), (55, True), (30, True)):
        assert ("pregnancy_related" in remaining_items(dict(SCREEN_NONE, age=age), ["screen_checklist"])) is expected


def test_asked_but_unknown_is_not_asked_again():
    asked = ["screen_checklist", "age", "pregnancy_related", "one_finger_psis"]
    assert next_item(SCREEN_NONE, asked) == "groin_pain"
    assert "one_finger_psis" not in remaining_items(SCREEN_NONE, asked)


def test_not_sure_to_a_checklist_other_than_safety_closes_its_items():
    state = dict(SCREEN_NONE, age=40, pregnancy_related=False, one_finger_psis=False, groin_pain=False,
                 pain_sitting=True)
    asked = list(state)
    assert "leg_checklist" in remaining_items(state, asked)
    remaining = remaining_items(state, asked + ["leg_checklist"])
    assert not {"pain_below_knee", "leg_tingling_numbness", "legs_heavy_walking"} & set(remaining)


def test_remaining_items_never_contains_known_or_asked_items():
    rng = random.Random(7)
    for _ in range(150):
        answers = {}
        for item_id in rng.sample(CAT.ids, rng.randint(0, 25)):
            kind = CAT.item(item_id).answer_type
            answers[item_id] = rng.choice([True, False, None]) if kind != "number" else rng.choice([20, 40, 60, None])
        asked = rng.sample(CAT.ids, rng.randint(0, 10))
        remaining = remaining_items(answers, asked)
        clean = normalize_answers(answers)
        assert not set(remaining) & set(asked)
        assert not {i for i in remaining if clean.get(i) is not None}
        assert len(remaining) == len(set(remaining))
        assert next_item(answers, asked) == (remaining[0] if remaining else None)


# ------------------------------------------------------------------------ what decides stops the asking
def test_pregnancy_makes_the_tonosu_estimate_unnecessary():
    state = dict(SCREEN_NONE, age=30, pregnancy_related=True)
    remaining = remaining_items(state, list(state))
    assert not {"one_finger_psis", "pain_sitting"} & set(remaining)
    assert "groin_pain" in remaining  # still wanted, as a sign of the hip joint pattern


def test_a_fitting_pattern_stops_the_search_for_patterns_after_it():
    # nerve root fits: stenosis (before it) can still be looked for, disc and facet (after it) cannot
    state = dict(SCREEN_NONE, age=70, pain_below_knee=True, leg_tingling_numbness=True)
    remaining = set(remaining_items(state, list(state)))
    assert "legs_heavy_walking" in remaining
    assert not {"back_checklist", "pain_central", "worse_arching_twisting", "hip_checklist"} & remaining


def test_pattern_checklists_when_two_required_signs_are_wanted_else_the_single_question():
    state = dict(SCREEN_NONE, age=70, one_finger_psis=False, groin_pain=False, pain_sitting=True)
    remaining = remaining_items(state, list(state))
    assert {"leg_checklist", "back_checklist"} <= set(remaining)
    # groin pain "no": the hip joint cannot fit, so only the outer-hip sign is wanted - asked alone
    assert "lateral_hip_pain" in remaining and "hip_checklist" not in remaining


def test_supporting_signs_only_after_the_required_one():
    state = dict(SCREEN_NONE, age=70, one_finger_psis=False, groin_pain=False, pain_sitting=False,
                 leg_checklist=True)
    asked = list(state)
    first = next_item(state, asked)
    assert first in ("legs_heavy_walking", "pain_below_knee")
    assert "worse_cough_sneeze" not in remaining_items(state, asked)  # nerve-root support, sign unknown
    state["pain_below_knee"] = True
    assert "worse_cough_sneeze" in remaining_items(state, asked + ["pain_below_knee"])


def test_low_estimate_without_patterns_ends_the_quiz():
    patient = dict(SCREEN_NONE, age=70, one_finger_psis=False, groin_pain=False, pain_sitting=False,
                   leg_checklist=False, hip_checklist=False, back_checklist=False, prior_lumbar_fusion=False)
    answers, asked = run(patient)
    assert score(answers).route == "si_unlikely"
    assert not RHEUMATOLOGY & set(asked) and not CARE & set(asked)


# ------------------------------------------------------------------------ rheumatology branch
def test_young_chronic_pain_gets_the_inflammatory_checklist_and_none_closes_the_branch():
    state = dict(SCREEN_NONE, age=30, pregnancy_related=False, one_finger_psis=False, groin_pain=False,
                 pain_sitting=False)
    asked = list(state)
    assert "ibp_checklist" in remaining_items(state, asked)
    state["ibp_checklist"] = False
    assert not RHEUMATOLOGY & set(remaining_items(state, asked + ["ibp_checklist"]))


@pytest.mark.parametrize("extra", [{"age": 60}, {"age": 75}, {"age": 30, "duration_months": 2}])
def test_no_rheumatology_questions_when_the_entry_condition_fails(extra):
    state = dict(SCREEN_NONE, pregnancy_related=False, one_finger_psis=False, groin_pain=False, pain_sitting=False,
                 **extra)
    assert not RHEUMATOLOGY & set(remaining_items(state, list(state)))


def test_inflammatory_answers_lead_to_the_ng65_items_until_decided():
    patient = dict(SCREEN_NONE, age=28, duration_months=30, pregnancy_related=False, one_finger_psis=False,
                   groin_pain=False, pain_sitting=False, ibp_checklist=True, night_waking=True,
                   better_with_exercise=True, nsaid_response=True, psoriasis=False)
    answers, asked = run(patient)
    assert score(answers).route == "rheumatology"
    # onset before 35 + 3 more: referral reached, so nothing more is asked about it
    assert asked[-1] in ("night_waking", "better_with_exercise", "nsaid_response", "buttock_pain",
                         "alternating_buttock_pain", "spa_checklist")
    assert not CARE & set(asked) and "hla_b27_positive" not in asked


def test_hla_b27_is_asked_only_when_it_alone_decides():
    three = dict(SCREEN_NONE, age=40, duration_months=24, pregnancy_related=False, night_waking=True,
                 better_with_exercise=True, nsaid_response=True, spa_checklist=False, buttock_pain=False)
    asked = list(three)
    assert decide(normalize_answers(three)).hla_test_step
    assert "hla_b27_positive" in remaining_items(three, asked)
    assert "hla_b27_positive" not in remaining_items(dict(three, nsaid_response=False), asked)


# ------------------------------------------------------------------------ care pathway
def high_state(**extra):
    """A capped SI estimate, every pattern excluded (said in the first message: one question asked)."""
    state = dict(SCREEN_NONE, age=60, pregnancy_related=False, one_finger_psis=True, groin_pain=True,
                 pain_sitting=True, unilateral_pain=True, pain_rising_from_sitting=True, prior_lumbar_fusion=False,
                 leg_checklist=False, hip_checklist=False, back_checklist=False, fall_on_buttock=False)
    state.update(extra)
    return state, ["screen_checklist"]


def test_on_si_likely_treatment_history_is_one_question_then_months():
    state, asked = high_state(duration_months=24)
    assert score(state).route == "si_likely" and score(state).capped
    assert next_item(state, asked) == "treatment_history"
    state["treatment_history"] = ["tried_physical_therapy", "tried_injections"]
    assert next_item(state, asked + ["treatment_history"]) == "conservative_care_months"


def test_care_questions_skipped_when_they_cannot_decide_the_fusion_step():
    state, asked = high_state(duration_months=4)  # care cannot have lasted 6 months
    assert not CARE & set(remaining_items(state, asked))
    state, asked = high_state(duration_months=24, treatment_history=False)
    assert not CARE & set(remaining_items(state, asked))
    state, asked = high_state(duration_months=24, pregnancy_related=True)
    assert not CARE & set(remaining_items(state, asked))
    state, asked = high_state()  # duration unknown: asked first
    assert next_item(state, asked) == "duration_months"


def test_no_care_questions_off_si_likely():
    state = dict(SCREEN_NONE, age=60, one_finger_psis=False, groin_pain=False, pain_sitting=False)
    assert score(state).route != "si_likely"
    assert not CARE & set(remaining_items(state, list(state)))


# ------------------------------------------------------------------------ stopping rule and budget
def random_patient(rng):
    patient = {"screen_checklist": False}
    for item in CAT.items.values():
        if item.answer_type == "yes_no" and item.group != "safety_screen":
            patient[item.id] = rng.choice([True, False, False, None])
    patient.update(age=rng.choice([22, 35, 44, 50, 58, 75, None]), duration_months=rng.choice([1, 3, 6, 24, None]),
                   conservative_care_months=rng.choice([0, 3, 6, 18, None]))
    return patient


@pytest.mark.parametrize("seed", range(40))
def test_random_patients_stay_within_the_budget_and_end_where_nothing_can_change(seed):
    rng = random.Random(seed)
    patient = random_patient(rng)
    answers, asked = run(patient)
    assert len(non_safety(asked)) <= MAX_QUESTIONS and len(asked) == len(set(asked))
    assert asked[0] == "screen_checklist"
    if patient["age"] is not None and patient["age"] > 55:
        assert "pregnancy_related" not in asked
    if len(non_safety(asked)) == MAX_QUESTIONS:
        return  # the budget ended it
    # the stopping rule: no single answer to an item never asked could change what the person is told
    clean = normalize_answers(answers)
    key = decide(clean).key()
    for item in CAT.items.values():
        if item.answer_type != "yes_no" or clean[item.id] is not None or item.id in asked:
            continue
        covering = CAT.checklist_covering(item.id)
        if covering is not None and covering.id in asked:
            continue  # "not sure" to its checklist
        if item.id in ("pregnancy_related", "hla_b27_positive"):
            continue  # not asked by rule (age over 55; HLA-B27 only when it alone decides)
        for value in (True, False):
            assert decide(normalize_answers(dict(clean, **{item.id: value}))).key() == key, (item.id, value, asked)


def test_budget_stops_the_quiz():
    others = [i for i in CAT.ids if i not in SAFETY_IDS]
    assert next_item(SCREEN_NONE, ["screen_checklist"] + others[:MAX_QUESTIONS]) is None
