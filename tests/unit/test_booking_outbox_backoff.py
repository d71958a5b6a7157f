"""Backoff arithmetic of the outbox dispatcher (no database, no network)."""
import random

import pytest

from clinic_core.booking.outbox import OutboxDispatcher


def test_backoff_doubles_with_small_jitter_and_is_capped():
    dispatcher = OutboxDispatcher(None, None, backoff_base=30, backoff_cap=300, jitter=0.1, rng=random.Random(1))
    delays = [dispatcher.backoff(n).total_seconds() for n in range(1, 12)]
    assert 30 <= delays[0] <= 33 and 60 <= delays[1] <= 66 and 120 <= delays[2] <= 132
    assert delays == sorted(delays) and max(delays) == 300


def test_jitter_spreads_retries():
    dispatcher = OutboxDispatcher(None, None, backoff_base=30, jitter=0.1, rng=random.Random(3))
    assert len({dispatcher.backoff(1).total_seconds() for _ in range(20)}) > 1


def test_settings_are_checked():
    with pytest.raises(ValueError):
        OutboxDispatcher(None, None, max_attempts=0)
    assert OutboxDispatcher(None, None).local_mode
