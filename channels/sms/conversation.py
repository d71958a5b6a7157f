"""One inbound text, handled: keywords first, then the assistant, then the replies by SMS.

Order of checks (the rules are in the README's SMS section):
1. an opt-out (STOP-family word or a plain-language request): recorded, one confirmation;
2. HELP / INFO: the clinic's name, phone and how to opt out, whatever the number's state;
3. an opted-out number: START / UNSTOP / YES opt back in; a red flag still gets its alert
   (only the alert); anything else gets no reply;
4. MORE: the rest of the last long answer;
5. anything else goes to the assistant, as text (a number picks from the last numbered list).
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from typing import Any, AsyncIterator, Awaitable, Callable, Dict, List, Optional

from rasa.core.channels.channel import UserMessage
from rasa.shared.core.trackers import DialogueStateTracker

from channels.sms import keywords as kw
from channels.sms.compose import BotMessage, Option, Wording, chosen_option, compose, more_reply
from channels.sms.settings import Settings
from channels.sms.twilio_api import UNSUBSCRIBED_RECIPIENT, TwilioApi
from channels.sms.webhook import Inbound
from clinic_core.booking.sms_store import Pending, SmsStore
from clinic_core.clinic import clinic
from clinic_core.language.choices import option_number

logger = logging.getLogger(__name__)

CHANNEL_NAME = "twilio"  # the name `channel:` response variants use
# Message metadata that carries the sender's number to the booking form (actions/booking.py),
# added only while that form runs: the number is not kept in any other turn.
SENDER_PHONE_METADATA = "sms_sender_phone"
BOOKING_FORM = "booking_form"
RED_FLAG_INTENTS = {"red_flag_emergency", "red_flag_urgent"}


class SmsConversations:
    def __init__(self, settings: Settings, store: SmsStore, api: TwilioApi, collector: Callable[[], Any],
                 on_new_message: Callable[[Any], Awaitable[Any]]):
        self.settings, self.store, self.api = settings, store, api
        self._collector, self._on_new_message = collector, on_new_message
        self._locks: Dict[str, asyncio.Lock] = {}
        self._lock_users: Counter = Counter()

    async def handle(self, inbound: Inbound, agent: Any) -> None:
        """Never raises: a failure is logged (its type only) and the patient told to call."""
        conversation_id = self.settings.conversation_id(inbound.phone_number)
        async with self._one_at_a_time(conversation_id):
            try:
                await self._handle(inbound, conversation_id, agent)
            except Exception as error:  # noqa: BLE001 - the patient must hear something
                logger.error("SMS message not handled (%s)", type(error).__name__)
                with contextlib.suppress(Exception):
                    if not await self._db(self.store.is_opted_out, conversation_id):
                        await self._say(agent, inbound.phone_number, conversation_id, "utter_sms_failed")
            finally:
                with contextlib.suppress(Exception):
                    await self._db(self.store.mark_handled, inbound.message_sid)

    async def _handle(self, inbound: Inbound, conversation_id: str, agent: Any) -> None:
        words, text, number = kw.keywords(), inbound.body, inbound.phone_number
        keyword = words.keyword(text)
        if keyword == kw.OPT_OUT or (keyword is None and words.asks_to_stop_texts(text)):
            via = "keyword" if keyword else "phrase"
            if await self._db(self.store.set_opted_out, conversation_id, True, via):
                await self._say(agent, number, conversation_id, "utter_sms_opted_out")
            if via == "phrase":  # "stop texting me, I can't feel my legs" still gets the alert
                await self._alert_only(inbound, conversation_id, agent)
            return
        if keyword == kw.HELP:
            await self._say(agent, number, conversation_id, "utter_sms_help")
            return
        if await self._db(self.store.is_opted_out, conversation_id):
            if keyword == kw.OPT_IN:
                await self._db(self.store.set_opted_out, conversation_id, False, "keyword")
                await self._say(agent, number, conversation_id, "utter_sms_opted_in")
            else:
                await self._alert_only(inbound, conversation_id, agent)
            return
        if keyword == kw.MORE:
            await self._more(agent, number, conversation_id)
            return
        await self._converse(inbound, conversation_id, agent)

    async def _converse(self, inbound: Inbound, conversation_id: str, agent: Any) -> None:
        pending = await self._db(self.store.pending, conversation_id)
        options = [Option(title, payload) for title, payload in pending.options]
        option = chosen_option(options, option_number(inbound.body, len(options)))
        text = option.payload if option else kw.as_patient_text(inbound.body)
        metadata = None
        if await self._in_booking_form(agent, conversation_id):
            metadata = {SENDER_PHONE_METADATA: inbound.phone_number}
        messages = await self._assistant_turn(text, conversation_id, metadata)
        bot_messages = await self._bot_messages(agent, conversation_id, messages)
        reply = compose(bot_messages, self._wording(agent))
        await self._db(self.store.save_pending, conversation_id,
                       Pending(options=[(o.title, o.payload) for o in reply.options], more_text=reply.more))
        await self._send(inbound.phone_number, conversation_id, reply.bodies)

    async def _alert_only(self, inbound: Inbound, conversation_id: str, agent: Any) -> None:
        """An opted-out number: only a red-flag message is answered, and only with its alert."""
        text = kw.as_patient_text(inbound.body)
        parsed = await agent.parse_message(text)
        if ((parsed or {}).get("intent") or {}).get("name") not in RED_FLAG_INTENTS:
            return
        messages = await self._assistant_turn(text, conversation_id, None)
        alerts = [m for m in map(BotMessage.from_rasa, messages) if m.alert]
        await self._send(inbound.phone_number, conversation_id, compose(alerts, self._wording(agent)).bodies)

    async def _more(self, agent: Any, number: str, conversation_id: str) -> None:
        pending = await self._db(self.store.pending, conversation_id)
        if not pending.more_text:
            await self._say(agent, number, conversation_id, "utter_sms_nothing_more")
            return
        body, rest = more_reply(pending.more_text, self._wording(agent))
        await self._db(self.store.save_pending, conversation_id, Pending(pending.options, rest))
        await self._send(number, conversation_id, [body])

    async def _assistant_turn(self, text: str, conversation_id: str, metadata: Optional[dict]) -> List[dict]:
        collector = self._collector()
        await self._on_new_message(UserMessage(
            text, collector, conversation_id, input_channel=CHANNEL_NAME, metadata=metadata))
        return collector.messages

    async def _bot_messages(self, agent: Any, conversation_id: str, messages: List[dict]) -> List[BotMessage]:
        """The turn's messages, with the longer answer behind each "Reply MORE for details."."""
        bot_messages = [BotMessage.from_rasa(m) for m in messages]
        tracker = None
        for raw, message in zip(messages, bot_messages):
            if message.invites_more and raw.get("utter_action"):
                tracker = tracker or await agent.tracker_store.retrieve(conversation_id)
                # "" is no channel: the default (web) variant, which is the full answer.
                full = await agent.nlg.generate(raw["utter_action"], tracker or _empty(conversation_id), "")
                message.details = BotMessage.from_rasa(full or {}).text
        return bot_messages

    async def _in_booking_form(self, agent: Any, conversation_id: str) -> bool:
        tracker = await agent.tracker_store.retrieve(conversation_id)
        return tracker is not None and tracker.active_loop_name == BOOKING_FORM

    async def _say(self, agent: Any, number: str, conversation_id: str, response_name: str) -> None:
        """One of the channel's own responses (domain/sms.yml), filled with the clinic's facts."""
        rendered = await agent.nlg.generate(response_name, _empty(conversation_id), CHANNEL_NAME,
                                            **clinic().as_slots())
        text = BotMessage.from_rasa(rendered or {}).text
        if text:
            await self._send(number, conversation_id, compose([BotMessage(text)], self._wording(agent)).bodies)

    async def _send(self, number: str, conversation_id: str, bodies: List[str]) -> None:
        for body in bodies:
            result = await self.api.send(number, body)
            if result.error_code == UNSUBSCRIBED_RECIPIENT:
                # The number sent STOP to Twilio itself (its default opt-out handling).
                await self._db(self.store.set_opted_out, conversation_id, True, "carrier")
                return

    def _wording(self, agent: Any) -> Wording:
        responses = agent.domain.responses
        return Wording(more_hint=_first_text(responses, "utter_sms_more_hint"),
                       options=_first_text(responses, "utter_sms_options"))

    @staticmethod
    async def _db(function: Callable, *args: Any) -> Any:
        return await asyncio.to_thread(function, *args)

    @contextlib.asynccontextmanager
    async def _one_at_a_time(self, conversation_id: str) -> AsyncIterator[None]:
        """Messages of one conversation are handled (and answered) in the order they came."""
        lock = self._locks.setdefault(conversation_id, asyncio.Lock())
        self._lock_users[conversation_id] += 1
        try:
            async with lock:
                yield
        finally:
            self._lock_users[conversation_id] -= 1
            if not self._lock_users[conversation_id]:
                del self._lock_users[conversation_id], self._locks[conversation_id]


def _empty(conversation_id: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(conversation_id, [])


def _first_text(responses: Dict[str, List[Dict[str, Any]]], name: str) -> str:
    variants = responses.get(name) or [{}]
    return str(variants[0].get("text") or "")
