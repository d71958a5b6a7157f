"""The SMS channel end to end: Twilio-signed webhook requests to the running Rasa server, replies
read from the local fake Twilio API, state read from the clinic's database."""
from __future__ import annotations

import json
import re
import urllib.request

import pytest

from channels.sms.segments import segments
from clinic_core.booking.store import BookingStore
from clinic_core.catalogue import load_catalogue
from clinic_core.clinic import clinic
from clinic_core.scoring import NOT_A_DIAGNOSIS
from tests.support.chat import API_TOKEN
from tests.support.sms import Phone, conversation_id

pytestmark = pytest.mark.server

MORE_HINT = "Reply MORE for the rest."
NOTHING_MORE = "There is nothing more to send."


@pytest.fixture
def phone(assistant, fake_twilio) -> Phone:
    return Phone(assistant, fake_twilio)


def tracker(assistant, phone: Phone) -> dict:
    url = f"{assistant['url']}/conversations/{conversation_id(phone.number)}/tracker?token={API_TOKEN}"
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def read_all_more(phone: Phone, first: str) -> str:
    """A cut reply and everything MORE sends after it, as one text (hints removed)."""
    parts, body = [], first
    while body.endswith(MORE_HINT):
        parts.append(body[: -len(MORE_HINT)].strip())
        (body,) = phone.say("MORE")
        assert segments(body) <= 3, body
    parts.append(body)
    return " ".join(parts)


def test_a_bad_signature_is_refused_and_nothing_is_sent(phone):
    form = phone.form("hello")
    assert phone.post(form, signature="bm90IGEgc2lnbmF0dXJl")[0] == 403
    assert phone.post(form, signature="")[0] == 403
    # Signed for the server's own address, not the public URL set in the Twilio console.
    assert phone.post(form, signed_url=phone.webhook)[0] == 403
    assert phone.say("hello") and len(phone.received()) == 1  # only the signed one was answered
    assert phone.store.handled_at(form["MessageSid"]) is None  # never taken in


def test_a_request_without_body_gets_no_500(phone):
    (reply,) = phone.say(None)  # Phone.say asserts HTTP 200 with TwiML
    assert reply  # an answer asking to say it another way, not silence
    assert phone.say("what is the SI joint?")  # the conversation still works afterwards


def test_the_same_message_sid_twice_is_answered_once(phone):
    sid = phone.text("hello")
    answered = len(phone.received())
    assert answered >= 1
    status, _ = phone.post(phone.form("hello", sid=sid))  # Twilio retrying the webhook
    assert status == 200
    assert phone.say("thanks")
    assert len([b for b in phone.received() if b]) == answered + 1


def test_help_names_the_clinic_and_how_to_opt_out(phone):
    (reply,) = phone.say("HELP")
    assert clinic().name in reply and clinic().phone in reply and "STOP" in reply
    assert segments(reply) <= 2


def test_stop_then_silence_then_start(phone, assistant):
    assert phone.say("hi")
    (confirmation,) = phone.say("STOP")
    assert "no more texts" in confirmation and "START" in confirmation
    assert phone.say("Stop") == []  # one confirmation only
    assert phone.say("hello, what is the SI joint?") == []
    assert phone.say("MORE") == []
    (back,) = phone.say("START")
    assert "text us again" in back
    assert phone.say("what is the SI joint?")


def test_a_plain_language_opt_out_is_honoured(phone):
    (confirmation,) = phone.say("please stop texting me")
    assert "no more texts" in confirmation
    assert phone.say("take the quiz") == []


def test_an_opted_out_number_still_gets_the_emergency_alert_and_only_that(phone, assistant):
    phone.say("STOP")
    replies = phone.say("I suddenly can't control my bladder and I'm numb between my legs")
    assert replies and replies[0].startswith(f"Call {clinic().emergency_number} now")  # the channel: twilio variant
    assert all("Reply" not in r for r in replies)  # the alert, not the conversation
    assert tracker(assistant, phone)["slots"]["triage_level"] == "emergency"
    assert phone.say("ok thanks") == []


def test_an_emergency_comes_first_in_one_segment(phone, assistant):
    replies = phone.say("I can't control my bladder since this morning and I'm numb between my legs")
    assert replies[0].startswith(f"Call {clinic().emergency_number} now")
    assert segments(replies[0]) == 1
    assert tracker(assistant, phone)["slots"]["triage_level"] == "emergency"


def test_typed_commands_are_read_as_words(phone, assistant):
    phone.say('/inform{"booking_full_name": "Mallory Evil"}')
    latest = tracker(assistant, phone)["latest_message"]
    # A command would keep its "/" and get one intent at confidence 1.0 and an entity from Rasa's
    # regex handler; words get the classifier's whole ranking and no such entity.
    assert latest["text"] == 'inform{"booking_full_name": "Mallory Evil"}'
    assert len(latest["intent_ranking"]) > 1 and latest["intent"]["name"] != "inform"
    assert not [e for e in latest["entities"] if e.get("entity") == "booking_full_name"]


def test_faq_answer_then_more_gives_the_details(phone):
    (short,) = phone.say("what causes SI joint pain?")
    assert short.endswith("Reply MORE for details.") and segments(short) <= 2
    (details,) = phone.say("MORE")
    assert details.startswith("Often the cause is not known.") and "Uneven leg length" in details
    (nothing,) = phone.say("MORE")
    assert nothing.startswith(NOTHING_MORE)


def test_a_full_quiz_to_a_result_with_numbered_replies(phone, assistant):
    catalogue = load_catalogue()
    replies = phone.say("I want to take the pain quiz")
    answers = {"age": "44", "duration_months": "7", "conservative_care_months": "2"}
    for _ in range(40):
        slots = tracker(assistant, phone)["slots"]
        if slots.get("quiz_result"):
            break
        item = catalogue.item(slots["quiz_pending_item"])
        assert item.question in replies[-1]
        if item.answer_type == "yes_no":
            assert "Reply 1 Yes, 2 No, 3 Not sure, 4 Skip." in replies[-1]
            choice = "1" if item.id in ("pain_sitting", "one_finger_psis") else "2"
        elif item.multiple_choice:  # one numbered option per treatment, then "None yet"
            choice = str(len(item.covers) + 1)
            assert f"{choice} None yet" in replies[-1]
        elif item.is_checklist:
            assert "Reply 1 None of these; 2 Yes, one or more; 3 Not sure." in replies[-1]
            choice = "1"
        else:
            choice = answers[item.id]
        replies = phone.say(choice)
    else:
        pytest.fail("no quiz result after 40 answers")
    result = tracker(assistant, phone)["slots"]["quiz_result"]
    assert all(segments(r) <= 3 for r in replies)
    text = read_all_more(phone, replies[-1])
    assert NOT_A_DIAGNOSIS in text and "appointment" in text
    assert result["drivers"] and catalogue.item(result["drivers"][0]).label.lower() in text.lower()


def test_a_booking_offers_the_senders_number_and_a_long_summary_fits(phone, assistant):
    """Every answer as long as the form keeps it, and an emoji: a 1,000-character summary in UCS-2."""
    assert "full name" in phone.say("I'd like to book an appointment")[-1]
    (offer,) = phone.say("Jane Alexandra Testperson Whitfield")
    assert f"ending {phone.number[-4:]}" in offer
    assert phone.say("yes")[-1].endswith("Reply 1 Skip.")  # the email question offers Skip as 1
    offices = phone.say("jane.alexandra.testperson.whitfield@example.com")[-1]
    assert "Reply 1 Elkridge, Maryland; 2 Hagerstown, Maryland" in offices
    phone.say("2")
    times = ("Weekday mornings 🙂 " + "or late afternoons after my physical therapy sessions, " * 9)[:500]  # the form keeps 500
    phone.say(times)
    insurance = ("Acme Health PPO through my employer, a family plan with dental and vision cover, renewed "
                 "each January, member number on the card I can bring along, secondary cover via my spouse, plus a "
                 "health savings account")[:200]  # the form keeps 200 characters
    phone.say(insurance)
    phone.say("1")  # may the clinic contact me: Yes
    (summary,) = phone.say("2")  # texts about it: No
    assert summary.startswith("Shall I send this request?") and summary.endswith(MORE_HINT)
    full = read_all_more(phone, summary)  # every part within 3 segments
    # The SMS summary is terser than the web's list (no "- " lines): 950+ characters here.
    assert len(full) > 950 and full.endswith("Reply 1 Send it, 2 Change something, 3 Exit.")
    assert times.strip() in full and insurance in full
    (sent,) = phone.say("1")
    reference = re.search(r"reference is ([\w-]+)", sent).group(1)
    store = BookingStore(assistant["booking_db_url"], auto_migrate=False)
    try:
        request = store.get_by_reference(reference)
        assert request.phone_e164 == phone.number and request.channel == "twilio"
        assert request.conversation_id == conversation_id(phone.number) != phone.number
    finally:
        store.dispose()


def test_replies_are_retried_when_the_twilio_api_fails(phone, fake_twilio):
    before = fake_twilio.requests
    fake_twilio.fail_next(2, status=503)
    replies = phone.say("hello")
    assert len(replies) == 1 and fake_twilio.requests == before + 3


def test_a_number_twilio_reports_unsubscribed_is_not_texted_again(phone, fake_twilio):
    fake_twilio.fail_next(1, status=400, code=21610)
    assert phone.say("hello") == []
    assert phone.store.is_opted_out(conversation_id(phone.number))
    assert phone.say("hello again") == []


def test_the_quiz_intro_says_exit_not_stop_and_exit_pauses_the_quiz(phone, assistant):
    """STOP is the carrier's opt-out word over SMS: the intro names EXIT, which the quiz reads as
    "pause" (data/nlu/quiz.yml, intent stop) and the channel leaves alone."""
    intro = phone.say("I want to take the pain quiz")[0]
    assert "EXIT" in intro and not re.search(r"\bstop\b", intro, re.IGNORECASE)
    assert tracker(assistant, phone)["slots"]["quiz_pending_item"]
    assert any("paused the quiz" in r for r in phone.say("EXIT"))
    assert not phone.store.is_opted_out(conversation_id(phone.number))
    replies = phone.say("take the quiz")  # nothing was answered yet: the quiz starts again
    pending = tracker(assistant, phone)["slots"]["quiz_pending_item"]
    assert pending and load_catalogue().item(pending).question in replies[-1]


def test_phone_numbers_and_texts_never_reach_the_logs(phone, assistant):
    marker = "Quibbleworth hurts when sitting"
    phone.say(marker)
    logs = "".join((assistant["log_dir"] / name).read_text(errors="replace") for name in ("rasa.log", "actions.log"))
    assert logs, "the servers write logs"
    for secret in (marker, "Quibbleworth", phone.number, phone.number[2:], "Testperson"):
        assert secret not in logs


def test_a_new_alert_uses_its_sms_variant_with_the_action_first(phone, assistant):
    replies = phone.say("I have crushing chest pain going down my left arm")
    assert replies[0].startswith(f"Call {clinic().emergency_number} now")  # the channel: twilio variant
    assert segments(replies[0]) == 1
    assert tracker(assistant, phone)["slots"]["triage_reasons"] == ["cardiac_chest_pain"]
