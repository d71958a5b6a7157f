"""A booking request as an HL7 FHIR R4 (4.0.1) ``Appointment`` with status ``proposed``.

No start/end: nobody has agreed a time yet (invariant app-3 lets only proposed/cancelled omit
them). The patient's windows go to ``requestedPeriod`` when they could be parsed; the patient's own
words are always in ``comment``. Patient and office are contained resources so the message stands
alone (the receiver may not share our Patient ids). fhirclient 4.4.0 checks structure and required
elements but not code values, so :func:`validate_appointment` checks those and the invariants.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, List, Optional

from clinic_core.clinic import Clinic

REFERENCE_SYSTEM = "urn:x-clinic:booking-request-reference"
LOCATION_SYSTEM = "urn:x-clinic:location-id"
# http://hl7.org/fhir/R4/valueset-appointmentstatus.html
APPOINTMENT_STATUSES = frozenset({
    "proposed", "pending", "booked", "arrived", "fulfilled", "cancelled", "noshow", "entered-in-error",
    "checked-in", "waitlist",
})
# http://hl7.org/fhir/R4/valueset-participationstatus.html
PARTICIPATION_STATUSES = frozenset({"accepted", "declined", "tentative", "needs-action"})
PARTICIPANT_REQUIRED = frozenset({"required", "optional", "information-only"})
NO_TIMES_ALLOWED = frozenset({"proposed", "cancelled", "waitlist"})


def _fhir_datetime(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _quiz_summary(quiz: Optional[Dict[str, Any]]) -> str:
    if not quiz:
        return "Self-assessment quiz: not completed."
    parts = [f"route {quiz.get('route', 'unknown')}"]
    probability = quiz.get("probability")
    if isinstance(probability, (int, float)):
        parts.append(f"estimated probability {round(float(probability) * 100)}%")
    if quiz.get("band"):
        parts.append(f"band {quiz['band']}")
    text = "Self-assessment quiz: " + ", ".join(parts) + "."
    drivers = [str(d) for d in (quiz.get("drivers") or [])][:5]
    if drivers:
        text += " Main factors: " + "; ".join(drivers) + "."
    return text


def _triage_summary(triage: Optional[Dict[str, Any]]) -> Optional[str]:
    if not triage or not triage.get("level") or triage.get("level") == "none":
        return None
    reasons = ", ".join(str(r) for r in (triage.get("reasons") or []))
    return f"Warning signs flagged by the assistant: {triage['level']}" + (f" ({reasons})." if reasons else ".")


def to_fhir_appointment(request, clinic: Clinic) -> Dict[str, Any]:
    """The request (a :class:`~clinic_core.booking.models.BookingRequest` or anything with the
    same attributes) as a FHIR R4 Appointment JSON object."""
    location = clinic.location(request.location_id)
    location_name = location.name if location else request.location_id

    telecom = [{"system": "phone", "value": request.phone_e164}]
    if request.email:
        telecom.append({"system": "email", "value": request.email})
    patient = {
        "resourceType": "Patient",
        "id": "patient",
        "name": [{"text": request.full_name}],
        "telecom": telecom,
    }
    office: Dict[str, Any] = {
        "resourceType": "Location",
        "id": "location",
        "identifier": [{"system": LOCATION_SYSTEM, "value": request.location_id}],
        "name": location_name,
    }
    if location:
        office["address"] = {"text": location.address}

    comment: List[str] = [f"Preferred days and times (patient's words): {request.preferred_times_text}"]
    comment.append(f"Insurance: {request.insurance or 'not given'}.")
    comment.append(f"Consent to be contacted: {'yes' if request.consent_contact else 'no'}; "
                   f"consent to text messages: {'yes' if request.consent_sms else 'no'}.")
    comment.append(f"Requested through the assistant ({request.channel}).")
    triage = _triage_summary(request.triage_snapshot)
    if triage:
        comment.append(triage)

    appointment: Dict[str, Any] = {
        "resourceType": "Appointment",
        "contained": [patient, office],
        "identifier": [{"system": REFERENCE_SYSTEM, "value": request.reference}],
        "status": "proposed",
        "serviceType": [{"text": "New patient consultation"}],
        "description": f"New patient appointment request at {clinic.name}, {location_name}. "
                       + _quiz_summary(request.quiz_snapshot),
        "comment": "\n".join(comment),
        "created": _fhir_datetime(request.created_at),
        "participant": [
            {"actor": {"reference": "#patient", "display": request.full_name},
             "required": "required", "status": "needs-action"},
            {"actor": {"reference": "#location", "display": location_name},
             "required": "required", "status": "needs-action"},
        ],
    }
    periods = (request.preferred_times_hint or {}).get("periods") or []
    if periods:
        appointment["requestedPeriod"] = [{"start": p["start"], "end": p["end"]} for p in periods]
    validate_appointment(appointment)
    return appointment


def validate_appointment(resource: Dict[str, Any]) -> None:
    """Raise ValueError unless ``resource`` is an R4 Appointment with valid codes and invariants."""
    from fhirclient.models.appointment import Appointment

    if resource.get("resourceType") != "Appointment":
        raise ValueError("not an Appointment")
    status = resource.get("status")
    if status not in APPOINTMENT_STATUSES:
        raise ValueError(f"invalid Appointment.status {status!r}")
    participants = resource.get("participant") or []
    if not participants:
        raise ValueError("Appointment.participant is required")
    for participant in participants:
        if participant.get("status") not in PARTICIPATION_STATUSES:
            raise ValueError(f"invalid participant.status {participant.get('status')!r}")
        if participant.get("required", "required") not in PARTICIPANT_REQUIRED:
            raise ValueError("invalid participant.required")
        if not (participant.get("actor") or participant.get("type")):
            raise ValueError("app-1: participant needs a type or an actor")
    if ("start" in resource) != ("end" in resource):
        raise ValueError("app-2: start and end go together")
    if "start" not in resource and status not in NO_TIMES_ALLOWED:
        raise ValueError("app-3: only proposed, cancelled or waitlist appointments may omit start/end")
    contained_ids = {c.get("id") for c in resource.get("contained") or []}
    for participant in participants:
        ref = (participant.get("actor") or {}).get("reference", "")
        if ref.startswith("#") and ref[1:] not in contained_ids:
            raise ValueError("participant refers to a contained resource that is missing")
    Appointment(resource, strict=True)  # raises FHIRValidationError on structural problems
