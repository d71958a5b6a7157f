"""What our Rasa server adds to Rasa 3.6.21; scripts/serve.py installs it before Rasa starts.

Read against rasa/core/actions/action.py (RemoteAction), rasa/core/actions/forms.py (form
validation through RemoteAction), rasa/core/processor.py (_run_action swallows an action's
exception and goes on without a word to the patient) and rasa/core/tracker_store.py
(FailSafeTrackerStore falls back to an empty in-memory conversation and logs the SQL error):

- a custom action call that fails (server down, killed, hung past $ACTION_TIMEOUT_SECONDS,
  default 20, or answering with an error) ends the turn with a message that gives the clinic's
  phone and the emergency number; the conversation waits for the patient, and a failed booking
  submission reopens the confirmation so that "yes" later sends it (stored once: the submission
  id is unchanged);
- the conversation store failing (reading or saving) is an error the patient is told about,
  never a silent new conversation; the SQL error text is not logged;
- every SQLAlchemy engine in this process hides its SQL parameters, and every log record goes
  through clinic_core.log_privacy.
"""
from __future__ import annotations

import asyncio
import contextvars
import logging
import os
from typing import Any, Dict, List, Optional

from clinic_core import log_privacy
from clinic_core.clinic import clinic

log = logging.getLogger("scripts.rasa_guard")

ENV_ACTION_TIMEOUT = "ACTION_TIMEOUT_SECONDS"
# Wall time in the Rasa server, its event loop's queue included: at a burst of 100 first
# messages on one 2-core server a 7 s limit turned a third of them into "something went wrong"
# although the action server answered in milliseconds (docs/benchmark.md). Slow beats wrong.
DEFAULT_ACTION_TIMEOUT = 20.0
# A failed action after which the conversation resumes at a form question: action -> (form, slot).
RESUME_AFTER_FAILURE = {"action_submit_booking": ("booking_form", "booking_confirmed")}

_failed_actions: contextvars.ContextVar[Optional[List[str]]] = contextvars.ContextVar("failed_actions", default=None)
_installed = False


class ActionServerUnavailable(Exception):
    """The action server did not run the action (down, hung, or failed)."""


class ConversationStoreUnavailable(Exception):
    """The tracker store could not be read or written."""


def action_timeout() -> float:
    return float(os.environ.get(ENV_ACTION_TIMEOUT) or DEFAULT_ACTION_TIMEOUT)


def action_failed_text(action_name: str) -> str:
    facts = clinic()
    if action_name in RESUME_AFTER_FAILURE:
        first = (f"Sorry, I could not send your request just now. Please call us at {facts.phone}, "
                 "or say \"yes\" in a minute and I will try to send it again.")
    else:
        first = (f"Sorry, something went wrong on our side and I could not do that just now. "
                 f"Please try again in a minute, or call us at {facts.phone}.")
    return f"{first} If this is an emergency, call {facts.emergency_number} now."


def store_failed_text() -> str:
    facts = clinic()
    return (f"Sorry, I cannot reach our records right now because of a problem on our side. "
            f"Please send your last message again in a few minutes, or call us at {facts.phone}. "
            f"If this is an emergency, call {facts.emergency_number} now.")


def failure_events(action_name: str) -> List[Any]:
    """What the tracker gets after a failed action: the message, maybe a reopened form, a listen."""
    from rasa.shared.core.constants import ACTION_LISTEN_NAME, REQUESTED_SLOT
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet

    events: List[Any] = [BotUttered(text=action_failed_text(action_name), metadata={"failure": "action_server"})]
    if action_name in RESUME_AFTER_FAILURE:
        form, slot = RESUME_AFTER_FAILURE[action_name]
        events += [SlotSet(slot, None), ActiveLoop(form), SlotSet(REQUESTED_SLOT, slot)]
    return events + [ActionExecuted(ACTION_LISTEN_NAME)]


def _guard_remote_actions() -> None:
    import rasa.core.actions.action as action_module
    import rasa.core.actions.forms as forms_module

    base = action_module.RemoteAction
    rejection = action_module.ActionExecutionRejection

    class GuardedRemoteAction(base):
        async def run(self, output_channel, nlg, tracker, domain):
            try:
                return await asyncio.wait_for(super().run(output_channel, nlg, tracker, domain), action_timeout())
            except rejection:
                raise  # the action declined to run (a form rejecting): Rasa's normal path
            except Exception as error:  # noqa: BLE001 - any failure of the call ends the same way
                failed = _failed_actions.get()
                if failed is not None:
                    failed.append(self.name())
                log.error("custom action %s did not run: %s", self.name(), type(error).__name__)
                raise ActionServerUnavailable(self.name()) from None

    action_module.RemoteAction = GuardedRemoteAction
    forms_module.RemoteAction = GuardedRemoteAction


def _guard_processor() -> None:
    from rasa.core.processor import MessageProcessor

    run_action = MessageProcessor._run_action
    handle_message = MessageProcessor.handle_message

    async def guarded_run_action(self, action, tracker, output_channel, nlg, prediction) -> bool:
        failed: List[str] = []
        token = _failed_actions.set(failed)
        try:
            go_on = await run_action(self, action, tracker, output_channel, nlg, prediction)
        finally:
            _failed_actions.reset(token)
        if not failed:
            return go_on
        events = failure_events(action.name())
        for event in events:
            tracker.update(event, self.domain)
        await self.execute_side_effects(events, tracker, output_channel)
        return False  # wait for the patient

    async def guarded_handle_message(self, message) -> Optional[List[Dict[str, Any]]]:
        try:
            return await handle_message(self, message)
        except ConversationStoreUnavailable:
            await message.output_channel.send_response(message.sender_id, {"text": store_failed_text()})
            return None

    MessageProcessor._run_action = guarded_run_action
    MessageProcessor.handle_message = guarded_handle_message


def _fail_loudly_tracker_store() -> None:
    from rasa.core.tracker_store import FailSafeTrackerStore

    def unavailable(doing: str, error: Exception) -> ConversationStoreUnavailable:
        log.error("conversation store unavailable while %s: %s", doing, type(error).__name__)
        return ConversationStoreUnavailable(doing)

    async def retrieve(self, sender_id):
        try:
            return await self._tracker_store.retrieve(sender_id)
        except Exception as error:  # noqa: BLE001
            raise unavailable("reading", error) from None

    async def retrieve_full_tracker(self, sender_id):
        try:
            return await self._tracker_store.retrieve_full_tracker(sender_id)
        except Exception as error:  # noqa: BLE001
            raise unavailable("reading", error) from None

    async def save(self, tracker):
        try:
            await self._tracker_store.save(tracker)
        except Exception as error:  # noqa: BLE001
            raise unavailable("saving", error) from None

    FailSafeTrackerStore.retrieve = retrieve
    FailSafeTrackerStore.retrieve_full_tracker = retrieve_full_tracker
    FailSafeTrackerStore.save = save


def _hide_sql_parameters() -> None:
    import sqlalchemy

    create_engine = sqlalchemy.create_engine

    def create_engine_hiding_parameters(*args, **kwargs):
        kwargs.setdefault("hide_parameters", True)
        return create_engine(*args, **kwargs)

    sqlalchemy.create_engine = create_engine_hiding_parameters


def install() -> None:
    global _installed
    if _installed:
        return
    log_privacy.install()
    _hide_sql_parameters()
    _guard_remote_actions()
    _guard_processor()
    _fail_loudly_tracker_store()
    _installed = True
