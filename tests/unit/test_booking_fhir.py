"""A booking request as a FHIR R4 Appointment (proposed), loaded by fhirclient's strict R4 model."""
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
from fhirclient.models.appointment import Appointment
from fhirclient.models.fhirabstractbase import FHIRValidationError

from clinic_core.booking.fhir import APPOINTMENT_STATUSES, to_fhir_appointment, validate_appointment
from clinic_core.clinic import load_clinic

CLINIC = load_clinic()
HINT = {"periods": [{"start": "2026-11-24T15:00:00-05:00", "end": "2026-11-24T17:00:00-05:00"}]}


def request(**overrides):
    fields = dict(
        reference="K7MQ-3DW", full_name="Jane Testperson", phone_e164="+14102300143",
        email="jane.testperson@example.com", location_id="hagerstown-md",
        preferred_times_text="Tuesdays after 3pm, not Fridays", preferred_times_hint=None,
        insurance="Acme Health PPO", consent_contact=True, consent_sms=False, channel="twilio",
        quiz_snapshot={"route": "specialist", "probability": 0.42, "band": "moderate",
                       "drivers": ["pain worse after sitting"]},
        triage_snapshot={"level": "urgent", "reasons": ["new_weakness"]},
        created_at=datetime(2026, 11, 20, 15, 4, 5, tzinfo=timezone.utc),
    )
    fields.update(overrides)
    return SimpleNamespace(**fields)


def test_appointment_is_proposed_with_participants_needing_action():
    resource = to_fhir_appointment(request(), CLINIC)
    appointment = Appointment(resource, strict=True)
    assert appointment.status == "proposed" and appointment.status in APPOINTMENT_STATUSES
    assert appointment.start is None and appointment.end is None
    assert [p.status for p in appointment.participant] == ["needs-action", "needs-action"]
    assert [p.actor.reference for p in appointment.participant] == ["#patient", "#location"]
    assert appointment.identifier[0].value == "K7MQ-3DW"
    assert appointment.created.isostring.startswith("2026-11-20T15:04:05")
    assert appointment.as_json()["status"] == "proposed"

    assert [type(c).__name__ for c in appointment.contained] == ["Patient", "Location"]  # strictly checked too
    patient, location = resource["contained"]
    assert patient["name"] == [{"text": "Jane Testperson"}]
    assert {"system": "phone", "value": "+14102300143"} in patient["telecom"]
    assert {"system": "email", "value": "jane.testperson@example.com"} in patient["telecom"]
    assert location["name"] == "Hagerstown, Maryland" and "Hagerstown" in location["address"]["text"]
    assert "route specialist" in resource["description"] and "42%" in resource["description"]
    assert "urgent" in resource["comment"] and "Acme Health PPO" in resource["comment"]


def test_verbatim_preferences_in_comment_and_periods_only_with_a_hint():
    without = to_fhir_appointment(request(), CLINIC)
    assert "requestedPeriod" not in without
    assert "Tuesdays after 3pm, not Fridays" in without["comment"]
    with_hint = to_fhir_appointment(request(preferred_times_hint=HINT), CLINIC)
    assert with_hint["requestedPeriod"] == HINT["periods"]
    loaded = Appointment(with_hint, strict=True)
    assert loaded.requestedPeriod[0].start.isostring.startswith("2026-11-24T15:00:00")


def test_without_optional_data():
    resource = to_fhir_appointment(request(email=None, insurance=None, quiz_snapshot=None, triage_snapshot=None),
                                   CLINIC)
    Appointment(resource, strict=True)
    assert [t["system"] for t in resource["contained"][0]["telecom"]] == ["phone"]
    assert "not completed" in resource["description"]


@pytest.mark.parametrize("change,message", [
    ({"status": "bogus"}, "status"),  # fhirclient alone accepts this
    ({"status": "booked"}, "app-3"),
    ({"start": "2026-11-24T15:00:00Z"}, "app-2"),
    ({"participant": []}, "participant"),
])
def test_own_checks_catch_what_fhirclient_does_not(change, message):
    resource = to_fhir_appointment(request(), CLINIC)
    resource.update(change)
    with pytest.raises(ValueError, match=message):
        validate_appointment(resource)


def test_participant_status_is_checked():
    resource = to_fhir_appointment(request(), CLINIC)
    resource["participant"][0]["status"] = "maybe"
    with pytest.raises(ValueError, match="participant.status"):
        validate_appointment(resource)


def test_fhirclient_is_strict_about_structure():
    resource = to_fhir_appointment(request(), CLINIC)
    del resource["participant"][0]["status"]
    with pytest.raises(FHIRValidationError):
        Appointment(resource, strict=True)
