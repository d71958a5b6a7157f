"""Scoring: hand-worked cases from the published figures (clinical-evidence.md §1-3).

Conventions used in the arithmetic below:
  pre-test 20 % -> odds 0.20 / 0.80 = 0.25; after lumbar fusion 35 % -> odds 0.35 / 0.65 = 0.5385
  Tonosu 2018 LRs: one-finger 2.32 / 0.34, groin 1.76 / 0.79, sitting 1.69 / 0.57
  correlated items (same correlation_group): strongest full, the rest as sqrt(LR) (ln LR x 0.5)
  combined LR clamped to [0.11, 6.6] (Kurosawa 2017 cut-off >= 4)
  bands: low < 0.10 <= moderate < 0.45 <= high
"""
import json
import math
import re

import pytest

from clinic_core.catalogue import load_catalogue
from clinic_core.scoring import QuizResult, band_for, score

SCREEN_NO = {k: False for k in ("screen_bladder_bowel", "screen_saddle_numbness", "screen_leg_weakness",
                                "screen_fever", "screen_cancer_history")}
TRIO_YES = {"one_finger_psis": True, "groin_pain": True, "pain_sitting": True}
TRIO_NO = {"one_finger_psis": False, "groin_pain": False, "pain_sitting": False}
FUSION_WORDS = ("fusion", "surgery")
PROCEDURE_WORDS = ("injection", "shot", "fusion", "surgery", "procedure", "ablation", "rfa", "nerve block")


def p_from_odds(odds):
    return odds / (1 + odds)


def all_text(result: QuizResult) -> str:
    return " ".join([result.summary] + result.next_steps)


# ------------------------------------------------------------------------ readability helper
def syllables(word):
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", w)))


def fk_grade(text):
    sentences = max(1, len(re.findall(r"[.!?]+(?:\s|$)", text)))
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    return 0.39 * len(words) / sentences + 11.8 * sum(syllables(w) for w in words) / len(words) - 15.59


# ------------------------------------------------------------------------ hand-worked probabilities
def test_no_answers_gives_the_pretest():
    r = score({})
    assert r.probability == pytest.approx(0.20)  # odds 0.25, no evidence
    assert r.band == "moderate" and r.route == "si_possible"
    assert r.drivers == []
    assert r.pregnancy is False


def test_one_finger_yes_alone():
    # 0.25 x 2.32 = 0.58 -> 0.58 / 1.58 = 0.367
    r = score({"one_finger_psis": True})
    assert r.probability == pytest.approx(0.3671, abs=1e-4)
    assert r.band == "moderate" and r.route == "si_possible"
    assert r.drivers == ["one_finger_psis"]


def test_one_finger_no_alone_is_low():
    # 0.25 x 0.34 = 0.085 -> 0.085 / 1.085 = 0.078 (< 0.10)
    r = score({"one_finger_psis": False})
    assert r.probability == pytest.approx(0.0783, abs=1e-4)
    assert r.band == "low" and r.route == "si_unlikely"


def test_all_three_kurosawa_self_report_items_yes_are_damped():
    # same correlation group: 2.32 x sqrt(1.76) x sqrt(1.69) = 2.32 x 1.3266 x 1.3000 = 4.001
    # odds 0.25 x 4.001 = 1.0003 -> 0.500. Naive product 6.90 would give 0.633 (clinical-evidence §1.2).
    r = score(TRIO_YES)
    assert r.probability == pytest.approx(0.5001, abs=2e-4)
    naive = p_from_odds(0.25 * 2.32 * 1.76 * 1.69)
    assert naive == pytest.approx(0.633, abs=0.001)
    assert r.probability < naive - 0.1
    assert r.band == "high" and r.route == "si_likely"
    factors = {c.item_id: c.factor for c in r.contributions}
    assert factors == {"one_finger_psis": 1.0, "groin_pain": 0.5, "pain_sitting": 0.5}


def test_all_three_kurosawa_self_report_items_no():
    # strongest |ln LR| is one-finger 0.34 (full); sitting 0.57 and groin 0.79 as square roots:
    # 0.34 x 0.7550 x 0.8888 = 0.2282 -> odds 0.0570 -> 0.054
    r = score(TRIO_NO)
    assert r.probability == pytest.approx(0.0540, abs=2e-4)
    assert r.band == "low" and r.route == "si_unlikely"
    assert r.drivers == ["one_finger_psis", "pain_sitting", "groin_pain"]


def test_items_in_different_groups_multiply_in_full():
    # one-finger (kurosawa group) x unilateral (location group): 0.25 x 2.32 x 1.3 = 0.754 -> 0.430
    assert score({"one_finger_psis": True, "unilateral_pain": True}).probability == pytest.approx(0.4299, abs=1e-4)
    # one-finger x groin (same group): 0.25 x 2.32 x sqrt(1.76) = 0.7695 -> 0.435
    assert score({"one_finger_psis": True, "groin_pain": True}).probability == pytest.approx(0.4349, abs=1e-4)


def test_prior_lumbar_fusion_raises_the_pretest():
    # Maigne & Planchon 2005: 35 % -> odds 0.5385; x 2.32 = 1.2492 -> 0.555
    r = score({"prior_lumbar_fusion": True, "one_finger_psis": True})
    assert r.pretest == 0.35
    assert r.probability == pytest.approx(0.5554, abs=1e-4)
    assert r.route == "si_likely"
    assert score({"prior_lumbar_fusion": True}).probability == pytest.approx(0.35)
    assert score({"prior_lumbar_fusion": False}).probability == pytest.approx(0.20)


def test_combined_lr_is_capped_high():
    # kurosawa 4.001; location: 1.3 x sqrt(1.2) x sqrt(1.1) = 1.4936; movements: 1.3 x sqrt(1.15)^2 = 1.4951;
    # fall 1.2 -> 4.001 x 1.4936 x 1.4951 x 1.2 = 10.72 > 6.6 -> odds 0.25 x 6.6 = 1.65 -> 0.623
    answers = dict(TRIO_YES, unilateral_pain=True, buttock_pain=True, pain_above_belt=False,
                   pain_rising_from_sitting=True, pain_stairs_single_leg=True, pain_turning_in_bed=True,
                   fall_on_buttock=True)
    r = score(answers)
    assert r.raw_combined_lr == pytest.approx(10.72, abs=0.02)
    assert r.capped and r.combined_lr == pytest.approx(6.6)
    assert r.probability == pytest.approx(0.6226, abs=1e-4)
    assert len(r.drivers) == 4 and r.drivers[0] == "one_finger_psis"


def test_combined_lr_is_capped_low():
    # trio no 0.2282; nerve root: 0.77 x sqrt(0.77) x sqrt(0.8) = 0.6043; centralises 0.6;
    # hip: 0.7 x sqrt(0.8) = 0.6261; location: 0.7 x sqrt(0.85)^2 = 0.595
    # product 0.0308 < 0.11 -> odds 0.25 x 0.11 = 0.0275 -> 0.0268
    answers = dict(TRIO_NO, pain_below_knee=True, leg_tingling_numbness=True, worse_cough_sneeze=True,
                   pain_centralizes=True, hip_stiffness_rotation=True, lateral_hip_pain=True,
                   unilateral_pain=False, buttock_pain=False, pain_above_belt=True)
    r = score(answers)
    assert r.raw_combined_lr == pytest.approx(0.0308, abs=0.0005)
    assert r.capped and r.combined_lr == pytest.approx(0.11)
    assert r.probability == pytest.approx(0.0268, abs=1e-4)
    assert r.route == "si_unlikely"


def test_unknown_answers_are_neutral():
    base = score({"one_finger_psis": True}).probability
    assert score({"one_finger_psis": True, "groin_pain": None, "pain_sitting": None}).probability == base
    # unusable values and unknown ids are ignored (neutral), never guessed
    assert score({"one_finger_psis": True, "groin_pain": "yes", "pain_sitting": 1, "made_up": True}).probability == base
    # a "no" to an item whose absence is uninformative (LR- 1.0) changes nothing either
    assert score({"one_finger_psis": True, "pain_below_knee": False}).probability == base
    assert score({"one_finger_psis": True, "groin_pain": False}).probability < base


def test_rule_items_never_change_the_probability():
    base = score(TRIO_YES).probability
    extra = dict(TRIO_YES, age=70.0, duration_months=40, pregnancy_related=True, tried_rfa=True,
                 conservative_care_months=12, nsaid_response=True, morning_stiffness_over_30min=True,
                 screen_fever=True)
    assert score(extra).probability == pytest.approx(base)


def test_band_cut_offs():
    assert band_for(0.0999) == "low"
    assert band_for(0.10) == "moderate"
    assert band_for(0.4499) == "moderate"
    assert band_for(0.45) == "high"


# ------------------------------------------------------------------------ drivers
def test_drivers_largest_log_lr_first_and_at_most_four():
    # |ln LR|: one-finger ln 2.32 = 0.842; fusion pre-test ln(0.5385/0.25) = 0.767;
    # below knee |ln 0.8| = 0.223; fall ln 1.2 = 0.182; unilateral-no |ln 0.85| = 0.163 (5th, dropped)
    r = score({"one_finger_psis": True, "prior_lumbar_fusion": True, "pain_below_knee": True,
               "fall_on_buttock": True, "unilateral_pain": False})
    assert r.drivers == ["one_finger_psis", "prior_lumbar_fusion", "pain_below_knee", "fall_on_buttock"]
    logs = {c.item_id: c.log_lr for c in r.contributions}
    assert logs["prior_lumbar_fusion"] == pytest.approx(math.log((0.35 / 0.65) / 0.25))
    assert logs["unilateral_pain"] == pytest.approx(math.log(0.85))


def test_neutral_answers_are_not_drivers():
    r = score({"groin_pain": True, "pain_below_knee": False, "worse_cough_sneeze": False})
    assert r.drivers == ["groin_pain"]


# ------------------------------------------------------------------------ rheumatology route
def young_ibp(**extra):
    # age 30, 24 months -> onset 28 (< 45), > 3 months: Berlin entry condition met
    return dict(TRIO_YES, age=30, duration_months=24, **extra)


def test_berlin_two_of_four_routes_to_rheumatology():
    r = score(young_ibp(morning_stiffness_over_30min=True, better_with_exercise=True))
    assert r.route == "rheumatology"
    assert r.drivers == ["morning_stiffness_over_30min", "better_with_exercise"]
    assert any("rheumatologist" in s for s in r.next_steps)
    assert not any("diagnostic injection" in s for s in r.next_steps)
    assert r.probability == pytest.approx(score(TRIO_YES).probability)  # the estimate itself is unchanged


def test_one_berlin_criterion_is_not_enough():
    assert score(young_ibp(night_waking=True, nsaid_response=True)).route == "si_likely"


def test_nsaid_response_is_not_a_berlin_criterion():
    assert score(young_ibp(night_waking=True, nsaid_response=True)).inflammatory_criteria_met == ["night_waking"]


def test_onset_at_45_or_later_blocks_the_rule():
    # age 50, 24 months -> onset 48
    r = score(dict(TRIO_YES, age=50, duration_months=24, morning_stiffness_over_30min=True, night_waking=True,
                   better_with_exercise=True, alternating_buttock_pain=True))
    assert r.route == "si_likely"
    # age 46, 24 months -> onset 44 (< 45): the rule applies
    r = score(dict(TRIO_YES, age=46, duration_months=24, morning_stiffness_over_30min=True, night_waking=True))
    assert r.route == "rheumatology"


def test_three_months_or_less_blocks_the_rule():
    r = score(dict(age=30, duration_months=3, morning_stiffness_over_30min=True, night_waking=True))
    assert r.route == "si_possible"
    r = score(dict(age=30, duration_months=4, morning_stiffness_over_30min=True, night_waking=True))
    assert r.route == "rheumatology"


def test_unknown_age_and_duration_do_not_block_the_rule():
    r = score({"alternating_buttock_pain": True, "night_waking": True})
    assert r.route == "rheumatology"


# ------------------------------------------------------------------------ pathway: care and fusion
def test_si_likely_puts_conservative_care_first_and_names_the_confirming_tests():
    r = score(TRIO_YES)
    assert "physical therapy" in r.next_steps[0].lower()
    assert "start with simple care" in r.next_steps[0].lower()
    text = " ".join(r.next_steps).lower()
    assert "exam" in text and "diagnostic injection" in text
    assert not any(w in text for w in FUSION_WORDS)


def test_fusion_is_mentioned_after_six_months_of_tried_care_on_si_likely():
    r = score(dict(TRIO_YES, tried_physical_therapy=True, conservative_care_months=6))
    assert r.fusion_discussed
    fusion_steps = [s for s in r.next_steps if "fusion" in s.lower()]
    assert len(fusion_steps) == 1
    assert "6 months" in fusion_steps[0]
    # the fusion step comes after conservative care and the confirming exam
    assert r.next_steps.index(fusion_steps[0]) > 1
    assert "keep up simple care" in r.next_steps[0].lower()


@pytest.mark.parametrize("answers", [
    dict(TRIO_YES, tried_physical_therapy=True, conservative_care_months=5.9),  # < 6 months
    dict(TRIO_YES, conservative_care_months=12),  # care never said to be tried
    dict(TRIO_YES, tried_physical_therapy=False, tried_medication=False, tried_injections=False,
         tried_chiropractic=False, tried_rfa=False, conservative_care_months=12),  # nothing tried
    dict(TRIO_YES, tried_medication=True),  # months unknown
    {"one_finger_psis": True, "tried_medication": True, "conservative_care_months": 24},  # si_possible
    dict(TRIO_NO, tried_medication=True, conservative_care_months=24),  # si_unlikely
    young_ibp(morning_stiffness_over_30min=True, night_waking=True, tried_medication=True,
              conservative_care_months=24),  # rheumatology
    dict(TRIO_YES, pregnancy_related=True, tried_medication=True, conservative_care_months=24),  # pregnancy
])
def test_no_fusion_otherwise(answers):
    r = score(answers)
    assert not r.fusion_discussed
    assert not any(w in all_text(r).lower() for w in FUSION_WORDS)


def test_si_unlikely_points_to_other_causes():
    r = score(TRIO_NO)
    text = " ".join(r.next_steps).lower()
    assert "hip" in text and "nerve" in text
    assert "diagnostic injection" not in text


# ------------------------------------------------------------------------ pregnancy
def test_pregnancy_gives_pelvic_girdle_guidance_and_no_procedure():
    r = score(dict(TRIO_YES, prior_lumbar_fusion=True, pregnancy_related=True,
                   tried_physical_therapy=True, conservative_care_months=12))
    assert r.pregnancy is True
    assert r.route == "si_likely"  # the estimate is reported as usual; only the advice changes
    text = all_text(r).lower()
    assert "pregnan" in text and "physical therapist" in text
    for word in PROCEDURE_WORDS:
        assert word not in text, word


def test_pregnancy_with_an_inflammatory_pattern_still_has_no_procedure():
    r = score(young_ibp(pregnancy_related=True, morning_stiffness_over_30min=True, night_waking=True))
    assert r.route == "rheumatology" and r.pregnancy
    text = all_text(r).lower()
    assert "rheumatologist" in text
    for word in PROCEDURE_WORDS:
        assert word not in text, word


def test_not_pregnant_mentions_the_diagnostic_injection():
    # the forbidden-word check above must be able to fail
    assert "injection" in all_text(score(dict(TRIO_YES, pregnancy_related=False))).lower()


# ------------------------------------------------------------------------ wording
PROFILES = [
    {}, TRIO_YES, TRIO_NO, {"one_finger_psis": True},
    dict(TRIO_YES, tried_physical_therapy=True, conservative_care_months=12),
    young_ibp(morning_stiffness_over_30min=True, night_waking=True),
    dict(TRIO_YES, pregnancy_related=True),
    young_ibp(pregnancy_related=True, morning_stiffness_over_30min=True, night_waking=True),
    dict(TRIO_NO, pregnancy_related=True),
]
FORBIDDEN = [
    r"\byou have\b", r"\byou've got\b", r"\byou suffer", r"\byou are suffering", r"\bdysfunction\b",
    r"\bdiagnosed\b", r"\byour si joint is\b", r"\bthe si joint is causing\b", r"\bconfirms? that you\b",
    r"\bsi joint (pain|problem) is (likely|confirmed)\b", r"\byou (definitely|certainly|probably) have\b",
]


@pytest.mark.parametrize("answers", PROFILES)
def test_no_diagnostic_wording(answers):
    r = score(answers)
    text = all_text(r).lower()
    for pattern in FORBIDDEN:
        assert not re.search(pattern, text), (pattern, text)
    # "diagnos..." only inside "not a diagnosis" or "diagnostic injection"
    stripped = text.replace("not a diagnosis", "").replace("diagnostic injection", "")
    assert "diagnos" not in stripped


@pytest.mark.parametrize("answers", PROFILES)
def test_every_summary_says_it_is_not_a_diagnosis(answers):
    r = score(answers)
    assert "This is not a diagnosis" in r.summary
    assert 1 <= len(re.findall(r"[.!?](?:\s|$)", r.summary)) <= 3


@pytest.mark.parametrize("answers", PROFILES)
def test_patient_text_reads_at_grade_eight_or_lower(answers):
    r = score(answers)
    for text in [r.summary] + r.next_steps:
        assert fk_grade(text) <= 8.0, (round(fk_grade(text), 1), text)


def test_forbidden_phrase_check_can_fail():
    assert re.search(FORBIDDEN[0], "based on this, you have si joint dysfunction")


def test_every_route_ends_with_the_safety_net():
    for answers in PROFILES:
        assert "right away" in score(answers).next_steps[-1]


# ------------------------------------------------------------------------ payload
def test_payload_shape_and_types():
    cat = load_catalogue()
    r = score(dict(TRIO_YES, age=52, duration_months=14, pain_below_knee=None, screen_fever=False))
    payload = r.to_payload()
    assert list(payload) == ["type", "route", "probability", "band", "answers", "drivers", "next_steps"]
    assert payload["type"] == "quiz_result"
    assert payload["route"] in ("si_likely", "si_possible", "si_unlikely", "rheumatology")
    assert payload["band"] in ("low", "moderate", "high")
    assert isinstance(payload["probability"], float) and 0 <= payload["probability"] <= 1
    assert payload["probability"] == round(payload["probability"], 3)
    assert payload["probability"] == pytest.approx(r.probability, abs=5e-4)
    assert set(payload["answers"]) == set(cat.ids)
    assert payload["answers"]["one_finger_psis"] is True
    assert payload["answers"]["screen_fever"] is False
    assert payload["answers"]["pain_below_knee"] is None
    assert payload["answers"]["groin_pain"] is True
    assert payload["answers"]["nsaid_response"] is None
    assert payload["answers"]["age"] == 52.0 and isinstance(payload["answers"]["age"], float)
    for item_id, value in payload["answers"].items():
        expected = (bool,) if cat.item(item_id).answer_type == "yes_no" else (float,)
        assert value is None or isinstance(value, expected), item_id
    assert payload["drivers"] and all(d in cat.ids for d in payload["drivers"])
    assert all(isinstance(s, str) and s for s in payload["next_steps"])
    json.dumps(payload)  # serialisable as a Rasa custom payload


def test_payload_for_empty_answers_lists_every_item_as_none():
    payload = score({}).to_payload()
    assert set(payload["answers"]) == set(load_catalogue().ids)
    assert all(v is None for v in payload["answers"].values())
    assert payload["probability"] == 0.2 and payload["drivers"] == []


def test_result_answers_cover_every_item():
    r = score({"groin_pain": True})
    assert set(r.answers) == set(load_catalogue().ids)
