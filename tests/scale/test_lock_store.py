"""The lock store of the scale-out recipe on a real Redis: two stores stand for two Rasa servers."""
from __future__ import annotations

import asyncio
import threading
import uuid

from sqlalchemy.engine import make_url

from deploy.redis_lock_store import AtomicRedisLockStore
from rasa.utils.endpoints import EndpointConfig


def two_servers(redis_url):
    url = make_url(redis_url.replace("redis://", "redis+x://", 1))
    prefix = f"test{uuid.uuid4().hex[:8]}"
    config = EndpointConfig(url=url.host, port=url.port, password=url.password, db=1, key_prefix=prefix,
                            type="deploy.redis_lock_store.AtomicRedisLockStore")
    return AtomicRedisLockStore(config), AtomicRedisLockStore(config)


def test_tickets_issued_at_the_same_instant_by_two_servers_are_all_different(redis_url):
    stores = two_servers(redis_url)
    tickets, start = [], threading.Barrier(4)

    def issue(store):
        start.wait()
        for _ in range(100):
            tickets.append(store.issue_ticket("conversation-1", lock_lifetime=60))

    threads = [threading.Thread(target=issue, args=(stores[i % 2],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(tickets) == list(range(400))


def test_two_servers_never_hold_one_conversation_at_the_same_time(redis_url):
    stores = two_servers(redis_url)
    holding, overlaps, order = set(), [], []

    async def handle(store, message: str):
        async with store.lock("conversation-2", wait_time_in_seconds=0.01):
            if holding:
                overlaps.append(message)
            holding.add(message)
            await asyncio.sleep(0.02)
            order.append(message)
            holding.discard(message)

    async def main():
        await asyncio.gather(*(handle(stores[i % 2], f"m{i}") for i in range(20)))

    asyncio.run(main())
    assert overlaps == [] and sorted(order) == sorted(f"m{i}" for i in range(20))
    assert stores[0].get_lock("conversation-2") is None  # the last one out removed the lock
