"""clinic_core.log_privacy: what survives in a log line, and what does not."""
from __future__ import annotations

import logging
import warnings

import pytest

from clinic_core import log_privacy
from clinic_core.log_privacy import safe_message, safe_text, safe_traceback

NAME, PHONE, SYMPTOM = "Jane Roe", "+14102300143", "cant control my bladder"


@pytest.mark.parametrize("text", [
    f"Parsed an intent ' my name is {NAME} and I {SYMPTOM}' which is not defined in the domain.",
    f"Parsed an intent ' I can't say, {NAME}, {SYMPTOM}' which is not defined",
    f"(sqlite3.OperationalError) database is locked\n[SQL: INSERT INTO events]\n[parameters: ('{PHONE}', '{NAME}')]",
    f"500, Internal Server Error, body='{{\"error\": \"x\", \"request_body\": {{\"text\": \"{SYMPTOM}\"}}}}'",
    f"Stopped predicting more actions for sender {PHONE} today",
    f"mail jane.roe@example.com about {NAME}",
    f"Exception occurred while handling uri: 'http://127.0.0.1:5005/conversations/x/tracker?token=s3cret&n={NAME}'",
])
def test_patient_data_is_cut_from_other_libraries_messages(text):
    safe = safe_text(text)
    for secret in ("Jane", "Roe", "2300143", "bladder", "jane.roe", "s3cret"):
        assert secret not in safe
    assert safe.endswith("withheld]")


def test_plain_identifiers_and_urls_without_query_are_kept():
    text = "Failed to execute custom action 'action_submit_booking'. Couldn't connect to 'http://127.0.0.1:5055/webhook'."
    assert safe_text(text) == "Failed to execute custom action 'action_submit_booking'. Couldn" + log_privacy.WITHHELD
    assert safe_text("Starting Rasa server on http://127.0.0.1:5005") == "Starting Rasa server on http://127.0.0.1:5005"


def test_json_lines_keep_only_the_event_name():
    line = f'{{"event": "processor.actions.log", "text": "{SYMPTOM}", "slot_values": ["{PHONE}"], "level": "debug"}}'
    safe = safe_message("rasa.core.processor", line)
    assert "processor.actions.log" in safe and "bladder" not in safe and "2300143" not in safe


def test_warnings_keep_category_and_place_only():
    rendered = f"/x/rasa/core/processor.py:678: UserWarning: Parsed an intent ' {NAME} {SYMPTOM}' which is not\n  line"
    safe = safe_message("py.warnings", rendered)
    assert safe.startswith("UserWarning at /x/rasa/core/processor.py:678: Parsed an intent")
    assert "Roe" not in safe and "bladder" not in safe


def test_tracebacks_keep_frames_and_types_but_not_the_text():
    try:
        try:
            raise KeyError(NAME)
        except KeyError as inner:
            raise RuntimeError(f"booking for {PHONE} failed") from inner
    except RuntimeError as error:
        text = safe_traceback(type(error), error, error.__traceback__)
    assert "KeyError" in text and "RuntimeError: booking for" in text and "test_log_privacy.py" in text
    assert "Roe" not in text and "2300143" not in text


def test_installed_records_and_warnings_are_scrubbed(caplog):
    log_privacy.install()
    caplog.set_level(logging.DEBUG)
    logging.getLogger("rasa.core.processor").warning("sender %s said '%s'", PHONE, SYMPTOM)
    logging.getLogger("clinic_core.booking").info("booking request %s stored", "K7MQ-3DW")
    try:
        raise ValueError(f"[parameters: ('{NAME}',)]")
    except ValueError:
        logging.getLogger("sqlalchemy.engine").exception("failed")
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn(f"Parsed an intent ' {NAME} {SYMPTOM}'", UserWarning)
    text = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    assert "K7MQ-3DW" in text and "ValueError" in text and "UserWarning" in text
    for secret in ("Roe", "2300143", "bladder"):
        assert secret not in text
