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


def test_medicine_questions_are_deferred_but_red_flags_keep_the_last_word():
    from nlu_components.medicine_question import MedicineQuestionGuard

    question = Message(data={"text": "should I stop my xarelto before the fusion?"})
    question.set("intent", {"name": "faq", "confidence": 0.9})
    flag = Message(data={"text": "can I take aspirin, my legs are numb and I can't pee?"})
    flag.set("intent", {"name": "red_flag_emergency", "confidence": 1.0})
    MedicineQuestionGuard().process([question, flag])
    assert question.get("intent")["name"] == "ask_medical_advice"
    assert flag.get("intent")["name"] == "red_flag_emergency"
