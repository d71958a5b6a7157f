"""The labels staff may give a message: the assistant's intents and FAQ topics, read from the
project's own domain and response files (one source of truth; nothing to keep in step here)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Tuple

import yaml

from clinic_core.clinic import PROJECT_ROOT

RETRIEVAL_INTENT = "faq"
FAQ_PREFIX = f"utter_{RETRIEVAL_INTENT}/"
# Red flags are decided by rules (clinic_core/triage.py), not learned: a missed one is a rule
# change, so staff tag it instead of exporting training data for it.
NOT_CORRECTABLE_PREFIXES = ("red_flag_",)


@dataclass(frozen=True)
class Labels:
    intents: Tuple[str, ...]
    faq_topics: Tuple[str, ...]

    def check(self, intent: str, faq_topic: str = "") -> Tuple[str, str]:
        """The (intent, topic) pair if staff may export it, else ValueError with the reason."""
        if intent not in self.intents:
            raise ValueError("choose one of the listed intents")
        if intent == RETRIEVAL_INTENT:
            if faq_topic not in self.faq_topics:
                raise ValueError("an FAQ question needs one of the listed FAQ topics")
            return intent, faq_topic
        return intent, ""


def _domain_intents(domain_dir: Path):
    for path in sorted(domain_dir.glob("*.yml")):
        for entry in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("intents") or []:
            yield next(iter(entry)) if isinstance(entry, dict) else str(entry)


def _faq_topics(responses_file: Path):
    responses = (yaml.safe_load(responses_file.read_text(encoding="utf-8")) or {}).get("responses") or {}
    return (name[len(FAQ_PREFIX):] for name in responses if name.startswith(FAQ_PREFIX))


@lru_cache(maxsize=4)
def load_labels(root: Path = PROJECT_ROOT) -> Labels:
    intents = {i for i in _domain_intents(root / "domain") if not i.startswith(NOT_CORRECTABLE_PREFIXES)}
    return Labels(tuple(sorted(intents)), tuple(sorted(_faq_topics(root / "data" / "responses" / "faq.yml"))))
