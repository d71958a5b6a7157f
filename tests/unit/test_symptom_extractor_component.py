"""The Rasa adapter for symptoms, built directly with create() (no training needed)."""
from __future__ import annotations

import logging

import pytest
from rasa.shared.nlu.training_data.message import Message

from nlu_components.symptom_extractor import SymptomExtractor

SECRET = "hurts when I sit and getting out of the car, only the left side, never below the knee, for about 8 months, I'm 45"


@pytest.fixture(scope="module")
def extractor():
    return SymptomExtractor.create(SymptomExtractor.get_default_config(), None, None, None)


def run(extractor, text, entities=None):
    data = {"text": text} if text is not None else {}
    if entities is not None:
        data["entities"] = entities
    message = Message(data=data)
    extractor.process([message])
    return message.get("entities") or []


def test_entities_roles_values_and_extractor_name(extractor):
    entities = run(extractor, SECRET)
    assert all(e["extractor"] == "SymptomExtractor" for e in entities)
    symptoms = {e["value"]: e["role"] for e in entities if e["entity"] == "symptom"}
    assert symptoms == {
        "pain_sitting": "present",
        "pain_rising_from_sitting": "present",
        "unilateral_pain": "present",
        "pain_below_knee": "absent",
    }
    numbers = {e["entity"]: e["value"] for e in entities if e["entity"] in ("duration_months", "age")}
    assert numbers == {"duration_months": 8.0, "age": 45.0}
    assert [e["value"] for e in entities if e["entity"] == "side"] == ["left"]
    for e in entities:
        assert 0 <= e["start"] <= e["end"] <= len(SECRET)


def test_negation_gives_role_absent(extractor):
    entities = run(extractor, "I have no groin pain but it hurts to sit")
    roles = {e["value"]: e["role"] for e in entities if e["entity"] == "symptom"}
    assert roles == {"groin_pain": "absent", "pain_sitting": "present"}


def test_one_entity_per_item_later_mention_wins(extractor):
    entities = run(extractor, "sitting hurts. actually no, sitting is fine")
    sitting = [e for e in entities if e.get("value") == "pain_sitting"]
    assert len(sitting) == 1 and sitting[0]["role"] == "absent"


def test_existing_entities_are_kept(extractor):
    other = {"entity": "x", "value": "y", "start": 0, "end": 1, "extractor": "DIETClassifier"}
    entities = run(extractor, "groin pain", entities=[other])
    assert entities[0] == other
    assert any(e["value"] == "groin_pain" for e in entities[1:])


def test_the_graph_component_api(extractor):
    assert extractor.name == "SymptomExtractor"
    assert "max_chars" in SymptomExtractor.get_default_config()
    data = object()
    assert extractor.process_training_data(data) is data
    messages = [Message(data={"text": "groin pain"}), Message(data={"text": "no numbness"})]
    assert extractor.process(messages) is messages


@pytest.mark.parametrize("text", [
    None, "", "   ", "/start_quiz", "😀" * 50, "<div><b>hi</b></div>", "腰が痛い",
    "Me duele la espalda", "\x00\x01\x02", "x" * 10000, "no " * 3000,
])
def test_bad_input_never_raises(extractor, text):
    assert isinstance(run(extractor, text), list)


def test_non_string_text_never_raises(extractor):
    message = Message(data={"text": 123})
    extractor.process([message])
    assert not message.get("entities")


def test_long_message_is_handled(extractor):
    entities = run(extractor, "blah " * 1900 + "no groin pain")
    assert any(e.get("value") == "groin_pain" for e in entities)


def test_message_text_is_not_logged_at_info_or_above(extractor, caplog):
    caplog.set_level(logging.DEBUG)
    run(extractor, SECRET)
    run(extractor, None)
    for record in caplog.records:
        if record.levelno >= logging.INFO:
            assert "getting out of the car" not in record.getMessage()
    assert all("getting out of the car" not in r.getMessage() for r in caplog.records)


def test_registered_as_a_non_trainable_entity_extractor():
    from rasa.engine.recipes.default_recipe import DefaultV1Recipe

    registered = DefaultV1Recipe._from_registry("SymptomExtractor")
    assert registered.clazz is SymptomExtractor
    assert DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR in registered.types
    assert registered.is_trainable is False


def _message(text, intent, confidence=0.6):
    from rasa.shared.nlu.training_data.message import Message

    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": confidence})
    message.set("intent_ranking", [{"name": intent, "confidence": confidence}])
    return message


def test_a_statement_naming_quiz_items_becomes_describe_symptoms():
    from nlu_components.symptom_extractor import SymptomExtractor

    message = _message("it hurts when I sit and it never goes below the knee", "nlu_fallback")
    SymptomExtractor().process([message])
    assert message.get("intent") == {"name": "describe_symptoms", "confidence": 1.0}


def test_questions_faq_and_red_flag_intents_keep_their_intent():
    from nlu_components.symptom_extractor import SymptomExtractor

    question = _message("does sitting pain mean it is the SI joint?", "nlu_fallback")
    faq = _message("SI joint pain in pregnancy", "faq")
    flag = _message("my groin is numb and I can't pee", "red_flag_emergency", 1.0)
    SymptomExtractor().process([question, flag, faq])
    assert question.get("intent")["name"] == "nlu_fallback"
    assert faq.get("intent")["name"] == "faq"
    assert flag.get("intent")["name"] == "red_flag_emergency"
