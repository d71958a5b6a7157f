"""Shape of the held-out red-flag set eval/red_flags.yml.

Issue 9 ("Safety beyond the spine") added a batch whose cases also carry `kind` (the main reason id
of a positive; the family a near miss nearly belongs to) and `about` (self | other). These tests keep
the set usable as a yardstick: known reason ids only, levels that agree with the ids, enough cases of
every kind, the issue's own near-miss examples present, and no text given twice.
"""
from collections import Counter

from tests.support.held_out import EVAL_SET_NAMES, fold, load_eval_set

SPINAL_EMERGENCY_IDS = {
    "saddle_numbness", "bladder_bowel_change", "bilateral_leg_weakness", "cannot_move_legs",
    "fever_with_risk_factor_and_weakness", "cancer_with_new_weakness", "aortic_tearing_pain_faint",
    "trauma_cannot_bear_weight",
}
SPINAL_URGENT_IDS = {
    "progressive_leg_weakness", "foot_drop", "significant_trauma", "minor_fall_with_bone_risk",
    "fever_with_back_pain", "post_procedure_infection_signs", "cancer_or_weight_loss_with_night_pain",
}
# Reason ids issue 9 adds (the rule layer uses exactly these).
NEW_EMERGENCY_IDS = {
    "cardiac_chest_pain", "breathing_difficulty", "stroke_signs", "collapse_with_pain", "anaphylaxis",
    "blood_clot_lung_signs", "thunderclap_headache", "overdose_or_poisoning", "suicide_plan_or_intent",
    "pregnancy_bleeding_or_fluid", "pregnancy_warning_sign", "fever_with_infection_risk",
    "bilateral_sciatica_emergency", "new_sexual_dysfunction",
}
NEW_URGENT_IDS = {
    "suicidal_thoughts", "self_harm", "preterm_labour_signs", "post_procedure_nerve_symptoms",
    "post_injection_headache", "anticoagulant_with_fall",
}
EMERGENCY_IDS = SPINAL_EMERGENCY_IDS | NEW_EMERGENCY_IDS
URGENT_IDS = SPINAL_URGENT_IDS | NEW_URGENT_IDS
# Existing ids issue 9 names again (new kinds of wording for them): they get cases in the batch too.
REVISITED_IDS = {
    "aortic_tearing_pain_faint", "post_procedure_infection_signs", "minor_fall_with_bone_risk",
    "cancer_or_weight_loss_with_night_pain", "saddle_numbness", "bladder_bowel_change",
}
# Near-miss families the issue names; each needs a real sample.
MAIN_NEAR_MISS_FAMILIES = {
    "figure_of_speech", "crisis_like_idiom", "past_resolved", "someone_else_past", "negated",
    "risk_question", "plain_back_pain", "pregnancy_no_warning", "after_procedure_normal",
    "heart_word_harmless",
}
OTHER_NEAR_MISS_FAMILIES = {
    "breathing_normal", "headache_ordinary", "allergy_or_swelling_ordinary", "blood_thinner_no_fall",
    "bone_risk_no_fall", "medicine_as_prescribed", "frustration_not_crisis", "longstanding_unchanged",
    "activity_related_numbness", "minor_fall_no_risk", "someone_else_minor",
}
# Examples the issue (and its brief) list as NOT an alert: all must be near misses here.
ISSUE_NEAR_MISS_EXAMPLES = [
    "had a stent put in years ago, fine since", "my grandfather had a stroke in the 90s",
    "no shortness of breath", "can an injection cause a stroke?", "I could murder a pizza",
    "my heart goes out to them", "I nearly died laughing", "dead tired", "I feel pain in my back",
    "my back hurts when I bend", "this pain is killing me",
]
# Idioms the brief names: a near miss must contain each.
ISSUE_IDIOMS = ["dying to know", "kill for a coffee"]

CASES = load_eval_set("red_flags.yml")
BATCH = [case for case in CASES if "kind" in case or "about" in case]
BATCH_POSITIVES = [case for case in BATCH if case["level"] in ("emergency", "urgent")]
BATCH_NEAR_MISSES = [case for case in BATCH if case["level"] == "none"]


def test_every_case_has_a_text_a_level_and_reasons_that_agree_with_it():
    for case in CASES:
        assert isinstance(case["text"], str) and case["text"].strip(), case
        reasons = case.get("reasons") or []
        if case["level"] in ("emergency", "urgent"):
            assert reasons and set(reasons) <= EMERGENCY_IDS | URGENT_IDS, case
            assert len(set(reasons)) == len(reasons), case
            worst = "emergency" if set(reasons) & EMERGENCY_IDS else "urgent"
            assert case["level"] == worst, case
        elif case["level"] == "check":
            assert reasons and all(r.startswith("possible_") for r in reasons), case
        else:
            assert case["level"] == "none" and not reasons, case


def test_batch_cases_say_their_kind_and_whose_situation_it_is():
    for case in BATCH:
        assert case["about"] in ("self", "other"), case
        assert case["level"] in ("emergency", "urgent", "none"), case
        if case["level"] == "none":
            assert case["kind"] in MAIN_NEAR_MISS_FAMILIES | OTHER_NEAR_MISS_FAMILIES, case
        else:
            assert case["kind"] in case["reasons"], case


def test_batch_has_enough_positives_and_near_misses():
    assert len(BATCH_POSITIVES) >= 170
    assert len(BATCH_NEAR_MISSES) >= 170
    assert sum(case["about"] == "other" for case in BATCH_POSITIVES) >= 0.2 * len(BATCH_POSITIVES)


def test_every_new_reason_id_has_five_positives_one_of_them_about_someone_else():
    for reason in NEW_EMERGENCY_IDS | NEW_URGENT_IDS | REVISITED_IDS:
        cases = [case for case in BATCH_POSITIVES if case["kind"] == reason]
        assert len(cases) >= 5, reason
        assert any(case["about"] == "other" for case in cases), reason


def test_every_near_miss_family_has_cases():
    families = Counter(case["kind"] for case in BATCH_NEAR_MISSES)
    for family in MAIN_NEAR_MISS_FAMILIES:
        assert families[family] >= 10, family
    for family in OTHER_NEAR_MISS_FAMILIES:
        assert families[family] >= 3, family


def test_the_issues_own_near_miss_examples_are_near_misses():
    near_misses = [fold(case["text"]) for case in CASES if case["level"] == "none"]
    for example in ISSUE_NEAR_MISS_EXAMPLES:
        assert fold(example) in near_misses, example
    for idiom in ISSUE_IDIOMS:
        assert any(fold(idiom) in text for text in near_misses), idiom


def test_no_text_is_given_twice_in_the_evaluation_sets():
    texts = Counter(fold(case["text"]) for name in EVAL_SET_NAMES for case in load_eval_set(name))
    assert [text for text, count in texts.items() if count > 1] == []
