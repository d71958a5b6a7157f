"""Rasa 3.6.21 work that costs CPU on every turn and gives nothing back; scripts/serve.py installs
these changes before Rasa starts (next to scripts/rasa_guard.py, which changes behaviour; this
module must not). Measured effect: docs/benchmark.md, "Phase 2".

- Validating an action server's response (rasa/core/actions/action.py,
  `RemoteAction._validate_action_result`): Rasa calls `jsonschema.validate(result, schema)` on
  every custom action call, which first checks the schema itself against JSON Schema's
  meta-schema (`check_schema`) and then builds a new validator. The schema never changes
  (`RemoteAction.action_response_format_spec()`, built from Rasa's EVENTS_SCHEMA), so it is
  checked and its validator built once here. A valid response is accepted as before; an invalid
  one goes to Rasa's own method, which raises the same `ValidationError` with the same message.
  Measured in-process on a quiz response: 26 ms CPU per call before, under 1 ms after.
"""
from __future__ import annotations

import os
from typing import Any, Callable, Dict

# "off": Rasa as shipped (to measure what these changes save, or to rule them out); else on.
ENV_SWITCH = "RASA_SPEEDUPS"
_installed = False


def response_validator() -> Any:
    """What `jsonschema.validate` builds on each call, built once: the validator class for the
    schema's draft, after the same schema check (a broken schema fails here, at start)."""
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_with(validator: Any, rasa_validate: Callable[[Any, Dict[str, Any]], bool]):
    """`_validate_action_result` that accepts a valid response with ``validator`` and hands an
    invalid one to ``rasa_validate`` (Rasa's method) for Rasa's error."""

    def validate_action_result(self, result: Dict[str, Any]) -> bool:
        if validator.is_valid(result):
            return True
        return rasa_validate(self, result)

    validate_action_result.rasa_method = rasa_validate  # what an invalid response goes to (tests read it)
    return validate_action_result


def _validate_action_responses_once() -> None:
    import rasa.core.actions.action as action_module

    remote_action = action_module.RemoteAction  # rasa_guard's subclass if installed first: same method
    remote_action._validate_action_result = validate_with(response_validator(), remote_action._validate_action_result)


def install() -> None:
    global _installed
    if _installed or os.environ.get(ENV_SWITCH, "").lower() == "off":
        return
    _validate_action_responses_once()
    _installed = True
