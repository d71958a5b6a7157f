"""A normalised, order-free digest of compiled spaCy entity-ruler patterns.

Two pattern lists that match the same token sequences in the same way digest the same, even when
one writes an optional token as ``"OP": "?"`` and the other as two patterns (with and without it),
or lists the words of an ``IN`` set in another order. Used by ``test_lexicon_migration`` to prove
that moving the patterns from Python to YAML changed nothing.
"""
from __future__ import annotations

import hashlib
import json
from typing import Dict, Iterable, List, Mapping, Tuple


def _canonical(spec: Mapping) -> str:
    def norm(value):
        if isinstance(value, Mapping):
            return {k: (sorted(set(v)) if k in ("IN", "NOT_IN") else norm(v)) for k, v in value.items()}
        return value

    body = {k: norm(v) for k, v in spec.items() if k != "OP"}
    return hashlib.sha1(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]


def _expanded(tokens: List[Mapping]) -> List[Tuple[str, ...]]:
    variants: List[Tuple[str, ...]] = [()]
    for token in tokens:
        op = token.get("OP")
        if op not in (None, "?"):
            raise ValueError(f"operator {op!r} not covered by the digest")
        spec = _canonical(token)
        with_token = [v + (spec,) for v in variants]
        variants = with_token + variants if op == "?" else with_token
    return [v for v in variants if v]


def digests(patterns: Iterable[Mapping]) -> Dict[str, Dict[str, object]]:
    """``"LABEL/id" -> {"sequences": n, "sha256": hex}`` over the expanded token sequences."""
    by_concept: Dict[str, set] = {}
    for pattern in patterns:
        key = f"{pattern['label']}/{pattern['id']}"
        tokens = pattern["pattern"]
        if isinstance(tokens, str):
            tokens = [{"PHRASE": tokens}]
        by_concept.setdefault(key, set()).update(_expanded(tokens))
    return {
        key: {"sequences": len(seqs),
              "sha256": hashlib.sha256("\n".join(" ".join(s) for s in sorted(seqs)).encode()).hexdigest()}
        for key, seqs in sorted(by_concept.items())
    }
