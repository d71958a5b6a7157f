"""Every rule and story in data/ is exercised by a conversation test in tests/stories/.

A rule counts as covered when its intents and actions appear, in order and next to each
other, in some test story (`rasa test core` then checks that the model predicts them).
"""
from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def steps_of(block) -> Tuple[str, ...]:
    out: List[str] = []
    for step in block.get("steps") or []:
        if "intent" in step:
            out.append(f"intent:{step['intent']}")
        elif "action" in step:
            out.append(f"action:{step['action']}")
    return tuple(out)


def blocks(folder: str, key: str):
    for path in sorted((ROOT / folder).glob("*.yml")):
        for block in (yaml.safe_load(path.read_text()) or {}).get(key) or []:
            yield path.name, block


TEST_STORIES = [steps_of(b) for _, b in blocks("tests/stories", "stories")]


def contains(haystack: Tuple[str, ...], needle: Tuple[str, ...]) -> bool:
    return any(haystack[i:i + len(needle)] == needle for i in range(len(haystack) - len(needle) + 1))


TRAINING = [(f"{name}: {b.get('rule') or b.get('story')}", steps_of(b))
            for name, b in list(blocks("data/rules", "rules")) + list(blocks("data/stories", "stories"))]


@pytest.mark.parametrize("name, steps", TRAINING, ids=[n for n, _ in TRAINING])
def test_rule_or_story_is_covered_by_a_conversation_test(name, steps):
    assert steps, f"{name} has no steps"
    assert any(contains(story, steps) for story in TEST_STORIES), f"no test story walks through {steps}"
