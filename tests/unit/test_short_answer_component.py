from rasa.shared.nlu.training_data.message import Message

from nlu_components.short_answer import ShortAnswerClassifier


def parse(text, intent="faq"):
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": 0.7})
    message.set("intent_ranking", [{"name": intent, "confidence": 0.7}])
    ShortAnswerClassifier().process([message])
    return message


def test_short_answers_get_their_intent_first():
    assert parse("yup").get("intent") == {"name": "affirm", "confidence": 1.0}
    assert parse("not sure tbh", "deny").get("intent")["name"] == "not_sure"
    assert parse("skp").get("intent")["name"] == "skip"
    assert [r["name"] for r in parse("nope").get("intent_ranking")] == ["deny", "faq"]


def test_longer_messages_and_typed_commands_are_left_alone():
    assert parse("yes it hurts when I sit and drive").get("intent")["name"] == "faq"
    assert parse("/affirm", "deny").get("intent")["name"] == "deny"
