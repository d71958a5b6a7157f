"""The Rasa adapter for red flags, built directly with create() (no training needed)."""
from __future__ import annotations

import logging

import pytest
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from nlu_components.red_flag_guard import RedFlagGuard


@pytest.fixture(scope="module")
def guard():
    return RedFlagGuard.create(RedFlagGuard.get_default_config(), None, None, None)


def message(text, intent="describe_symptoms", confidence=0.9, ranking=None, entities=None):
    data = {"text": text} if text is not None else {}
    if intent is not None:
        data["intent"] = {"name": intent, "confidence": confidence}
        data["intent_ranking"] = ranking if ranking is not None else [
            {"name": intent, "confidence": confidence},
            {"name": "inform", "confidence": round(1 - confidence, 3)},
        ]
    if entities is not None:
        data["entities"] = entities
    return Message(data=data)


def run(guard, msg):
    guard.process([msg])
    return msg


def assert_consistent(msg):
    ranking = msg.get("intent_ranking")
    assert ranking[0]["name"] == msg.get("intent")["name"]
    assert ranking[0]["confidence"] == msg.get("intent")["confidence"]
    confidences = [r["confidence"] for r in ranking]
    assert confidences == sorted(confidences, reverse=True)
    assert len({r["name"] for r in ranking}) == len(ranking)


def values(msg, entity):
    return [e["value"] for e in msg.get("entities") or [] if e["entity"] == entity]


def test_registered_as_a_non_trainable_intent_classifier():
    registered = DefaultV1Recipe._from_registry(RedFlagGuard.__name__)
    assert DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER in registered.types
    assert registered.is_trainable is False


def test_emergency_overrides_diet_and_adds_entities(guard):
    msg = run(guard, message("I inject heroin, I've got a fever and my left leg is going weak"))
    assert msg.get("intent") == {"name": "red_flag_emergency", "confidence": 1.0}
    assert_consistent(msg)
    assert [r["name"] for r in msg.get("intent_ranking")][1:] == ["describe_symptoms", "inform"]
    assert "fever_with_risk_factor_and_weakness" in values(msg, "red_flag")
    assert set(values(msg, "risk_factor")) >= {"iv_drug_use", "fever"}
    for e in msg.get("entities"):
        assert e["extractor"] == "RedFlagGuard"
        assert 0 <= e["start"] <= e["end"] <= len(msg.get("text"))


def test_emergency_overrides_the_fallback_too(guard):
    ranking = [{"name": "nlu_fallback", "confidence": 0.45}, {"name": "greet", "confidence": 0.3},
               {"name": "inform", "confidence": 0.2}]
    msg = run(guard, message("cant feel anythin when i wipe", "nlu_fallback", 0.45, ranking))
    assert msg.get("intent")["name"] == "red_flag_emergency"
    assert values(msg, "red_flag") == ["saddle_numbness"]
    assert_consistent(msg)


def test_urgent_and_check_levels(guard):
    msg = run(guard, message("I've had a fever for two days with this back ache", "inform"))
    assert msg.get("intent")["name"] == "red_flag_urgent"
    assert values(msg, "red_flag") == ["fever_with_back_pain"]
    msg = run(guard, message("my bum goes numb", "describe_symptoms"))
    assert msg.get("intent")["name"] == "red_flag_check"
    assert values(msg, "red_flag") == ["possible_saddle_numbness"]
    assert_consistent(msg)


def test_existing_intent_entry_is_not_duplicated(guard):
    ranking = [{"name": "red_flag_urgent", "confidence": 0.6}, {"name": "red_flag_emergency", "confidence": 0.3},
               {"name": "inform", "confidence": 0.1}]
    msg = run(guard, message("both my legs went numb an hour ago", "red_flag_urgent", 0.6, ranking))
    assert [r["name"] for r in msg.get("intent_ranking")] == ["red_flag_emergency", "red_flag_urgent", "inform"]
    assert_consistent(msg)


def test_negated_red_flag_guess_is_demoted(guard):
    ranking = [{"name": "red_flag_emergency", "confidence": 0.7}, {"name": "deny", "confidence": 0.2},
               {"name": "inform", "confidence": 0.1}]
    msg = run(guard, message("no problems with my bladder or bowels", "red_flag_emergency", 0.7, ranking))
    assert msg.get("intent") == {"name": "deny", "confidence": 0.2}
    assert [r["name"] for r in msg.get("intent_ranking")] == ["deny", "inform", "red_flag_emergency"]
    assert_consistent(msg)
    assert values(msg, "red_flag") == []


def test_a_red_flag_guess_the_rules_do_not_confirm_is_demoted(guard):
    """Issue 9: red flags are decided by the rules, never by the classifier's guess alone, so a
    plain back-pain sentence is not asked a separate safety question (the quiz's screen asks)."""
    ranking = [{"name": "red_flag_urgent", "confidence": 0.8}, {"name": "describe_symptoms", "confidence": 0.2}]
    msg = run(guard, message("my back hurts when I bend", "red_flag_urgent", 0.8, ranking))
    assert msg.get("intent") == {"name": "describe_symptoms", "confidence": 0.2}
    assert_consistent(msg)


def test_a_guess_below_the_fallback_is_demoted_to_the_fallback(guard):
    ranking = [{"name": "nlu_fallback", "confidence": 0.45}, {"name": "red_flag_emergency", "confidence": 0.4},
               {"name": "greet", "confidence": 0.35}]
    msg = run(guard, message("it is all going wrong", "nlu_fallback", 0.45, ranking))
    assert msg.get("intent")["name"] == "nlu_fallback"


def test_a_crisis_goes_as_a_check_so_that_are_you_safe_is_asked(guard):
    msg = run(guard, message("I don't want to live anymore, the back pain is too much", "describe_symptoms", 0.7))
    assert msg.get("intent") == {"name": "red_flag_check", "confidence": 1.0}
    assert values(msg, "red_flag") == ["suicidal_thoughts"]
    msg = run(guard, message("I want to end my life tonight", "describe_symptoms", 0.7))
    assert msg.get("intent")["name"] == "red_flag_emergency"


def test_nothing_found_leaves_the_message_alone(guard):
    msg = run(guard, message("the pain is on the left, worse sitting", "describe_symptoms", 0.9))
    assert msg.get("intent") == {"name": "describe_symptoms", "confidence": 0.9}
    assert msg.get("entities") is None


def test_risk_factor_alone_adds_an_entity_but_keeps_the_intent(guard):
    msg = run(guard, message("I'm on methotrexate for my arthritis", "inform", 0.8))
    assert msg.get("intent")["name"] == "inform"
    assert values(msg, "risk_factor") == ["immunosuppressed"]


def test_other_extractors_entities_are_kept(guard):
    other = {"entity": "symptom", "value": "groin_pain", "role": "present", "extractor": "SymptomExtractor",
             "start": 0, "end": 4}
    msg = run(guard, message("I wet myself today", entities=[other]))
    assert other in msg.get("entities")
    assert values(msg, "red_flag") == ["bladder_bowel_change"]


def test_typed_commands_are_left_alone(guard):
    msg = run(guard, message('/inform{"text": "I wet myself"}', "inform", 1.0))
    assert msg.get("intent")["name"] == "inform"
    assert msg.get("entities") is None


@pytest.mark.parametrize("text", [None, "", "   ", 123, "🙂", "x" * 50000])
def test_odd_input_never_raises(guard, text):
    msg = Message(data={"text": text} if text is not None else {})
    guard.process([msg])


def test_broken_ranking_never_raises(guard):
    msg = Message(data={"text": "I can't move my legs", "intent": "oops", "intent_ranking": ["bad", None, 3]})
    guard.process([msg])
    assert msg.get("intent")["name"] == "red_flag_emergency"


def test_bad_config_falls_back_to_defaults():
    assert RedFlagGuard({"max_chars": "lots"}).max_chars == 20000


def test_message_text_is_never_logged(guard, caplog):
    secret = "my name is Ottoline Quist and I wet myself"
    with caplog.at_level(logging.DEBUG):
        run(guard, message(secret))
        run(guard, message("Ottoline Quist here, nothing wrong", "red_flag_emergency", 0.9))
    assert "Ottoline" not in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.INFO and r.name.startswith("nlu_components")]
