"""Scoring: hand-worked cases from the published figures (docs/evidence.md §Q2-§Q17).

Conventions used in the arithmetic below:
  pre-test 20 % -> odds 0.25; after lumbar fusion 35 % -> odds 0.5385
  Tonosu 2018 LRs: one-finger 2.32 / 0.34, weakened as self-report (ln x 0.7): 1.8024 / 0.4699;
  groin 1.76 / 0.79; sitting 1.69 / 0.57
  same-direction answers in one correlation group: strongest full, the rest as sqrt(LR)
  combined LR clamped to [0.30, 3.3] (Tonosu 2018 external validation)
  bands: low < 0.10 <= moderate < 0.355 <= high, and high needs a tier-A "yes"
"""
import json
import math
import re

import pytest

from clinic_core.catalogue import load_catalogue
from clinic_core.rheumatology import assess
from clinic_core.scoring import QuizResult, normalize_answers, score
from clinic_core.si_estimate import band_for
from tests.support.readability import fk_grade

TRIO_YES = {"one_finger_psis": True, "groin_pain": True, "pain_sitting": True}
TRIO_NO = {"one_finger_psis": False, "groin_pain": False, "pain_sitting": False}
FINGER_YES, FINGER_NO = 2.32 ** 0.7, 0.34 ** 0.7  # 1.8024, 0.4699
FUSION_WORDS = ("fusion", "surgery")
PROCEDURE_WORDS = ("injection", "shot", "fusion", "surgery", "procedure", "ablation", "rfa", "nerve block")


def p_from_odds(odds):
    return odds / (1 + odds)


def all_text(result: QuizResult) -> str:
    return " ".join([result.summary, result.details] + result.driver_lines + result.next_steps)


def advice(result: QuizResult) -> str:
    """What the result tells the person to do (driver lines only repeat their answers)."""
    return " ".join([result.summary] + result.next_steps)


# ------------------------------------------------------------------------ the estimate
def test_no_answers_gives_the_pretest():
    r = score({})
    assert r.probability == pytest.approx(0.20)
    assert (r.band, r.route, r.other_pattern, r.drivers) == ("moderate", "si_possible", None, [])


def test_one_finger_alone_never_reaches_a_band_edge():
    # self-report weakening: 2.32 ^ 0.7 = 1.8024 -> odds 0.4506 -> 0.311; 0.34 ^ 0.7 = 0.4699 -> 0.1051
    yes, no = score({"one_finger_psis": True}), score({"one_finger_psis": False})
    assert yes.probability == pytest.approx(p_from_odds(0.25 * FINGER_YES)) == pytest.approx(0.3106, abs=1e-4)
    assert no.probability == pytest.approx(0.1051, abs=1e-4)
    assert yes.band == no.band == "moderate"  # issue 10: a single "no" no longer gives the low band


def test_all_three_tonosu_items_yes():
    # same group, same direction: 1.8024 x sqrt(1.76) x sqrt(1.69) = 1.8024 x 1.3266 x 1.3 = 3.108
    # odds 0.25 x 3.108 = 0.777 -> 0.437: high. The naive product 2.32 x 1.76 x 1.69 = 6.90 would give 0.633.
    r = score(TRIO_YES)
    assert r.raw_combined_lr == pytest.approx(3.108, abs=1e-3) and not r.capped
    assert r.probability == pytest.approx(0.4373, abs=1e-4)
    assert (r.band, r.route) == ("high", "si_likely")
    assert {c.item_id: c.factor for c in r.contributions} == {"one_finger_psis": 1.0, "groin_pain": 0.5, "pain_sitting": 0.5}


def test_all_three_tonosu_items_no():
    # 0.4699 x sqrt(0.57) x sqrt(0.79) = 0.4699 x 0.7550 x 0.8888 = 0.3153 -> odds 0.0788 -> 0.073: low
    r = score(TRIO_NO)
    assert r.probability == pytest.approx(0.0731, abs=1e-4)
    assert (r.band, r.route, r.other_pattern) == ("low", "si_unlikely", None)


def test_the_cap_is_the_external_validation_high():
    # trio 3.108; unilateral 1.3 (location group); rising 1.3 (movements group) -> 5.253 > 3.3
    # capped: odds 0.25 x 3.3 = 0.825 -> 0.452
    r = score(dict(TRIO_YES, unilateral_pain=True, pain_rising_from_sitting=True))
    assert r.raw_combined_lr == pytest.approx(3.108 * 1.3 * 1.3, abs=2e-3)
    assert r.capped and r.combined_lr == pytest.approx(3.3)
    assert r.probability == pytest.approx(0.825 / 1.825, abs=1e-5)


def test_the_cap_is_the_external_validation_low():
    # trio no 0.3153; below knee 0.8 (nerve root group); hip stiffness 0.7 (hip group) -> 0.1766 < 0.30
    # capped: odds 0.25 x 0.30 = 0.075 -> 0.0698
    r = score(dict(TRIO_NO, pain_below_knee=True, hip_stiffness_rotation=True))
    assert r.raw_combined_lr == pytest.approx(0.3153 * 0.8 * 0.7, abs=1e-3)
    assert r.capped and r.combined_lr == pytest.approx(0.30)
    assert r.probability == pytest.approx(0.075 / 1.075, abs=1e-5)


def test_every_self_report_sign_reaches_high_and_none_reaches_low():
    every = dict(TRIO_YES, unilateral_pain=True, buttock_pain=True, pain_above_belt=False,
                 pain_rising_from_sitting=True, pain_stairs_single_leg=True, pain_turning_in_bed=True)
    assert score(every).band == "high" and score(every).capped
    assert score(TRIO_NO).band == "low"


def test_high_needs_a_positive_tier_a_item():
    # location: 1.3 x sqrt(1.2) x sqrt(1.1) = 1.4936; movements: 1.3 x sqrt(1.15)^2 = 1.4950; fall 1.2
    # -> 2.6795 -> odds 0.670 -> 0.401 >= 0.355, but no tier-A item is "yes": moderate, si_possible
    weak_only = dict(unilateral_pain=True, buttock_pain=True, pain_above_belt=False, pain_rising_from_sitting=True,
                     pain_stairs_single_leg=True, pain_turning_in_bed=True, fall_on_buttock=True)
    r = score(weak_only)
    assert r.raw_combined_lr == pytest.approx(2.6795, abs=1e-3)
    assert r.probability == pytest.approx(0.4011, abs=1e-4)
    assert (r.band, r.route) == ("moderate", "si_possible")
    # the fall needs a tier-A sign too; with groin pain "yes" both the band and the fall give si_likely
    assert score(dict(weak_only, groin_pain=True)).route == "si_likely"


def test_only_same_direction_answers_are_damped():
    # one-finger yes and groin no point opposite ways: both count in full.
    # 1.8024 x 0.79 = 1.4239 -> odds 0.356 -> 0.2625 (damping the "no" would give 0.279)
    r = score({"one_finger_psis": True, "groin_pain": False})
    assert {c.item_id: c.factor for c in r.contributions} == {"one_finger_psis": 1.0, "groin_pain": 1.0}
    assert r.probability == pytest.approx(0.2625, abs=1e-4)
    # same direction: 1.8024 x sqrt(1.76) = 2.3911 -> odds 0.598 -> 0.374: high
    r = score({"one_finger_psis": True, "groin_pain": True})
    assert r.probability == pytest.approx(0.3741, abs=1e-4) and r.band == "high"
    # two "no": 0.4699 x sqrt(0.57) = 0.3548 -> odds 0.0887 -> 0.0815: low
    assert score({"one_finger_psis": False, "pain_sitting": False}).probability == pytest.approx(0.0815, abs=1e-4)


def test_items_in_different_groups_multiply_in_full():
    # 1.8024 x 1.3 = 2.3431 -> odds 0.5858 -> 0.369
    assert score({"one_finger_psis": True, "unilateral_pain": True}).probability == pytest.approx(0.3694, abs=1e-4)


def test_prior_lumbar_fusion_raises_the_pretest():
    # Maigne & Planchon 2005: 35 % -> odds 0.5385; x 1.8024 = 0.9706 -> 0.4926
    r = score({"prior_lumbar_fusion": True, "one_finger_psis": True})
    assert r.pretest == 0.35 and r.probability == pytest.approx(0.4926, abs=1e-4)
    assert r.route == "si_likely"
    assert score({"prior_lumbar_fusion": True}).route == "si_possible"  # 35 %, and no tier-A "yes"


def test_unknown_answers_are_neutral():
    base = score({"one_finger_psis": True}).probability
    assert score({"one_finger_psis": True, "groin_pain": None, "pain_sitting": None}).probability == base
    assert score({"one_finger_psis": True, "groin_pain": "yes", "pain_sitting": 1, "made_up": True}).probability == base
    assert score({"one_finger_psis": True, "pain_below_knee": False}).probability == base
    assert score({"one_finger_psis": True, "groin_pain": False}).probability < base


def test_rule_items_never_change_the_probability():
    base = score(TRIO_YES).probability
    extra = dict(TRIO_YES, age=70.0, duration_months=40, pregnancy_related=True, tried_rfa=True,
                 conservative_care_months=12, nsaid_response=True, morning_stiffness_over_30min=True,
                 screen_fever=True, pain_central=True, legs_heavy_walking=True, psoriasis=True)
    assert score(extra).probability == pytest.approx(base)


def test_band_cut_offs():
    assert band_for(0.0999) == "low" and band_for(0.10) == "moderate"
    assert band_for(0.3549) == "moderate" and band_for(0.355) == "high"


# ------------------------------------------------------------------------ other patterns
@pytest.mark.parametrize("answers, pattern, exam", [
    ({"legs_heavy_walking": True, "eased_sitting_bending": True}, "spinal_stenosis", "spine exam"),
    ({"legs_heavy_walking": True, "pain_sitting": False}, "spinal_stenosis", "spine exam"),
    ({"pain_below_knee": True, "leg_tingling_numbness": True}, "nerve_root", "spine exam"),
    ({"pain_below_knee": True, "leg_pain_worse_than_back": True}, "nerve_root", "spine exam"),
    ({"groin_pain": True, "hip_stiffness_rotation": True}, "hip_joint", "hip exam"),
    ({"lateral_hip_pain": True, "pain_lying_on_side": True}, "trochanteric", "hip exam"),
    ({"pain_central": True, "worse_bending_forward": True}, "disc", "spine exam"),
    ({"pain_central": True, "pain_sitting": True}, "disc", "spine exam"),
    ({"worse_arching_twisting": True, "pain_both_sides": True}, "facet", "spine exam"),
    ({"worse_arching_twisting": True, "short_morning_stiffness": True}, "facet", "spine exam"),
])
def test_each_pattern_is_named_with_its_next_step(answers, pattern, exam):
    r = score(answers)
    assert (r.route, r.other_pattern) == ("si_unlikely", pattern)
    assert r.to_payload()["other_pattern"] == pattern
    assert exam in r.next_steps[0]
    says = next(p.says for p in load_catalogue().patterns if p.id == pattern)
    assert says in r.summary and "fit another pattern better" in r.summary
    assert r.drivers[: len(answers)] == list(answers)  # the pattern's signs come first


@pytest.mark.parametrize("answers", [
    {"pain_below_knee": True},  # a required sign without any support
    {"leg_tingling_numbness": True, "worse_cough_sneeze": True},  # supports without the required sign
    {"pain_below_knee": True, "leg_tingling_numbness": False, "worse_cough_sneeze": False,
     "leg_pain_worse_than_back": False},
    {"legs_heavy_walking": True, "pain_sitting": True, "eased_sitting_bending": False},
    {"groin_pain": True, "hip_stiffness_rotation": False},
    {"lateral_hip_pain": True, "pain_lying_on_side": False, "pain_stairs_single_leg": False},
    {"worse_arching_twisting": True, "pain_sitting": True},
])
def test_a_pattern_needs_its_required_and_supporting_signs(answers):
    assert score(answers).other_pattern is None


def test_the_more_specific_pattern_is_named_first():
    both = {"legs_heavy_walking": True, "eased_sitting_bending": True, "pain_below_knee": True,
            "leg_tingling_numbness": True}
    assert score(both).other_pattern == "spinal_stenosis"
    assert score(dict(both, legs_heavy_walking=False)).other_pattern == "nerve_root"


def test_a_pattern_with_a_high_si_estimate_is_a_mixed_picture():
    # trio 3.108 x hip stiffness 0.7 = 2.176 -> 0.352: moderate -> the hip joint fits better
    r = score(dict(TRIO_YES, hip_stiffness_rotation=True))
    assert (r.route, r.other_pattern, r.band) == ("si_unlikely", "hip_joint", "moderate")
    # x unilateral 1.3 = 2.829 -> 0.414: high -> mixed picture, both named in the next steps
    r = score(dict(TRIO_YES, hip_stiffness_rotation=True, unilateral_pain=True))
    assert (r.route, r.other_pattern, r.band) == ("si_possible", "hip_joint", "high")
    assert "Some answers also fit" in r.summary and any("hip exam" in s for s in r.next_steps)


def test_no_pattern_gives_the_general_other_causes_advice():
    r = score(TRIO_NO)
    text = " ".join(r.next_steps).lower()
    assert "hip" in text and "nerve" in text and "diagnostic injection" not in text


# ------------------------------------------------------------------------ SI patterns: pregnancy and a fall
def test_pregnancy_is_si_likely_on_the_pregnancy_pathway_without_procedures():
    r = score(dict(TRIO_NO, pregnancy_related=True, prior_lumbar_fusion=True, tried_physical_therapy=True,
                   conservative_care_months=12))
    assert (r.route, r.pathway, r.pregnancy) == ("si_likely", "pregnancy", True)
    # the estimate is reported as it is; the pathway decides the route
    assert score(dict(TRIO_NO, pregnancy_related=True)).band == "low"
    text = advice(r).lower()
    assert "pregnan" in text and "physical therapist" in text
    for word in PROCEDURE_WORDS:
        assert word not in text, word


def test_pregnancy_with_a_nerve_root_pattern_is_mixed_and_still_without_procedures():
    r = score({"pregnancy_related": True, "pain_below_knee": True, "worse_cough_sneeze": True})
    assert (r.route, r.other_pattern, r.pathway) == ("si_possible", "nerve_root", "pregnancy")
    text = advice(r).lower()
    assert "spine exam" in text
    for word in PROCEDURE_WORDS:
        assert word not in text, word


def test_pregnancy_with_an_inflammatory_pattern_still_has_no_procedure():
    r = score(dict(age=30, duration_months=24, pregnancy_related=True, night_waking=True,
                   better_with_exercise=True, nsaid_response=True))
    assert r.route == "rheumatology" and r.pregnancy
    text = advice(r).lower()
    assert "rheumatologist" in text
    for word in PROCEDURE_WORDS:
        assert word not in text, word


def test_not_pregnant_mentions_the_diagnostic_injection():
    assert "injection" in advice(score(dict(TRIO_YES, pregnancy_related=False))).lower()


def test_pain_after_a_fall_onto_the_buttock_is_si_likely_with_a_tier_a_sign():
    # sitting 1.69 x fall 1.2 = 2.028 -> odds 0.507 -> 0.336: moderate, but the fall pattern decides
    r = score({"fall_on_buttock": True, "pain_sitting": True})
    assert r.probability == pytest.approx(0.3364, abs=1e-4) and r.band == "moderate"
    assert r.route == "si_likely" and "fall onto your bottom" in r.summary
    assert score({"fall_on_buttock": True}).route == "si_possible"  # no tier-A sign
    # a fall does not outweigh another pattern that fits
    assert score({"fall_on_buttock": True, "pain_sitting": True, "pain_central": True}).route == "si_unlikely"


# ------------------------------------------------------------------------ rheumatology: NICE NG65 and Berlin
def young(**extra):
    # age 30, 24 months -> onset 28: entry condition met and "onset before 35" is one NG65 criterion
    return dict(age=30, duration_months=24, **extra)


def test_ng65_four_criteria_refer():
    # onset before 35 + night waking + improvement with movement + NSAID response = 4
    r = score(young(night_waking=True, better_with_exercise=True, nsaid_response=True))
    assert r.route == "rheumatology"
    assert r.rheumatology.ng65_met == ["onset_before_35", "night_waking", "better_with_exercise", "nsaid_response"]
    assert r.drivers == ["night_waking", "better_with_exercise", "nsaid_response"]
    assert any("rheumatologist" in s for s in r.next_steps)
    assert not any("diagnostic injection" in s for s in r.next_steps)


def test_ng65_three_criteria_ask_for_hla_b27():
    # age 40, 24 months -> onset 38: not before 35. Night waking, movement, NSAIDs = exactly 3
    three = dict(age=40, duration_months=24, night_waking=True, better_with_exercise=True, nsaid_response=True)
    r = score(three)
    assert r.route != "rheumatology" and r.rheumatology.hla_test_step
    assert any("HLA-B27" in s for s in r.next_steps)
    for extra in ("hla_b27_positive", "uveitis", "inflammatory_bowel_disease"):
        assert score(dict(three, **{extra: True})).route == "rheumatology", extra
    assert not score(dict(three, nsaid_response=False)).rheumatology.hla_test_step  # 2 criteria


def test_ng65_counts_psoriasis_family_arthritis_and_enthesitis():
    features = ("psoriasis", "family_spondyloarthritis", "past_arthritis", "past_enthesitis")
    assert score(dict(age=40, duration_months=24, **{f: True for f in features})).route == "rheumatology"


def test_berlin_alone_never_routes():
    # Berlin 2 of 4 (morning stiffness, alternating buttock pain) is inflammatory back pain, but NG65
    # counts only buttock pain here (alternating implies it) and onset 38 -> 1 criterion
    r = score(dict(age=40, duration_months=24, morning_stiffness_over_30min=True, alternating_buttock_pain=True))
    assert r.rheumatology.inflammatory_back_pain and r.route != "rheumatology"
    assert normalize_answers(r.answers)["buttock_pain"] is True


def test_berlin_and_ng65_need_the_entry_condition():
    everything = dict(morning_stiffness_over_30min=True, night_waking=True, better_with_exercise=True,
                      alternating_buttock_pain=True, nsaid_response=True, psoriasis=True)
    # onset 48 (age 50, 24 months): no entry
    late = assess(normalize_answers(dict(everything, age=50, duration_months=24)))
    assert late.entry is False and not late.inflammatory_back_pain and not late.refer
    # onset 44 (age 46, 24 months): entry
    assert score(dict(everything, age=46, duration_months=24)).route == "rheumatology"
    # 3 months or less: no entry; 4 months: entry
    assert score(dict(everything, age=30, duration_months=3)).route != "rheumatology"
    assert score(dict(everything, age=30, duration_months=4)).route == "rheumatology"
    # unknown age and duration do not block the rule
    assert score(everything).route == "rheumatology"


def test_a_70_year_old_never_gets_the_rheumatology_route():
    # 30 years of pain -> onset 40 < 45, and every criterion: still not at 70 (team choice, §Q16)
    r = score(dict(age=70, duration_months=360, morning_stiffness_over_30min=True, night_waking=True,
                   better_with_exercise=True, alternating_buttock_pain=True, nsaid_response=True, psoriasis=True,
                   family_spondyloarthritis=True, hla_b27_positive=True, uveitis=True))
    assert r.route != "rheumatology" and not r.rheumatology.hla_test_step
    assert score(dict(age=70, night_waking=True, better_with_exercise=True, nsaid_response=True,
                      psoriasis=True)).route != "rheumatology"  # duration unknown


# ------------------------------------------------------------------------ care pathway and fusion
def test_si_likely_puts_conservative_care_first_and_names_the_confirming_tests():
    r = score(TRIO_YES)
    assert "start with simple care" in r.next_steps[0].lower()
    text = " ".join(r.next_steps).lower()
    assert "exam" in text and "diagnostic injection" in text
    assert not any(w in text for w in FUSION_WORDS)


@pytest.mark.parametrize("care", [
    {"treatment_history": ["tried_physical_therapy"]}, {"treatment_history": True}, {"tried_medication": True}])
def test_fusion_is_mentioned_after_six_months_of_tried_care_on_si_likely(care):
    r = score(dict(TRIO_YES, conservative_care_months=6, **care))
    assert r.fusion_discussed
    fusion_steps = [s for s in r.next_steps if "fusion" in s.lower()]
    assert len(fusion_steps) == 1 and "6 months" in fusion_steps[0]
    assert r.next_steps.index(fusion_steps[0]) > 1
    assert "keep up simple care" in r.next_steps[0].lower()


@pytest.mark.parametrize("answers", [
    dict(TRIO_YES, tried_physical_therapy=True, conservative_care_months=5.9),
    dict(TRIO_YES, conservative_care_months=12),
    dict(TRIO_YES, treatment_history=False, conservative_care_months=12),
    dict(TRIO_YES, treatment_history=[], conservative_care_months=12),
    dict(TRIO_YES, tried_medication=True),
    {"one_finger_psis": True, "tried_medication": True, "conservative_care_months": 24},
    dict(TRIO_NO, tried_medication=True, conservative_care_months=24),
    young(night_waking=True, better_with_exercise=True, nsaid_response=True, tried_medication=True,
          conservative_care_months=24),
    dict(TRIO_YES, pregnancy_related=True, tried_medication=True, conservative_care_months=24),
])
def test_no_fusion_otherwise(answers):
    r = score(answers)
    assert not r.fusion_discussed
    assert not any(w in advice(r).lower() for w in FUSION_WORDS)


@pytest.mark.parametrize("level", ["urgent", "emergency"])
def test_after_an_urgent_alert_the_alert_leads_and_simple_care_and_fusion_go(level):
    answers = dict(TRIO_YES, tried_physical_therapy=True, conservative_care_months=12)
    assert score(answers).fusion_discussed  # the same answers without an alert
    r = score(answers, alert_level=level)
    assert r.route == "si_likely" and r.alert_level == level and not r.fusion_discussed
    assert "safety message above" in r.next_steps[0]
    text = " ".join(r.next_steps).lower()
    assert "simple care" not in text and "fusion" not in text
    assert "exam" in text and "right away" in r.next_steps[-1]  # the route's own steps stay


@pytest.mark.parametrize("level", [None, "check", "none"])
def test_no_alert_no_change(level):
    assert score(TRIO_YES, alert_level=level).next_steps == score(TRIO_YES).next_steps


def test_the_result_text_has_summary_details_drivers_and_steps_in_that_order():
    r = score(dict(TRIO_NO, pain_below_knee=True, leg_tingling_numbness=True))
    paragraphs = r.text().split("\n\n")
    assert paragraphs[0] == r.summary and "a pinched or irritated nerve" in paragraphs[0]
    assert paragraphs[1] == r.details
    assert paragraphs[2].splitlines() == r.driver_lines and "You said no: pain when sitting in a chair." in paragraphs[2]
    assert paragraphs[3].splitlines() == ["Next steps:"] + [f"- {step}" for step in r.next_steps]
    assert score({}).text().count("\n\n") == 2  # no drivers: no empty paragraph


def test_long_morning_stiffness_is_not_the_short_kind():
    assert normalize_answers({"morning_stiffness_over_30min": True})["short_morning_stiffness"] is False
    assert normalize_answers({"morning_stiffness_over_30min": False})["short_morning_stiffness"] is None


# ------------------------------------------------------------------------ checklists
def test_a_checklist_answers_the_items_it_covers():
    clean = normalize_answers({"screen_checklist": False})
    assert all(clean[i] is False for i in load_catalogue().item("screen_checklist").covers)
    clean = normalize_answers({"treatment_history": ["tried_injections", "not_a_treatment"]})
    assert clean["treatment_history"] == ["tried_injections"]
    assert clean["tried_injections"] is True and clean["tried_physical_therapy"] is False
    assert normalize_answers({"treatment_history": []})["treatment_history"] is False
    # "yes, one or more" leaves the items open; an item's own answer wins over "none of these"
    assert normalize_answers({"leg_checklist": True})["pain_below_knee"] is None
    assert normalize_answers({"leg_checklist": False, "pain_below_knee": True})["pain_below_knee"] is True
    for bad in ("none", 3, [1, 2], {"a": 1}):
        assert normalize_answers({"treatment_history": bad})["treatment_history"] is None


# ------------------------------------------------------------------------ wording
PROFILES = [
    {}, TRIO_YES, TRIO_NO, {"one_finger_psis": True},
    dict(TRIO_YES, tried_physical_therapy=True, conservative_care_months=12),
    young(night_waking=True, better_with_exercise=True, nsaid_response=True),
    dict(TRIO_YES, pregnancy_related=True), dict(TRIO_NO, pregnancy_related=True),
    {"fall_on_buttock": True, "pain_sitting": True},
    dict(age=40, duration_months=24, night_waking=True, better_with_exercise=True, nsaid_response=True),
    {"pain_below_knee": True, "leg_tingling_numbness": True}, {"legs_heavy_walking": True, "eased_sitting_bending": True},
    {"groin_pain": True, "hip_stiffness_rotation": True}, {"lateral_hip_pain": True, "pain_lying_on_side": True},
    {"pain_central": True, "pain_sitting": True}, {"worse_arching_twisting": True, "pain_both_sides": True},
    dict(TRIO_YES, hip_stiffness_rotation=True, unilateral_pain=True),
]
FORBIDDEN = [
    r"\byou have\b", r"\byou've got\b", r"\byou suffer", r"\byou are suffering", r"\bdysfunction\b",
    r"\bdiagnosed\b", r"\byour si joint is\b", r"\bthe si joint is causing\b", r"\bconfirms? that you\b",
    r"\bsi joint (pain|problem) is (likely|confirmed)\b", r"\byou (definitely|certainly|probably) have\b",
    r"\bstenosis\b", r"\bradiculopathy\b", r"\bbursitis\b", r"\bherniat", r"\bspondyl",
]


@pytest.mark.parametrize("answers", PROFILES)
def test_no_diagnostic_wording(answers):
    text = all_text(score(answers)).lower()
    for pattern in FORBIDDEN:
        assert not re.search(pattern, text), (pattern, text)
    stripped = text.replace("not a diagnosis", "").replace("diagnostic injection", "")
    assert "diagnos" not in stripped


@pytest.mark.parametrize("answers", PROFILES)
def test_every_summary_says_it_is_not_a_diagnosis(answers):
    r = score(answers)
    assert "This is not a diagnosis" in r.summary
    assert 2 <= len(re.findall(r"[.!?](?:\s|$)", r.summary)) <= 5


@pytest.mark.parametrize("answers", PROFILES)
def test_patient_text_reads_at_grade_eight_or_lower(answers):
    r = score(answers)
    for text in [r.summary, r.details] + r.driver_lines + r.next_steps + score(answers, "urgent").next_steps:
        plain = text.replace("HLA-B27", "it")
        assert fk_grade(plain) <= 8.0, (round(fk_grade(plain), 1), text)


def test_band_phrases_in_words():
    assert score(TRIO_YES).summary.startswith("Several signs point to the SI joint.")
    assert score({}).summary.startswith("Some signs fit, others don't.")
    assert score(TRIO_NO).summary.startswith("Few signs point to the SI joint.")


def test_forbidden_phrase_check_can_fail():
    assert re.search(FORBIDDEN[0], "based on this, you have si joint dysfunction")


def test_every_route_ends_with_the_safety_net():
    for answers in PROFILES:
        assert "right away" in score(answers).next_steps[-1]


# ------------------------------------------------------------------------ drivers and details
def test_drivers_say_which_way_each_answer_went():
    r = score(TRIO_NO)
    assert r.drivers == ["one_finger_psis", "pain_sitting", "groin_pain"]
    assert r.driver_lines == ["You said no: pain at the bony bump near the top of the buttock.",
                              "You said no: pain when sitting in a chair.", "You said no: groin pain."]
    r = score({"one_finger_psis": True, "groin_pain": False})
    assert r.driver_lines == ["You said yes: pain at the bony bump near the top of the buttock.",
                              "You said no: groin pain."]


def test_drivers_largest_log_lr_first_and_at_most_four():
    # |ln LR|: fusion pre-test ln(0.5385/0.25) = 0.767; one-finger ln 1.8024 = 0.589; below knee 0.223;
    # fall ln 1.2 = 0.182; unilateral-no |ln 0.85| = 0.163 (5th, dropped)
    r = score({"one_finger_psis": True, "prior_lumbar_fusion": True, "pain_below_knee": True,
               "fall_on_buttock": True, "unilateral_pain": False})
    assert r.drivers == ["prior_lumbar_fusion", "one_finger_psis", "pain_below_knee", "fall_on_buttock"]
    logs = {c.item_id: c.log_lr for c in r.contributions}
    assert logs["prior_lumbar_fusion"] == pytest.approx(math.log((0.35 / 0.65) / 0.25))
    assert r.driver_lines[0] == "You said yes: past lower back fusion surgery."


def test_neutral_answers_are_not_drivers():
    assert score({"groin_pain": True, "pain_below_knee": False, "worse_cough_sneeze": False}).drivers == ["groin_pain"]


@pytest.mark.parametrize("answers, shown", [
    ({}, 20), (TRIO_YES, 45), ({"one_finger_psis": True}, 30), ({"one_finger_psis": False}, 10), (TRIO_NO, 5)])
def test_details_line_rounds_to_five_points_and_the_payload_keeps_the_value(answers, shown):
    r = score(answers)
    assert f"rough estimate of {shown}%" in r.details
    assert r.to_payload()["probability"] == round(r.probability, 3)


# ------------------------------------------------------------------------ payload
def test_payload_shape_and_types():
    cat = load_catalogue()
    r = score(dict(TRIO_YES, age=52, duration_months=14, pain_below_knee=None, screen_fever=False,
                   treatment_history=["tried_medication"]))
    payload = r.to_payload()
    assert list(payload) == ["type", "route", "probability", "band", "answers", "drivers", "next_steps",
                             "other_pattern", "pathway"]
    assert payload["type"] == "quiz_result" and payload["other_pattern"] is None and payload["pathway"] is None
    assert score(dict(TRIO_NO, pregnancy_related=True)).to_payload()["pathway"] == "pregnancy"
    assert payload["route"] in ("si_likely", "si_possible", "si_unlikely", "rheumatology")
    assert payload["band"] in ("low", "moderate", "high")
    assert isinstance(payload["probability"], float) and payload["probability"] == round(payload["probability"], 3)
    assert set(payload["answers"]) == set(cat.ids)
    assert payload["answers"]["one_finger_psis"] is True and payload["answers"]["screen_fever"] is False
    assert payload["answers"]["pain_below_knee"] is None and payload["answers"]["age"] == 52.0
    assert payload["answers"]["treatment_history"] == ["tried_medication"]
    for item_id, value in payload["answers"].items():
        kind = cat.item(item_id).answer_type
        expected = {"yes_no": (bool,), "number": (float,), "checklist": (bool, list)}[kind]
        assert value is None or isinstance(value, expected), item_id
    assert payload["drivers"] and all(d in cat.ids for d in payload["drivers"])
    json.dumps(payload)


def test_payload_for_empty_answers_lists_every_item_as_none():
    payload = score({}).to_payload()
    assert set(payload["answers"]) == set(load_catalogue().ids)
    assert all(v is None for v in payload["answers"].values())
    assert payload["probability"] == 0.2 and payload["drivers"] == []
