"""Talking to a running assistant over the REST channel: one patient's chat and reply helpers."""
from __future__ import annotations

import json
import urllib.request
import uuid
from typing import Any, Dict, List

API_TOKEN = "test-only-token"


class Chat:
    """One patient's conversation over the REST channel."""

    def __init__(self, url: str):
        self.url = url
        self.sender = f"test-{uuid.uuid4()}"

    def say(self, text: str) -> List[Dict[str, Any]]:
        body = json.dumps({"sender": self.sender, "message": text}).encode()
        request = urllib.request.Request(
            f"{self.url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 200
            return json.loads(response.read() or b"[]")

    def tracker(self) -> Dict[str, Any]:
        with urllib.request.urlopen(
            f"{self.url}/conversations/{self.sender}/tracker?token={API_TOKEN}", timeout=30
        ) as response:
            return json.loads(response.read())

    def slot(self, name: str) -> Any:
        return self.tracker()["slots"].get(name)


def texts(messages: List[Dict[str, Any]]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def customs(messages: List[Dict[str, Any]], kind: str) -> List[Dict[str, Any]]:
    return [m["custom"] for m in messages if isinstance(m.get("custom"), dict) and m["custom"].get("type") == kind]



def asked_item(messages: List[Dict[str, Any]]) -> Any:
    """The item id of the last quiz question in these replies, or None."""
    questions = customs(messages, "quiz_question")
    return questions[-1]["item"] if questions else None


def answer_quiz(chat: Chat, replies: List[Dict[str, Any]], answer_for, max_turns: int = 45):
    """Answer each quiz question with ``answer_for(item_id)`` until the result arrives.

    Returns (result payload, items asked in order, the replies that carried the result).
    """
    asked: List[str] = []
    for _ in range(max_turns):
        results = customs(replies, "quiz_result")
        if results:
            return results[-1], asked, replies
        item = asked_item(replies)
        assert item is not None, f"neither a question nor a result: {texts(replies)!r}"
        asked.append(item)
        replies = chat.say(answer_for(item))
    raise AssertionError(f"no result after {max_turns} answers; asked {asked}")
