"""The models loaded for prediction only (scripts/rasa_speedups.py) predict what Rasa's own load
predicts: the trained model is loaded once as Rasa ships it (RASA_SPEEDUPS=off) and once with
our load, each in its own process, and both must give the same intents, entities and next-action
scores for the same messages (TensorFlow on CPU is deterministic for the same weights)."""
from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import pytest

from scripts.servers import ROOT, base_env, latest_model

pytestmark = pytest.mark.server  # needs the trained model

MESSAGES = ["hi", "thanks bye", "my lower back hurts when I sit", "yes", "no", "not sure", "book an appointment",
            "what are your office hours?", "I can't control my bladder", "it hurts on the left side near my buttock",
            "can I take ibuprofen with my blood pressure pills?", "I want to take the pain quiz"]
DIGITS = 5


def probe(model: str) -> dict:
    """In a fresh process: load ``model`` after scripts.rasa_speedups.install() (which honours
    $RASA_SPEEDUPS), then what its NLU pipeline and its policies predict for MESSAGES."""
    from rasa.core.agent import Agent
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.tensorflow.models import RasaModel

    from scripts import rasa_speedups

    rasa_speedups.install()
    agent = Agent.load(model)
    out = {"ours": hasattr(RasaModel.load, "rasa_method"), "messages": []}

    async def predict() -> None:
        for text in MESSAGES:
            parsed = await agent.parse_message(text)
            tracker = DialogueStateTracker.from_events(
                "probe", [ActionExecuted("action_listen"), UserUttered(text, parsed["intent"], parsed["entities"], parsed)],
                slots=agent.domain.slots)
            prediction = agent.processor.predict_next_with_tracker(tracker) or {}
            actions = sorted(prediction.get("scores", []), key=lambda s: -s["score"])[:5]
            selectors = {name: [[r.get("intent_response_key"), round(r["confidence"], DIGITS)]
                                for r in found.get("ranking", [])[:3]]
                         for name, found in (parsed.get("response_selector") or {}).items() if name != "all_retrieval_intents"}
            out["messages"].append({
                "intents": [[i["name"], round(i["confidence"], DIGITS)] for i in parsed["intent_ranking"][:5]],
                "entities": [[e["entity"], e.get("value"), e.get("role")] for e in parsed["entities"]],
                "responses": selectors,
                "policy": prediction.get("policy"),
                "actions": [[s["action"], round(s["score"], DIGITS)] for s in actions],
            })

    asyncio.run(predict())
    return out


def run_probe(speedups: str) -> dict:
    env = {**base_env(), "RASA_SPEEDUPS": speedups}
    code = f"import json; from tests.scale.test_model_load import probe; print(json.dumps(probe({str(latest_model())!r})))"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_models_loaded_for_prediction_only_predict_what_rasas_load_predicts():
    rasa = run_probe("off")
    ours = run_probe("on")
    assert (rasa["ours"], ours["ours"]) == (False, True)  # each process loaded the way it was meant to
    assert len(ours["messages"]) == len(MESSAGES)
    for text, expected, got in zip(MESSAGES, rasa["messages"], ours["messages"]):
        assert got == expected, text
