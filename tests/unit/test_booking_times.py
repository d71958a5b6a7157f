"""The preferred-times hint: cautious, in the clinic's time zone, None when unsure."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from clinic_core.booking.times import parse_preferences

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=timezone.utc)  # a Friday
NY = ZoneInfo("America/New_York")


def test_days_clock_bound_and_exclusion():
    hint = parse_preferences("Tuesdays after 3pm, not Fridays", NOW, NY)
    assert hint["weekdays"] == ["tue"] and hint["excluded_weekdays"] == ["fri"] and hint["after"] == "15:00"
    assert hint["periods"] == [
        {"start": "2026-11-24T15:00:00-05:00", "end": "2026-11-24T17:00:00-05:00"},
        {"start": "2026-12-01T15:00:00-05:00", "end": "2026-12-01T17:00:00-05:00"},
    ]


def test_parts_of_day_on_weekdays_from_tomorrow_for_two_weeks():
    hint = parse_preferences("mornings are best", NOW, NY)
    assert hint["parts_of_day"] == ["morning"] and len(hint["periods"]) == 10
    assert hint["periods"][0] == {"start": "2026-11-23T08:00:00-05:00", "end": "2026-11-23T12:00:00-05:00"}


@pytest.mark.parametrize("text,first", [
    ("not mornings", ("2026-11-23T12:00:00-05:00", "2026-11-23T17:00:00-05:00")),
    ("after lunch on Friday", ("2026-11-27T13:00:00-05:00", "2026-11-27T17:00:00-05:00")),
    ("before noon on thursdays", ("2026-11-26T08:00:00-05:00", "2026-11-26T12:00:00-05:00")),
    ("Thursday morning or afternoon", ("2026-11-26T08:00:00-05:00", "2026-11-26T17:00:00-05:00")),
    ("weekends", ("2026-11-21T08:00:00-05:00", "2026-11-21T17:00:00-05:00")),
])
def test_examples(text, first):
    hint = parse_preferences(text, NOW, NY)
    assert (hint["periods"][0]["start"], hint["periods"][0]["end"]) == first


@pytest.mark.parametrize("text", ["", "   ", "asap please", "I work nights", "call my cell", None])
def test_nothing_understood_gives_no_hint(text):
    assert parse_preferences(text, NOW, NY) is None


def test_am_in_a_sentence_is_not_a_morning():
    assert parse_preferences("I am free Tuesday", NOW, NY)["parts_of_day"] == []


def test_daylight_saving_offsets_follow_the_date():
    hint = parse_preferences("Monday morning", datetime(2027, 3, 10, 12, tzinfo=timezone.utc), NY)
    assert hint["periods"][0]["start"] == "2027-03-15T08:00:00-04:00"
