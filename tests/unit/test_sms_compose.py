"""A turn's bot messages as SMS: alerts first, numbered options, at most 3 segments, MORE."""
from channels.sms.compose import (
    MAX_SEGMENTS, BotMessage, Option, Wording, chosen_option, compose, more_reply, sms_text,
)
from channels.sms.segments import segments

WORDING = Wording(more_hint="Reply MORE for the rest.", options="Reply {options}.")
YES_NO = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"},
          {"title": "Not sure", "payload": "/not_sure"}]
ALERT = ("Please call 911 now, or go to the nearest emergency room right away. Numbness between the legs "
         "with new bladder or bowel problems can mean a nerve emergency. Please do not wait for a clinic "
         "visit, and do not drive yourself if you feel unwell.")


def rasa(text, buttons=None, custom=None, **extra):
    return BotMessage.from_rasa({"text": text, "buttons": buttons, "custom": custom, **extra})


def test_buttons_become_one_numbered_list_and_map_back():
    reply = compose([rasa("Thanks."), rasa("Does it hurt when you sit?", YES_NO,
                                           {"type": "quiz_question", "item": "pain_sitting"})], WORDING)
    assert reply.bodies == ["Thanks.\n\nDoes it hurt when you sit?\nReply 1 Yes, 2 No, 3 Not sure."]
    assert chosen_option(reply.options, 2) == Option("No", "/deny")
    assert chosen_option(reply.options, 4) is None and chosen_option(reply.options, None) is None
    assert reply.more == ""


def test_only_the_last_list_of_buttons_is_offered():
    reply = compose([rasa("Pick one.", [{"title": "A", "payload": "/a"}]), rasa("Or one of these.", YES_NO)],
                    WORDING)
    assert [o.payload for o in reply.options] == ["/affirm", "/deny", "/not_sure"]
    assert reply.bodies[0].count("Reply 1") == 1


def test_an_alert_comes_first_with_its_first_sentence_in_one_segment():
    reply = compose([rasa("Thanks, noted."), rasa(ALERT, custom={"type": "triage_alert", "level": "emergency"})],
                    WORDING)
    assert reply.bodies[0].startswith("Please call 911 now, or go to the nearest emergency room right away.")
    assert segments(reply.bodies[0]) == 1 and reply.bodies[0].endswith(".")
    assert reply.bodies[2] == "Thanks, noted."
    assert " ".join(reply.bodies[:2]) == ALERT


def test_a_long_answer_fits_three_segments_and_more_sends_the_rest():
    long_text = " ".join(f"Step {i}: keep moving gently and rest when it hurts." for i in range(20))
    assert len(long_text) > 1000
    reply = compose([rasa(long_text)], WORDING)
    assert len(reply.bodies) == 1 and segments(reply.bodies[0]) <= MAX_SEGMENTS
    assert reply.bodies[0].endswith("hurts. Reply MORE for the rest.")
    sent = [reply.bodies[0][: -len(" Reply MORE for the rest.")]]
    more = reply.more
    while more:
        body, more = more_reply(more, WORDING)
        assert segments(body) <= MAX_SEGMENTS
        sent.append(body.replace(" Reply MORE for the rest.", ""))
    assert " ".join(sent) == long_text


def test_the_options_line_is_kept_with_its_question_when_the_answer_is_cut():
    reply = compose([rasa("Word " * 200), rasa("Shall I send it?", YES_NO)], WORDING)
    assert "Reply 1 Yes" in reply.more and len(reply.options) == 3


def test_details_behind_reply_more_for_details_wait_for_more():
    short = rasa("RFA treats the nerves. Reply MORE for details.", utter_action="utter_faq/rfa")
    assert short.invites_more
    short.details = "Radiofrequency ablation (RFA) treats the small nerves that carry pain signals."
    reply = compose([short], WORDING)
    assert reply.bodies == ["RFA treats the nerves. Reply MORE for details."]
    assert reply.more == short.details


def test_web_formatting_is_made_plain():
    assert sms_text("**Call** [our page](https://example.org/x) \u2014 it\u2019s __free__") == (
        "Call our page (https://example.org/x) - it's free")


def test_a_turn_without_text_sends_nothing():
    reply = compose([BotMessage.from_rasa({"custom": {"type": "quiz_result"}})], WORDING)
    assert reply.bodies == [] and reply.options == [] and reply.more == ""


def test_every_body_fits_even_for_a_very_long_alert():
    alert = rasa("Call 911 now. " + "This is why it matters so much. " * 40, custom={"type": "triage_alert"})
    reply = compose([alert, rasa("Next question?", YES_NO)], WORDING)
    assert reply.bodies[0].startswith("Call 911 now. This is why") and segments(reply.bodies[0]) == 1
    assert all(segments(b) <= MAX_SEGMENTS for b in reply.bodies)
    assert reply.bodies[-1].startswith("Next question?") and reply.more


def test_titles_with_commas_are_kept_apart():
    offices = [{"title": "Elkridge, Maryland", "payload": "elkridge-md"},
               {"title": "Harrisonburg, Virginia", "payload": "harrisonburg-va"}]
    reply = compose([rasa("Which office would you like to visit?", offices)], WORDING)
    assert reply.bodies[0].endswith("Reply 1 Elkridge, Maryland; 2 Harrisonburg, Virginia.")
    assert chosen_option(reply.options, 2).payload == "harrisonburg-va"
