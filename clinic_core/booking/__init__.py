"""Appointment requests: storage (SQLAlchemy + Alembic), FHIR R4 mapping, outbox delivery.

Plain Python, no Rasa import. Names are imported lazily so ``clinic_core.booking.contact`` (used
by the form validation) does not pull in SQLAlchemy.

    from clinic_core.booking import BookingStore, OutboxDispatcher, migrate, to_fhir_appointment
"""
from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "BookingStore": "store", "BookingError": "store", "InvalidTransition": "store", "InvalidRequest": "store",
    "SchemaNotReady": "store", "UnknownReference": "store", "OutboxItem": "store", "idempotency_key_for": "store",
    "BookingRequest": "models", "OutboxMessage": "models", "STATUSES": "models", "TRANSITIONS": "models",
    "OutboxDispatcher": "outbox", "DispatchSummary": "outbox",
    "to_fhir_appointment": "fhir", "validate_appointment": "fhir",
    "migrate": "db", "downgrade": "db", "current_revision": "db", "head_revision": "db",
    "generate_reference": "reference", "normalise_reference": "reference",
    "parse_preferences": "times", "submit_request": "service",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
