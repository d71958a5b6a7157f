"""Rasa 3.6.21 work that costs CPU on every turn and gives nothing back; scripts/serve.py installs
these changes before Rasa starts (next to scripts/rasa_guard.py, which changes behaviour; this
module must not). Measured effect: docs/benchmark.md, "Phase 2".

- Validating an action server's response (rasa/core/actions/action.py,
  `RemoteAction._validate_action_result`): Rasa calls `jsonschema.validate(result, schema)` on
  every custom action call, which first checks the schema itself against JSON Schema's
  meta-schema (`check_schema`) and then builds a new validator. The schema never changes
  (`RemoteAction.action_response_format_spec()`, built from Rasa's EVENTS_SCHEMA), so it is
  checked and its validator built once here. A valid response is accepted as before; an invalid
  one goes to Rasa's own method, which raises the same `ValidationError` with the same message.
  Measured in-process on a quiz response: 26 ms CPU per call before, under 1 ms after.
- Reading a conversation from the tracker store (rasa/shared/core/events.py,
  `Event.resolve_by_type`): for every stored event, Rasa walks the whole tree of Event classes
  (`all_subclasses`, with an `inspect.isabstract` check per class) to find the class of its type
  name: half of the CPU of loading a conversation, and it grows with the conversation. The class
  found for a type name is remembered; a name Rasa does not know still goes to Rasa's own walk
  (its default, or its error). Measured in-process on a 361-event conversation: about half of
  the load's CPU.
- The SQLite tracker store (`make run`'s default; production uses PostgreSQL): Rasa opens a new
  connection for every read and every save (SQLAlchemy's NullPool for SQLite files) in SQLite's
  rollback-journal mode, so every save waits for several fsyncs (15 to 25 ms on this machine's
  disk, inside the event loop, so every other patient waits too). Here the file is switched to
  write-ahead logging (`journal_mode=WAL`, kept in the file) and connections are pooled, so a save
  is one fsync of the log. `synchronous` stays FULL: a saved turn survives a power cut as before.
  Readers (the staff console, opened read only) no longer wait for a save.
- Loading the TensorFlow models at start (rasa/utils/tensorflow/models.py, `RasaModel.load`):
  to give the model weights of the right shapes, Rasa trains it for one step on one example,
  which traces the whole training graph (losses, gradients, the optimizer's state) of DIET, the
  response selector and TED, and then overwrites every weight from the saved file. Here one
  prediction on Rasa's own prediction example creates the weights prediction uses; the saved
  weights are then loaded over them (the optimizer's saved state is left unread) and Rasa's own
  warm-up prediction follows, as before. Fine-tuning (`rasa train --finetune`) and a model
  without a prediction example go to Rasa's method. Same predictions (tests/scale/test_model_load.py
  compares intents, entities and next-action scores with Rasa's load); measured on this machine:
  the CPU time of loading the model roughly halved (docs/benchmark.md, "Phase 2").
"""
from __future__ import annotations

import os
from typing import Any, Callable, Dict, Optional

# "off": Rasa as shipped (to measure what these changes save, or to rule them out); else on.
ENV_SWITCH = "RASA_SPEEDUPS"
_installed = False


def response_validator() -> Any:
    """What `jsonschema.validate` builds on each call, built once: the validator class for the
    schema's draft, after the same schema check (a broken schema fails here, at start)."""
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_with(validator: Any, rasa_validate: Callable[[Any, Dict[str, Any]], bool]):
    """`_validate_action_result` that accepts a valid response with ``validator`` and hands an
    invalid one to ``rasa_validate`` (Rasa's method) for Rasa's error."""

    def validate_action_result(self, result: Dict[str, Any]) -> bool:
        if validator.is_valid(result):
            return True
        return rasa_validate(self, result)

    validate_action_result.rasa_method = rasa_validate  # what an invalid response goes to (tests read it)
    return validate_action_result


def _validate_action_responses_once() -> None:
    import rasa.core.actions.action as action_module

    remote_action = action_module.RemoteAction  # rasa_guard's subclass if installed first: same method
    remote_action._validate_action_result = validate_with(response_validator(), remote_action._validate_action_result)


def _resolve_event_types_once() -> None:
    from rasa.shared.core.events import Event

    rasa_resolve = Event.resolve_by_type
    known: Dict[str, type] = {}

    def resolve_by_type(type_name: str, default: Optional[type] = None) -> Optional[type]:
        found = known.get(type_name)
        if found is not None:
            return found
        try:
            found = rasa_resolve(type_name)
        except ValueError:
            return rasa_resolve(type_name, default)  # not an event type Rasa knows: Rasa's answer
        if found is not None:
            known[type_name] = found
        return found

    resolve_by_type.rasa_method = rasa_resolve
    Event.resolve_by_type = staticmethod(resolve_by_type)


def sqlite_file(url: Any) -> Optional[str]:
    """The file of a SQLite database URL; None for another database or an in-memory one."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:") or database.startswith("file::memory:"):
        return None
    return database


def _sqlite_tracker_store_with_write_ahead_log() -> None:
    import rasa.core.tracker_store as tracker_store
    from sqlalchemy.pool import QueuePool

    rasa_engine_kwargs = tracker_store.create_engine_kwargs
    rasa_init = tracker_store.SQLTrackerStore.__init__

    def create_engine_kwargs(url: Any) -> Dict[str, Any]:
        if sqlite_file(url) is None:
            return rasa_engine_kwargs(url)
        # Pooled connections may be checked out by any thread the event loop hands work to.
        return {"poolclass": QueuePool, "connect_args": {"check_same_thread": False}}

    def init(self, *args: Any, **kwargs: Any) -> None:
        rasa_init(self, *args, **kwargs)
        if sqlite_file(self.engine.url) is not None:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")

    tracker_store.create_engine_kwargs = create_engine_kwargs
    tracker_store.SQLTrackerStore.__init__ = init


def _load_models_for_prediction_only() -> None:
    import tensorflow as tf
    from rasa.utils.tensorflow.models import RasaModel
    from rasa.utils.train_utils import create_data_generators

    rasa_load = RasaModel.load.__func__

    def load(cls, model_file_name: str, model_data_example: Any, predict_data_example: Any = None,
             finetune_mode: bool = False, *args: Any, **kwargs: Any) -> Any:
        if finetune_mode or predict_data_example is None:
            return rasa_load(cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
                             *args, **kwargs)
        config = kwargs.get("config", {})
        model = cls(*args, **kwargs)
        model.compile(optimizer=tf.keras.optimizers.Adam(config.get("learning_rate", 0.001)),
                      run_eagerly=config.get("run_eagerly"))
        # One eager prediction creates every weight prediction uses (random values), in place of
        # Rasa's one training step, which also traces the training graph and makes the optimizer's state.
        generator, _ = create_data_generators(predict_data_example, batch_sizes=1, epochs=1, shuffle=False)
        model._training = False
        model.prepare_for_predict()
        model.batch_predict(next(iter(generator))[0])
        model.load_weights(model_file_name).expect_partial()  # the optimizer's saved state is not needed
        model.prepared_for_prediction = False  # the labels were embedded with the random weights: again
        model.run_inference(predict_data_example)  # as Rasa: trace the prediction graph now
        return model

    load.rasa_method = rasa_load
    RasaModel.load = classmethod(load)


def install() -> None:
    global _installed
    if _installed or os.environ.get(ENV_SWITCH, "").lower() == "off":
        return
    _validate_action_responses_once()
    _resolve_event_types_once()
    _sqlite_tracker_store_with_write_ahead_log()
    _load_models_for_prediction_only()
    _installed = True
