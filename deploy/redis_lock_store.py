"""Rasa's Redis ticket lock store with atomic ticket operations, for several Rasa servers.

Rasa 3.6's `RedisLockStore` issues a ticket by reading the conversation's lock, adding a
ticket and writing it back, as separate Redis commands. Two servers that receive messages of one
conversation within a few milliseconds (a double click behind a load balancer) both read "no
ticket", both get ticket 0 and process the conversation at the same time; the SQL tracker store
then keeps one server's events and silently drops the other's (tests/scale found it: a lost turn).
Rasa Pro's `ConcurrentRedisLockStore` addresses the same problem; Rasa open source has none.

This subclass keeps Rasa's ticket lock (same keys, same JSON, same waiting loop) and makes each
read-modify-write one optimistic Redis transaction (WATCH / MULTI / EXEC, retried on conflict).
endpoints.postgres.yml selects it with `type: deploy.redis_lock_store.AtomicRedisLockStore`.
"""
from __future__ import annotations

import json
from typing import Any, Callable, Optional, Tuple

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

# A change gets the stored lock (None: no lock) and returns (the lock to store, None to delete; a result).
Change = Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], Any]]


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _atomically(self, conversation_id: str, change: Change) -> Any:
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    lock, result = change(TicketLock.from_dict(json.loads(stored)) if stored else None)
                    pipe.multi()
                    if lock is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, lock.dumps())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another server changed this lock meanwhile: read it again

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def change(lock: Optional[TicketLock]):
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._atomically(conversation_id, change)
        except Exception as exc:  # noqa: BLE001 - Rasa's contract: any failure is a LockError
            raise LockError(f"Error while acquiring lock. Error:\n{exc}") from exc

    def update_lock(self, conversation_id: str) -> None:
        def change(lock: Optional[TicketLock]):
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._atomically(conversation_id, change)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self.cleanup(conversation_id, ticket_number)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Removes the ticket, and the lock itself when no other ticket waits (one transaction)."""
        def change(lock: Optional[TicketLock]):
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._atomically(conversation_id, change)
