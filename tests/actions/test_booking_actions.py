"""validate_booking_form: each field from the answer text only, never from typed entities."""
import pytest

from actions.booking import SENDER_PHONE_METADATA, ActionAskBookingPhone, ActionBookingStart, ValidateBookingForm
from tests.actions.conftest import form_turn_events, make_tracker, said

FORM = "booking_form"


def turn(text, intent="inform", requested="booking_full_name", slots=None, entities=None, channel=None):
    parse = {"intent": {"name": intent, "confidence": 0.9}, "entities": entities or []}
    events = form_turn_events(text, parse, FORM)
    if channel:
        events[1]["input_channel"] = channel
    all_slots = {"requested_slot": requested, **(slots or {})}
    return make_tracker(text=text, intent=intent, entities=entities, slots=all_slots, events=events,
                        active_loop=FORM)


def slot_events(events):
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def run(tracker, dispatcher, domain):
    return await ValidateBookingForm().run(dispatcher, tracker, domain)


async def test_name_is_taken_from_the_answer(dispatcher, domain):
    events = await run(turn("my name is Jane Smith"), dispatcher, domain)
    assert slot_events(events) == {"booking_full_name": "Jane Smith"}


async def test_typed_inform_with_entities_cannot_fill_a_field(dispatcher, domain):
    tracker = turn('/inform{"booking_full_name": "Mallory Evil"}', entities=[
        {"entity": "booking_full_name", "value": "Mallory Evil"}])
    events = await run(tracker, dispatcher, domain)
    assert slot_events(events) == {"booking_full_name": None}
    assert "first and last name" in said(dispatcher.messages[0], domain)


async def test_typed_inform_cannot_skip_consent(dispatcher, domain):
    tracker = turn('/inform{"booking_consent_contact": true}', requested="booking_consent_contact")
    events = await run(tracker, dispatcher, domain)
    assert slot_events(events) == {"booking_consent_contact": None}


@pytest.mark.parametrize("text,expected", [
    ("(410) 230-1234", "+14102301234"),
    ("+1 202 555 0143", "+12025550143"),
    ("12345", None),
    ("call me maybe", None),
])
async def test_phone_is_validated_and_normalised_to_e164(dispatcher, domain, text, expected):
    events = await run(turn(text, requested="booking_phone"), dispatcher, domain)
    assert slot_events(events) == {"booking_phone": expected}
    assert bool(dispatcher.messages) == (expected is None)


def _from_sms(tracker, number="+14102301234"):
    """What the SMS channel sends while the booking form runs: the number in the metadata."""
    tracker.latest_message["metadata"] = {SENDER_PHONE_METADATA: number}
    tracker.sender_id = "sms-0123456789abcdef"  # a keyed hash, never the number
    return tracker


async def test_sms_sender_number_is_confirmed_instead_of_asked(dispatcher, domain):
    tracker = _from_sms(turn("yes", intent="affirm", requested="booking_phone", channel="twilio"))
    events = await run(tracker, dispatcher, domain)
    assert slot_events(events) == {"booking_phone": "+14102301234"}
    ask = _from_sms(make_tracker(events=[{"event": "user", "text": "hi", "input_channel": "twilio", "parse_data": {}}]))
    await ActionAskBookingPhone().run(dispatcher, ask, domain)
    assert "ending 1234" in said(dispatcher.messages[-1], domain, "twilio")


async def test_sender_number_only_from_the_sms_channel_metadata(dispatcher, domain):
    """Another channel's metadata, or an SMS turn without it, never offers or fills a number."""
    other = _from_sms(turn("yes", intent="affirm", requested="booking_phone", channel="rest"))
    assert slot_events(await run(other, dispatcher, domain)) == {"booking_phone": None}
    bare = turn("yes", intent="affirm", requested="booking_phone", channel="twilio")
    bare.sender_id = "+14102301234"
    assert slot_events(await run(bare, dispatcher, domain)) == {"booking_phone": None}
    ask = make_tracker(events=[{"event": "user", "text": "hi", "input_channel": "twilio", "parse_data": {}}])
    await ActionAskBookingPhone().run(dispatcher, ask, domain)
    assert said(dispatcher.messages[-1], domain, "twilio") == "What phone number can the clinic call you on?"


async def test_email_optional_and_checked(dispatcher, domain):
    assert slot_events(await run(turn("skip", intent="skip", requested="booking_email"), dispatcher, domain)) == {
        "booking_email": "none"}
    assert slot_events(await run(turn("jane@", requested="booking_email"), dispatcher, domain)) == {
        "booking_email": None}
    assert slot_events(await run(turn("Jane@Example.com", requested="booking_email"), dispatcher, domain)) == {
        "booking_email": "Jane@example.com"}


async def test_location_from_button_or_town_name(dispatcher, domain):
    assert slot_events(await run(turn("harrisonburg-va", requested="booking_location"), dispatcher, domain)) == {
        "booking_location": "harrisonburg-va"}
    assert slot_events(await run(turn("Elkridge please", requested="booking_location"), dispatcher, domain)) == {
        "booking_location": "elkridge-md"}
    assert slot_events(await run(turn("Paris", requested="booking_location"), dispatcher, domain)) == {
        "booking_location": None}


async def test_times_kept_verbatim(dispatcher, domain):
    events = await run(turn("Tuesdays after 3pm, not Fridays", requested="booking_times"), dispatcher, domain)
    assert slot_events(events) == {"booking_times": "Tuesdays after 3pm, not Fridays"}


async def test_no_consent_ends_the_form_without_a_request(dispatcher, domain):
    events = await run(turn("no", intent="deny", requested="booking_consent_contact"), dispatcher, domain)
    assert slot_events(events) == {"booking_consent_contact": False, "booking_confirmed": False,
                                   "requested_slot": None}
    assert dispatcher.messages[0]["response"] == "utter_booking_needs_consent"


async def test_edit_before_confirming_clears_that_field(dispatcher, domain):
    events = await run(turn("change my phone number", requested="booking_confirmed"), dispatcher, domain)
    assert slot_events(events) == {"booking_phone": None, "booking_confirmed": None}


async def test_interruptions_are_left_to_the_rules(dispatcher, domain):
    for intent in ("faq", "red_flag_emergency", "stop"):
        assert await run(turn("whatever", intent=intent), dispatcher, domain) == []


async def test_start_gives_a_new_submission_id_each_time(dispatcher, domain):
    first = slot_events(await ActionBookingStart().run(dispatcher, make_tracker(), domain))
    second = slot_events(await ActionBookingStart().run(dispatcher, make_tracker(), domain))
    assert first["booking_submission_id"] != second["booking_submission_id"]
    assert first["booking_full_name"] is None
