"""The appointment request form: collects, confirms and hands the request to the booking store.

Every slot has a custom mapping and is filled here from the text of the answer to the question
that was asked, so a typed ``/inform{...}`` can neither fill nor skip a field.
"""
from __future__ import annotations

import logging
import re
import uuid
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from clinic_core.booking import contact, spool
from clinic_core.booking.service import submit_request
from clinic_core.clinic import clinic
from clinic_core.language.answers import NO, SKIP, UNSURE, YES, looks_like_question, short_answer
from clinic_core.language.choices import NOTHING, Choice, Picked, choose
from clinic_core.vocabulary import BOOKING_CONFIRMATION

from actions.form_base import ClinicFormValidation
from actions.turn import Turn

logger = logging.getLogger(__name__)

SKIPPED = "none"  # optional answers the patient chose not to give
FIELDS = {
    "name": "booking_full_name",
    "phone": "booking_phone",
    "number": "booking_phone",
    "email": "booking_email",
    "location": "booking_location",
    "office": "booking_location",
    "time": "booking_times",
    "day": "booking_times",
    "insurance": "booking_insurance",
}
EDIT = re.compile(r"\b(?:change|edit|fix|update)\b.*?\b(" + "|".join(FIELDS) + r")", re.IGNORECASE)
SMS_CHANNELS = {"twilio"}
# The SMS channel (channels/sms) puts the sender's number in the message metadata while this form
# runs; the conversation id is a keyed hash of the number, never the number itself.
SENDER_PHONE_METADATA = "sms_sender_phone"


def _sender_phone(tracker: Tracker) -> Optional[str]:
    if tracker.get_latest_input_channel() not in SMS_CHANNELS:
        return None
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    number = metadata.get(SENDER_PHONE_METADATA)
    return contact.normalise_phone(number, clinic().country) if isinstance(number, str) else None


def _name(text: str) -> Optional[str]:
    """A full name, but never "not sure", "skip it" or a question."""
    if short_answer(text) is not None or looks_like_question(text):
        return None
    return contact.normalise_name(text)


def _office_choices() -> List[Choice]:
    """Every office with the other names clinic.yml gives it: town, region, nearby cities (one
    office each) and state (shared: "Maryland" names two offices)."""
    return [
        Choice(key=loc.id, title=loc.name,
               names=tuple(n for n in (loc.city, *loc.region, *loc.nearby) if n),
               areas=tuple(a for a in (loc.state, loc.state_code) if a))
        for loc in clinic().locations
    ]


def _offices(turn: Turn) -> Picked:
    """The offices a message names: a button of the question (pressed, or typed as its number,
    ordinal or words), else a town, state, region or nearby city."""
    chosen = turn.chosen
    if chosen is not None and clinic().location(chosen["payload"]):
        return Picked((chosen["payload"],))
    if turn.is_typed_command:
        return NOTHING
    return choose(turn.text, _office_choices())


def _office_buttons(locations) -> List[Dict[str, str]]:
    return [{"title": loc.name, "payload": loc.id} for loc in locations if loc]


# An optional answer declined: the Skip button, a short "no" / "skip" / "not sure", or one of
# these. The classifier's intent alone is not enough: it has labelled "Blue Cross" as a "no".
_DECLINE_MORE = re.compile(
    r"^\s*(?:n/?a|no thanks|(?:i(?:'d)? )?(?:prefer|rather) not(?: to)? say|no insurance|"
    r"(?:i )?don'?t have (?:one|any|insurance|an email|email))\s*[.!]*\s*$",
    re.IGNORECASE,
)


def _declines(text: str, turn: Turn) -> bool:
    if turn.is_typed_command:
        return turn.intent == "skip" and text.strip() == "/skip"
    return turn.said_in_words in (NO, UNSURE, SKIP) or bool(_DECLINE_MORE.match(text))


# Free-text answers that the intent classifier may mistake for an FAQ or small talk.
_FREE_TEXT_SLOTS = {"booking_times", "booking_insurance"}
_MISTAKABLE_INTENTS = {"faq", "out_of_scope", "ask_medical_advice"}


def _display(value: Optional[str]) -> str:
    return "not given" if value in (None, SKIPPED) else value


class ActionBookingStart(Action):
    def name(self) -> str:
        return "action_booking_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        dispatcher.utter_message(response="utter_booking_intro")
        fresh = {slot: None for slot in (
            "booking_full_name", "booking_phone", "booking_email", "booking_location", "booking_times",
            "booking_insurance", "booking_consent_contact", "booking_consent_sms", "booking_confirmed",
            "booking_reference")}
        return [SlotSet(k, v) for k, v in fresh.items()] + [SlotSet("booking_submission_id", uuid.uuid4().hex)]


class ValidateBookingForm(ClinicFormValidation):
    def name(self) -> str:
        return "validate_booking_form"

    def answers_pending(self, turn: Turn, tracker: Tracker) -> bool:
        slot = tracker.get_slot("requested_slot")
        text = turn.text.strip()
        if turn.is_typed_command or not text:
            return False
        if slot == "booking_full_name":
            return _name(text) is not None
        if slot == "booking_phone":
            return contact.normalise_phone(text, clinic().country) is not None
        if slot == "booking_email":
            return contact.normalise_email(text) is not None
        if slot == "booking_location":
            return bool(_offices(turn))  # several offices ("Maryland"): an answer, asked which
        if slot == "booking_confirmed":
            return EDIT.search(text) is not None
        if slot in _FREE_TEXT_SLOTS:
            return turn.intent in _MISTAKABLE_INTENTS and not looks_like_question(text)
        return False

    async def validate_turn(
        self, turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[str, Any]]:
        slot = tracker.get_slot("requested_slot")
        if turn.kind != "fresh" or slot is None:
            return []
        text = turn.text.strip()
        typed = turn.is_typed_command
        validator = getattr(self, f"_answer_{slot}", None)
        if validator is None:
            return []
        return validator(text, typed, turn, dispatcher, tracker)

    def _answer_booking_full_name(self, text, typed, turn, dispatcher, tracker):
        name = None if typed else _name(text)
        if name is None:
            dispatcher.utter_message(response="utter_booking_name_unclear")
        return [SlotSet("booking_full_name", name)]

    def _answer_booking_phone(self, text, typed, turn, dispatcher, tracker):
        sender = _sender_phone(tracker)
        if sender and turn.yes_no == YES:
            return [SlotSet("booking_phone", sender)]
        phone = None if typed else contact.normalise_phone(text, clinic().country)
        if phone is None:
            dispatcher.utter_message(response="utter_booking_phone_unclear")
        return [SlotSet("booking_phone", phone)]

    def _answer_booking_email(self, text, typed, turn, dispatcher, tracker):
        email = None if typed else contact.normalise_email(text)
        if email is None and _declines(text, turn):
            return [SlotSet("booking_email", SKIPPED)]
        if email is None:
            dispatcher.utter_message(response="utter_booking_email_unclear")
        return [SlotSet("booking_email", email)]

    def _answer_booking_location(self, text, typed, turn, dispatcher, tracker):
        offices = _offices(turn)
        if not offices:
            dispatcher.utter_message(response="utter_booking_location_unclear")
        # Several offices fit ("Maryland"): the question is asked again with only those.
        return [SlotSet("booking_location", offices.key)]

    def _answer_booking_times(self, text, typed, turn, dispatcher, tracker):
        if typed or not text:
            dispatcher.utter_message(response="utter_booking_times_unclear")
            return [SlotSet("booking_times", None)]
        return [SlotSet("booking_times", text[:500])]

    def _answer_booking_insurance(self, text, typed, turn, dispatcher, tracker):
        if _declines(text, turn):
            return [SlotSet("booking_insurance", SKIPPED)]
        if typed or not text:
            return [SlotSet("booking_insurance", None)]
        return [SlotSet("booking_insurance", text[:200])]

    def _answer_booking_consent_contact(self, text, typed, turn, dispatcher, tracker):
        if turn.yes_no == YES:
            return [SlotSet("booking_consent_contact", True)]
        if turn.yes_no == NO:
            # Without consent to be contacted there is no request to send.
            dispatcher.utter_message(response="utter_booking_needs_consent")
            return [SlotSet("booking_consent_contact", False), SlotSet("booking_confirmed", False),
                    SlotSet("requested_slot", None)]
        dispatcher.utter_message(response="utter_answer_yes_or_no")
        return [SlotSet("booking_consent_contact", None)]

    def _answer_booking_consent_sms(self, text, typed, turn, dispatcher, tracker):
        if turn.yes_no in (YES, NO):
            return [SlotSet("booking_consent_sms", turn.yes_no == YES)]
        dispatcher.utter_message(response="utter_answer_yes_or_no")
        return [SlotSet("booking_consent_sms", None)]

    def _answer_booking_confirmed(self, text, typed, turn, dispatcher, tracker):
        chosen = turn.chosen
        if not typed and chosen is not None and chosen["payload"] == "/stop":  # "3": the Cancel (SMS: Exit) button
            dispatcher.utter_message(response="utter_booking_cancelled")
            return [SlotSet("booking_confirmed", False), SlotSet("requested_slot", None)]
        edit = EDIT.search(text) if not typed else None
        if edit:
            field = FIELDS[edit.group(1).lower()]
            return [SlotSet(field, None), SlotSet("booking_confirmed", None)]
        if turn.yes_no == YES:
            return [SlotSet("booking_confirmed", True)]
        if turn.yes_no == NO:
            dispatcher.utter_message(response="utter_booking_what_to_change")
            return [SlotSet("booking_confirmed", None)]
        dispatcher.utter_message(response="utter_booking_confirm_unclear")
        return [SlotSet("booking_confirmed", None)]


class ActionAskBookingPhone(Action):
    def name(self) -> str:
        return "action_ask_booking_phone"

    async def run(self, dispatcher, tracker, domain):
        sender = _sender_phone(tracker)
        if sender:
            dispatcher.utter_message(response="utter_ask_booking_phone_sender", phone_tail=contact.phone_tail(sender))
        else:
            dispatcher.utter_message(response="utter_ask_booking_phone")
        return []


class ActionAskBookingLocation(Action):
    def name(self) -> str:
        return "action_ask_booking_location"

    async def run(self, dispatcher, tracker, domain):
        turn = Turn.of(tracker)
        # Asked again (the last question offered offices): narrow it to the offices the answer named.
        asked_before = any(clinic().location(b["payload"]) for b in turn.options)
        offices = _offices(turn) if asked_before else NOTHING
        if offices.unclear:
            names = " and ".join(loc.name for loc in map(clinic().location, offices.candidates) if loc)
            dispatcher.utter_message(response="utter_ask_booking_location_which", office_names=names,
                                     buttons=_office_buttons(map(clinic().location, offices.candidates)))
            return []
        dispatcher.utter_message(
            response="utter_ask_booking_location",
            buttons=_office_buttons(clinic().locations),
        )
        return []


class ActionAskBookingConfirmed(Action):
    def name(self) -> str:
        return "action_ask_booking_confirmed"

    async def run(self, dispatcher, tracker, domain):
        location = clinic().location(tracker.get_slot("booking_location") or "")
        dispatcher.utter_message(
            response="utter_ask_booking_confirmed",
            full_name=tracker.get_slot("booking_full_name"),
            phone=tracker.get_slot("booking_phone"),
            email=_display(tracker.get_slot("booking_email")),
            office=location.name if location else "not given",
            times=tracker.get_slot("booking_times"),
            insurance=_display(tracker.get_slot("booking_insurance")),
            texts_allowed="yes" if tracker.get_slot("booking_consent_sms") else "no")
        return []


_SUBMISSION_ID = re.compile(r"^[0-9a-f]{32}$")
_TRIAGE_LEVELS = {"emergency", "urgent"}


class InvalidField(ValueError):
    """A stored answer that the form's own parser would not have accepted (the message names the
    field, never its value)."""


def _optional(value: Any, parse) -> Optional[str]:
    if value in (None, SKIPPED):
        return None
    return parse(value)


def _text(value: Any, limit: int) -> Optional[str]:
    return value.strip() if isinstance(value, str) and value.strip() and len(value) <= limit else None


def checked_request(tracker: Tracker) -> Dict[str, Any]:
    """The booking request, every field checked again with the parsers the form used.

    The action server trusts nothing in the tracker it is sent: a forged call (or a slot set
    some other way) must not store a request the form would not have accepted."""
    slot = tracker.get_slot
    as_text = lambda value: value if isinstance(value, str) else ""
    fields = dict(
        full_name=_name(as_text(slot("booking_full_name"))),
        phone_e164=contact.normalise_phone(as_text(slot("booking_phone")), clinic().country),
        location_id=slot("booking_location") if clinic().location(as_text(slot("booking_location"))) else None,
        preferred_times_text=_text(slot("booking_times"), 500),
        submission_id=slot("booking_submission_id") if _SUBMISSION_ID.match(as_text(slot("booking_submission_id"))) else None,
    )
    for field, value in fields.items():
        if value is None:
            raise InvalidField(field)
    email = _optional(slot("booking_email"), lambda v: contact.normalise_email(as_text(v)) or "")
    insurance = _optional(slot("booking_insurance"), lambda v: _text(v, 200) or "")
    if email == "" or insurance == "":
        raise InvalidField("booking_email" if email == "" else "booking_insurance")
    if slot("booking_consent_sms") not in (True, False, None):
        raise InvalidField("booking_consent_sms")
    quiz, level, reasons = slot("quiz_result"), slot("triage_level"), slot("triage_reasons") or []
    if quiz is not None and not isinstance(quiz, dict):
        raise InvalidField("quiz_result")
    if level not in _TRIAGE_LEVELS | {None} or not isinstance(reasons, list):
        raise InvalidField("triage_level")
    return dict(
        fields, conversation_id=tracker.sender_id, email=email, insurance=insurance, consent_contact=True,
        consent_sms=slot("booking_consent_sms") is True, channel=tracker.get_latest_input_channel() or "unknown",
        quiz_snapshot=quiz, triage_snapshot={"level": level, "reasons": [str(r) for r in reasons]} if level else None,
    )


class ActionSubmitBooking(Action):
    def name(self) -> str:
        return "action_submit_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        if tracker.get_slot("booking_confirmed") is not True or tracker.get_slot("booking_consent_contact") is not True:
            return []
        try:
            request = checked_request(tracker)
        except InvalidField as field:
            logger.warning("booking request refused: %s did not pass the form's check", field)
            dispatcher.utter_message(response="utter_booking_store_failed")
            return []
        try:
            reference = submit_request(**request)
        except Exception as error:  # the store is down or locked: keep the request for retry
            logger.error("booking request could not be stored (%s)", type(error).__name__)
            self._keep_for_retry(dispatcher, request)
            return []
        dispatcher.utter_message(
            response="utter_booking_sent", reference=reference, **clinic().as_slots(),
            json_message={"type": BOOKING_CONFIRMATION, "reference": reference},
        )
        return [SlotSet("booking_reference", reference)]

    @staticmethod
    def _keep_for_retry(dispatcher: CollectingDispatcher, request: Dict[str, Any]) -> None:
        try:
            spool.keep(request)
        except Exception as error:  # noqa: BLE001 - the disk failed too: the patient must call
            logger.error("booking request could not be kept for retry (%s)", type(error).__name__)
            dispatcher.utter_message(response="utter_booking_store_failed")
            return
        dispatcher.utter_message(response="utter_booking_kept_for_retry", **clinic().as_slots())
