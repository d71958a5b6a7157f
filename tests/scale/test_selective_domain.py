"""Selective domain (endpoints.yml `enable_selective_domain`): Rasa sends its 38 KB domain only to
the actions that read it. An action that reads the domain without getting it would name its
alert from a guess, so the domain must reach exactly the actions whose `run` reads it.

Which actions read it is found in their code (the `domain` argument used in `run`); which get it
is what Rasa's own RemoteAction puts in the request, with our domain and endpoints.yml."""
from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from typing import Dict, Type

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config
from rasa_sdk import Action

import actions
from scripts.servers import ROOT


def _our_actions() -> Dict[str, Type[Action]]:
    for module in pkgutil.iter_modules(actions.__path__):
        importlib.import_module(f"actions.{module.name}")
    found, todo = {}, list(Action.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("actions.") and not inspect.isabstract(cls):
            found[cls().name()] = cls
    return found


def _run_reads_domain(cls: Type[Action]) -> bool:
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls.run)))
    return any(isinstance(node, ast.Name) and node.id == "domain" and isinstance(node.ctx, ast.Load)
               for node in ast.walk(tree))


@pytest.fixture(scope="module")
def request_has_domain(monkeypatch_module):
    monkeypatch_module.setenv("ACTION_ENDPOINT_URL", "http://127.0.0.1:1/webhook")
    monkeypatch_module.setenv("ACTION_SERVER_TOKEN", "not-a-secret")
    endpoint = read_endpoint_config(str(ROOT / "endpoints.yml"), "action_endpoint")
    domain = Domain.load(str(ROOT / "domain"))
    tracker = DialogueStateTracker("selective-domain-test", domain.slots)
    return lambda name: "domain" in RemoteAction(name, endpoint)._action_call_format(tracker, domain)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_the_finder_sees_the_actions_that_read_the_domain_and_those_that_do_not():
    found = _our_actions()
    assert len(found) > 15
    assert _run_reads_domain(found["action_triage"]) and _run_reads_domain(found["validate_pain_quiz_form"])
    assert not _run_reads_domain(found["action_ask_quiz_item"])


@pytest.mark.parametrize("name", sorted(_our_actions()))
def test_the_domain_goes_to_exactly_the_actions_that_read_it(name, request_has_domain):
    assert request_has_domain(name) == _run_reads_domain(_our_actions()[name]), name

