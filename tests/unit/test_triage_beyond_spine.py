"""Red flags beyond the spine (issue 9): emergencies anywhere in the body, a person in crisis,
pregnancy warning signs, problems after a procedure, the spinal gaps; and what is NOT an alert
(figures of speech, negation, the past, someone else's past, questions about a risk).

Every sentence here was written for these tests; none comes from eval/red_flags.yml.
"""
from __future__ import annotations

import pytest

from clinic_core import triage


@pytest.fixture(scope="module", autouse=True)
def built():
    triage.engine()


def _result(text, known=()):
    return triage.assess(text, frozenset(known))


# ------------------------------------------------------------------------------ emergencies


@pytest.mark.parametrize("text, reason", [
    # heart
    ("I have crushing chest pain going down my left arm", "cardiac_chest_pain"),
    ("my chest feels tight and I'm sweating buckets", "cardiac_chest_pain"),
    ("there's a heavy pressure in the centre of my chest", "cardiac_chest_pain"),
    ("feels like someone is squeezing my chest really hard", "cardiac_chest_pain"),
    ("I think I'm having a heart attack", "cardiac_chest_pain"),
    ("pain in my jaw and left arm and I feel sick and clammy", "cardiac_chest_pain"),
    ("my dad is clutching his chest and has gone grey", "cardiac_chest_pain"),
    ("chset pain since an hour ago", "cardiac_chest_pain"),
    # breathing
    ("I can't breathe properly", "breathing_difficulty"),
    ("my lips have gone blue", "breathing_difficulty"),
    ("I'm so short of breath I can't finish a sentence", "breathing_difficulty"),
    ("she is struggling to breathe and can barely say a word", "breathing_difficulty"),
    ("I'm breathless just sitting on the sofa", "breathing_difficulty"),
    # stroke, also when it is someone else now
    ("my husband's face is drooping on one side", "stroke_signs"),
    ("his speech is slurred and he can't lift his arm", "stroke_signs"),
    ("I think my mum is having a stroke", "stroke_signs"),
    ("suddenly I can't see out of my left eye", "stroke_signs"),
    ("my dad is suddenly confused and doesn't know where he is", "stroke_signs"),
    ("the left side of my body went weak all at once", "stroke_signs"),
    ("her words are coming out jumbled", "stroke_signs"),
    # collapse
    ("I passed out this morning and my back is killing me", "collapse_with_pain"),
    ("my wife collapsed and won't wake up", "collapse_with_pain"),
    ("blacked out on the kitchen floor, my stomach is in agony", "collapse_with_pain"),
    # allergy
    ("my throat is closing up after the injection", "anaphylaxis"),
    ("my lips and tongue are swollen", "anaphylaxis"),
    ("I've come out in hives and I'm wheezing", "anaphylaxis"),
    ("I'm having an allergic reaction and my voice has gone croaky", "anaphylaxis"),
    ("I had to use my epipen", "anaphylaxis"),
    # blood clot
    ("my calf is swollen and I'm short of breath since the surgery", "blood_clot_lung_signs"),
    ("one leg is bigger than the other and my chest hurts when I breathe", "blood_clot_lung_signs"),
    # headache
    ("worst headache of my life, came on suddenly", "thunderclap_headache"),
    ("sudden severe headache like being hit on the head", "thunderclap_headache"),
    ("a headache that hit me out of nowhere, ten out of ten", "thunderclap_headache"),
    # overdose and poisoning, one's own or someone else's (a child too)
    ("I took 20 of my oxycodone pills", "overdose_or_poisoning"),
    ("my son swallowed some of my pills", "overdose_or_poisoning"),
    ("my toddler drank bleach", "overdose_or_poisoning"),
    ("I overdosed on my painkillers", "overdose_or_poisoning"),
    ("I took way too many of my sleeping pills", "overdose_or_poisoning"),
    ("my daughter got into the medicine cabinet", "overdose_or_poisoning"),
    ("took fifteen tylenol about an hour ago", "overdose_or_poisoning"),
    # crisis with a plan, a way or intent
    ("I want to kill myself and I have pills saved up", "suicide_plan_or_intent"),
    ("I'm going to end my life tonight", "suicide_plan_or_intent"),
    ("there is a gun at home and I keep thinking about turning it on myself", "suicide_plan_or_intent"),
    ("my brother says he is going to kill himself", "suicide_plan_or_intent"),
    # pregnancy
    ("I'm 30 weeks pregnant and bleeding", "pregnancy_bleeding_or_fluid"),
    ("my waters have broken and I'm only 32 weeks", "pregnancy_bleeding_or_fluid"),
    ("pregnant and clear fluid keeps trickling out", "pregnancy_bleeding_or_fluid"),
    ("I'm 28 weeks pregnant and have a terrible headache and blurry vision", "pregnancy_warning_sign"),
    ("I'm pregnant and the baby hasn't moved today", "pregnancy_warning_sign"),
    ("my wife is 34 weeks pregnant and short of breath", "pregnancy_warning_sign"),
    ("pregnant, and I have a fever of 39", "pregnancy_warning_sign"),
    # aorta
    ("I have a known aortic aneurysm and now my back is killing me", "aortic_tearing_pain_faint"),
    ("there's a pulsing lump in my belly and my back hurts", "aortic_tearing_pain_faint"),
    ("sudden ripping pain through to my back", "aortic_tearing_pain_faint"),
    # spinal gaps
    ("I inject heroin and I have a fever with my back pain", "fever_with_infection_risk"),
    ("I'm diabetic and I have a fever with this back pain", "fever_with_infection_risk"),
    ("I have a fever after my fusion surgery", "fever_with_infection_risk"),
    ("numbness where a bike saddle would touch", "saddle_numbness"),
    ("the part of me that sits on the bike seat has gone numb", "saddle_numbness"),
    ("I found my underwear wet and didn't even know it happened", "bladder_bowel_change"),
    ("woke up in a wet bed this morning", "bladder_bowel_change"),
    ("I can't get an erection since my back went", "new_sexual_dysfunction"),
    ("sciatica in both legs and my bladder won't empty", "bilateral_sciatica_emergency"),
])
def test_emergencies(text, reason):
    result = _result(text)
    assert result.level == "emergency", (text, result)
    assert reason in result.reasons, (text, result.reasons)


# ------------------------------------------------------------------------------ same-day care


@pytest.mark.parametrize("text, reason", [
    ("I don't want to live anymore, the back pain is too much", "suicidal_thoughts"),
    ("I want to die", "suicidal_thoughts"),
    ("I wish I was dead", "suicidal_thoughts"),
    ("everyone would be better off without me", "suicidal_thoughts"),
    ("I feel like such a burden to my family", "suicidal_thoughts"),
    ("what's the point of living with pain like this", "suicidal_thoughts"),
    ("I'm not sure I want to be alive anymore", "suicidal_thoughts"),
    ("I've been cutting myself again", "self_harm"),
    ("my son told me he's been harming himself", "self_harm"),
    ("I'm 33 weeks and having regular tightenings every 10 minutes", "preterm_labour_signs"),
    ("I had my SI injection 2 days ago and now my leg is numb", "post_procedure_nerve_symptoms"),
    ("my husband's leg keeps giving way since his nerve ablation on Monday", "post_procedure_nerve_symptoms"),
    ("since the epidural I have a headache that is worse when I sit up", "post_injection_headache"),
    ("the injection site is red and hot and oozing", "post_procedure_infection_signs"),
    ("I have osteoporosis and I sneezed and felt a crack in my back", "minor_fall_with_bone_risk"),
    ("on prednisone for years and I slipped off the step yesterday", "minor_fall_with_bone_risk"),
    ("I'm on warfarin and I fell this morning", "anticoagulant_with_fall"),
    ("my dad takes eliquis and banged his head on the cupboard", "anticoagulant_with_fall"),
    ("I had breast cancer and I've lost a stone without trying", "cancer_or_weight_loss_with_night_pain"),
    ("my mum had bowel cancer and now her back aches all night", "cancer_or_weight_loss_with_night_pain"),
])
def test_urgent(text, reason):
    result = _result(text)
    assert result.level in ("urgent", "emergency"), (text, result)
    assert reason in result.reasons, (text, result.reasons)


def test_a_crisis_without_a_plan_is_urgent_and_with_a_way_an_emergency():
    assert _result("I don't want to be here anymore").level == "urgent"
    assert _result("I don't want to be here anymore, I have enough pills to do it").level == "emergency"
    # A way mentioned after thoughts said earlier in the conversation.
    assert _result("I've been saving my tablets", {"suicidal_thoughts"}).level == "emergency"


# ------------------------------------------------------------------------------ not alerts


@pytest.mark.parametrize("text", [
    # figures of speech
    "I could murder a pizza",
    "my heart goes out to them",
    "I nearly died laughing",
    "dead tired after work",
    "I'm dying to know what the results say",
    "I'd kill for a coffee right now",
    "this back pain is killing me",
    "the view from the hill was breathtaking",
    "that cake is to die for",
    "I could kill myself for forgetting my wallet",
    "I'm drowning in paperwork",
    "you nearly gave me a heart attack",
    "what a stroke of luck",
    "my boss will kill me if I'm late",
    "I'm bored to death in this waiting room",
    "I overdosed on chocolate at Christmas",
    "my face fell when I saw the bill",
    "I'm not holding my breath for a callback",
    "I felt paralysed by indecision",
    "a hard pill to swallow",
    # the past and resolved, someone else's past
    "had a stent put in years ago, fine since",
    "my grandfather had a stroke in the 90s",
    "my mum had a heart attack last year and she is fine now",
    "I was suicidal when I was a teenager but I'm in a good place now",
    "I had some bleeding in my first pregnancy years ago",
    "the chest pain last week turned out to be heartburn",
    # negation
    "no shortness of breath",
    "no chest pain, no sweating",
    "I'm not suicidal, just fed up with this pain",
    "I don't want to die, I want to get better",
    "no bleeding and the baby is kicking lots",
    "I didn't take too many, only my usual two",
    # questions about a risk
    "can an injection cause a stroke?",
    "what are the signs of a heart attack?",
    "can you overdose on gabapentin?",
    "what should I do if my face starts drooping?",
    "is chest pain a side effect of steroids?",
    "how common is a headache after a spinal injection?",
    "my physio told me to watch out for numbness between my legs",
    # plain back pain and everyday life
    "I feel pain in my back",
    "my back hurts when I bend",
    "I take two ibuprofen twice a day",
    "I took my oxycodone as prescribed this morning",
    "I get a bit out of breath on the stairs",
    "I'm allergic to penicillin",
    "my ankles swell in the hot weather",
    "I get headaches when I'm stressed",
    "I'm on blood thinners for my heart",
    "I have osteoporosis and my back aches",
    "I don't want to continue",
    "I can't go on walks anymore because of my back",
    "I'm done with the questions",
    "I cut myself shaving",
    # pregnancy without warning signs
    "I'm 30 weeks pregnant and my pelvis aches",
    "pregnant with twins and my lower back is sore",
    "I'm 38 weeks and having contractions every 5 minutes",
    # normal after a procedure
    "a bit sore where the needle went in after the injection",
    "my leg was numb for a couple of hours after the block, as they said",
    "a little bruising at the injection site",
    "the back pain flared for a day after the ablation",
])
def test_not_alerts(text):
    result = _result(text)
    assert result.level not in ("emergency", "urgent"), (text, result)


def test_someone_else_now_is_an_alert_but_their_past_is_not():
    assert _result("my husband's face is drooping right now").level == "emergency"
    assert _result("my husband had a drooping face after his stroke years ago").level is None
    assert _result("my little girl swallowed a button battery").level == "emergency"


# ------------------------------------------------------------------------------ one question first


@pytest.mark.parametrize("text, question", [
    ("pain down both legs", "bilateral_sciatica"),
    ("I can't get an erection", "sexual_function"),
    ("I'm short of breath", "breathing_now"),
    ("my left arm feels weak", "stroke_signs_now"),
    ("I think I'm having an allergic reaction", "allergy_now"),
    ("I have a headache since my injection yesterday", "headache_after_injection"),
])
def test_unclear_mentions_ask_exactly_about_them(text, question):
    result = _result(text)
    assert result.level == "check", (text, result)
    assert result.check_question_id == question


@pytest.mark.parametrize("question, flag", [
    ("bilateral_sciatica", "bilateral_sciatica_emergency"),
    ("sexual_function", "new_sexual_dysfunction"),
    ("breathing_now", "breathing_difficulty"),
    ("stroke_signs_now", "stroke_signs"),
    ("allergy_now", "anaphylaxis"),
])
def test_a_yes_to_those_questions_is_an_emergency(question, flag):
    result = triage.answer_check(question, "yes")
    assert result.level == "emergency" and result.reasons[0] == flag
    assert triage.answer_check(question, "no").level is None
    assert triage.answer_check(question, "not_sure").level == "urgent"  # never silence


def test_are_you_safe_alarms_on_no_or_not_sure():
    assert triage.answer_check("crisis_safe_now", "yes").level is None
    for said in ("no", "not_sure"):
        result = triage.answer_check("crisis_safe_now", said)
        assert result.level == "emergency" and result.reasons == ("suicide_plan_or_intent",)


def test_crisis_alerts_ask_whether_the_person_is_safe():
    assert _result("I want to die").follow_up_question == "crisis_safe_now"
    assert _result("I'm going to end my life tonight").follow_up_question is None  # 911 first
    assert _result("my chest is tight").follow_up_question is None


# ------------------------------------------------------------------------------ the quiz's safety screen


@pytest.mark.parametrize("answers, unsure, level, first", [
    ({"screen_leg_weakness": True, "screen_leg_weakness_both": True}, [], "emergency", "bilateral_leg_weakness"),
    ({"screen_leg_weakness": True, "screen_leg_weakness_both": False}, [], "urgent", "progressive_leg_weakness"),
    ({"screen_leg_weakness": True, "screen_fever": True}, [], "emergency", "fever_with_new_weakness"),
    ({"screen_cancer_history": True, "screen_leg_weakness": True}, [], "emergency", "cancer_with_new_weakness"),
    ({"screen_cancer_history": True, "screen_cancer_warning_signs": True}, [], "urgent",
     "cancer_or_weight_loss_with_night_pain"),
    ({"screen_cancer_history": True, "age": 62, "duration_months": 1}, [], "urgent", "cancer_history_new_pain_over_50"),
    ({"age": 75, "fall_on_buttock": True}, [], "urgent", "minor_fall_with_bone_risk"),
    ({}, ["screen_bladder_bowel"], "urgent", "bladder_bowel_change"),  # not sure, or a typed skip
])
def test_the_screen_is_judged_as_a_whole(answers, unsure, level, first):
    result = triage.screen_judgement(answers, unsure)
    assert (result.level, result.reasons[0]) == (level, first), result


def test_the_screen_keeps_every_yes_as_a_risk_factor():
    result = triage.screen_judgement({"screen_fever": True, "screen_cancer_history": True})
    assert {"fever", "cancer_history"} <= result.factors_found
    # ... so that new weakness typed later in the conversation is an emergency.
    assert triage.assess("my right leg has gone weak", result.factors_found).level == "emergency"
    # A risk factor said earlier counts with the screen: fever after "I inject drugs".
    assert triage.screen_judgement({"screen_fever": True}, (), frozenset({"iv_drug_use"})).level == "emergency"


def test_nothing_in_the_screen_is_no_alert():
    assert triage.screen_judgement({"screen_checklist": False, "age": 44}).level is None
    assert triage.screen_judgement({"screen_cancer_history": True, "age": 44, "duration_months": 1}).level is None
    assert triage.screen_judgement({"screen_cancer_history": True, "age": 62, "duration_months": 24}).level is None
