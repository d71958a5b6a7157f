"""The scale-out recipe under load: 50 concurrent patients whose turns go alternately to two Rasa
servers (shared PostgreSQL tracker store, Redis lock store, two action servers behind nginx).

Every conversation must reach its quiz result; the conversation stored in PostgreSQL must hold
exactly the turns each patient sent, each followed by exactly the replies that patient received
(no turn lost, none answered twice); two messages of one conversation sent at the same instant to
both servers must be processed one after the other; the booking requests made through nginx must
reach the clinic's (fake) webhook exactly once each, with two outbox workers competing.
"""
from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from typing import Dict, List, Tuple

import aiohttp
import pytest
from sqlalchemy import create_engine, text

from bench.patients import Conversation, Patient, run_patient
from bench.transports import RestTransport
from clinic_core.booking.store import BookingStore
from clinic_core.clinic import clinic
from tests.support.chat import customs

pytestmark = [pytest.mark.server, pytest.mark.postgres]

PATIENTS = 50
BOOKERS = set(range(0, PATIENTS, 5))  # 10 of them then ask for an appointment, through nginx
PAIRS = range(1, PATIENTS, 5)  # 10 others get two messages at one instant, one on each server
PAIR_TEXTS = ("do you take my insurance?", "what are your office hours?")
LOCATION = clinic().locations[0]
Said = Tuple[List[str], List[str]]  # a turn's text paragraphs and its custom payload types


def said(replies: List[dict]) -> Said:
    paragraphs = [p.strip() for r in replies for p in (r.get("text") or "").split("\n\n") if p.strip()]
    return paragraphs, [r["custom"].get("type") for r in replies if isinstance(r.get("custom"), dict)]


def stored_turns(engine, sender: str) -> List[Tuple[str, Said]]:
    """(user text, what the bot said after it) for each user message in Rasa's `events` table."""
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}).all()
    turns: List[Tuple[str, Said]] = []
    before_first: Said = ([], [])  # a session start may speak before the first user event
    for type_name, data in rows:
        event = json.loads(data)
        if type_name == "user":
            turns.append((event.get("text"), ([], []) if turns else before_first))
        elif type_name == "bot":
            paragraphs, kinds = turns[-1][1] if turns else before_first
            paragraphs += [p.strip() for p in (event.get("text") or "").split("\n\n") if p.strip()]
            custom = (event.get("data") or {}).get("custom")
            if isinstance(custom, dict):
                kinds.append(custom.get("type"))
    return turns


async def book(patient: Patient, i: int) -> None:
    await patient.say("I want to book an appointment")
    for answer in ("Pat Scaletest", f"410-555-01{i:02d}", "skip", LOCATION.id, "Tuesday mornings", "Blue Cross",
                   "yes", "no"):
        await patient.say(answer)
    await patient.say("yes")  # confirms the summary


async def drive(cluster) -> Dict[str, object]:
    run = uuid.uuid4().hex[:8]
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        async def patient(i: int) -> Conversation:
            servers = cluster.rasa_urls if i % 2 == 0 else cluster.rasa_urls[::-1]
            transport = RestTransport(session, servers)

            async def script(p: Patient) -> None:
                await p.quiz(i)
                if i in BOOKERS:
                    transport.urls = [cluster.lb_url]
                    await book(p, i)
            return await run_patient(lambda: transport, f"scale-{run}-{i:02d}", script)

        start = time.perf_counter()
        conversations = await asyncio.gather(*(patient(i) for i in range(PATIENTS)))
        elapsed = time.perf_counter() - start

        async def post(url: str, sender: str, message: str) -> List[dict]:
            async with session.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                                    timeout=aiohttp.ClientTimeout(total=120)) as response:
                assert response.status == 200
                return await response.json()

        async def pair(sender: str) -> Dict[str, List[dict]]:
            replies = await asyncio.gather(*(post(url, sender, message)
                                             for url, message in zip(cluster.rasa_urls, PAIR_TEXTS)))
            return dict(zip(PAIR_TEXTS, replies))

        senders = [conversations[i].sender for i in PAIRS]
        pairs = dict(zip(senders, await asyncio.gather(*(pair(sender) for sender in senders))))
    return {"conversations": conversations, "pairs": pairs, "elapsed": elapsed}


def wait_for_deliveries(webhook, expected: int, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while len(webhook.received) < expected and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(3)  # two workers poll every second: a duplicate would arrive within this


def test_fifty_patients_alternating_between_two_servers(cluster, clinic_webhook):
    outcome = asyncio.run(drive(cluster))
    conversations: List[Conversation] = outcome["conversations"]
    turns = sum(len(c.turns) for c in conversations)
    print(f"\n{PATIENTS} conversations, {turns} turns in {outcome['elapsed']:.0f} s "
          f"({turns / outcome['elapsed']:.1f} turns/s; the machine may be shared: not a benchmark)")

    failed = {c.sender: c.error for c in conversations if c.error or not c.result}
    assert not failed, f"conversations that did not reach their result: {failed}"

    engine = create_engine(cluster.tracker_db_url, future=True)
    try:
        for conversation in conversations:
            stored = stored_turns(engine, conversation.sender)
            pair = outcome["pairs"].get(conversation.sender, {})
            assert [t for t, _ in stored[:len(conversation.turns)]] == conversation.texts, conversation.sender
            for turn, (_, bot_said) in zip(conversation.turns, stored):
                assert bot_said == said(turn.replies), (conversation.sender, turn.text)
            # The two simultaneous messages: both stored, one after the other, each with its own answer.
            assert sorted(t for t, _ in stored[len(conversation.turns):]) == sorted(pair), conversation.sender
            for user_text, bot_said in stored[len(conversation.turns):]:
                assert bot_said == said(pair[user_text]), (conversation.sender, user_text)
    finally:
        engine.dispose()

    confirmations = [customs(c.turns[-1].replies, "booking_confirmation") for c in conversations
                     if int(c.sender[-2:]) in BOOKERS]
    assert all(len(found) == 1 for found in confirmations), confirmations
    references = {found[0]["reference"] for found in confirmations}
    assert len(references) == len(BOOKERS)

    wait_for_deliveries(clinic_webhook, len(references))
    keys = [r["headers"].get("Idempotency-Key") for r in clinic_webhook.received]
    assert len(keys) == len(references) == len(set(keys)), "each request delivered exactly once"
    store = BookingStore(cluster.booking_db_url)
    try:
        outbox = {reference: store.outbox_for(reference) for reference in references}
    finally:
        store.dispose()
    assert {ref: (item.status, item.attempts) for ref, item in outbox.items()} == {
        ref: ("delivered", 1) for ref in references}
    assert {item.idempotency_key for item in outbox.values()} == set(keys)

    # nginx spread the bookings' turns over both Rasa servers and their actions over both action servers.
    upstreams = re.findall(r'"POST (\S+)" 200 upstream=(\S+)', (cluster.log_dir / "access.log").read_text())
    for path, servers in (("/webhooks/rest/webhook", cluster.rasa_urls), ("/webhook", cluster.action_urls)):
        used = {upstream for p, upstream in upstreams if p == path}
        assert used == {url.removeprefix("http://") for url in servers}, (path, used)
