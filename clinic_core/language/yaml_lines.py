"""YAML reading that remembers where each value was written, so a bad entry is reported by file
and line ("symptoms.yml:212: unknown macro @BUT"), and that refuses duplicate keys (PyYAML
silently keeps the last one, which would hide a lexicon entry).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import yaml


class LexiconError(ValueError):
    """A lexicon file is malformed; the message starts with its file and line."""


class Text(str):
    """A string from a YAML file, with ``where`` = "file:line"."""

    where = "?"


class Map(dict):
    """A mapping from a YAML file, with ``where`` = "file:line"."""

    where = "?"


class Seq(list):
    """A list from a YAML file, with ``where`` = "file:line"."""

    where = "?"


def _place(node: yaml.Node) -> str:
    return f"{Path(node.start_mark.name).name}:{node.start_mark.line + 1}"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when installed: 6x faster
    pass


def _text(loader: _Loader, node: yaml.ScalarNode) -> Text:
    value = Text(loader.construct_scalar(node))
    value.where = _place(node)
    return value


def _map(loader: _Loader, node: yaml.MappingNode) -> Map:
    loader.flatten_mapping(node)
    value = Map()
    value.where = _place(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise LexiconError(f"{_place(key_node)}: key {key!r} is not text (YAML reads yes, no, on and off "
                               "as true or false: quote them)")
        if key in value:
            raise LexiconError(f"{_place(key_node)}: duplicate key {key!r}")
        value[key] = loader.construct_object(value_node, deep=True)
    return value


def _seq(loader: _Loader, node: yaml.SequenceNode) -> Seq:
    value = Seq(loader.construct_object(child, deep=True) for child in node.value)
    value.where = _place(node)
    return value


_Loader.add_constructor("tag:yaml.org,2002:str", _text)
_Loader.add_constructor("tag:yaml.org,2002:map", _map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _seq)


def read_yaml(path: Path) -> Any:
    """The parsed file, strings as ``Text``, mappings as ``Map``, lists as ``Seq``."""
    try:
        with open(path, encoding="utf-8") as stream:
            return yaml.load(stream, Loader=_Loader)  # noqa: S506 - a safe loader subclass
    except yaml.YAMLError as error:
        raise LexiconError(f"{path.name}: not valid YAML ({error})") from None


def where(value: Any, default: str = "?") -> str:
    return getattr(value, "where", default)


def fail(value: Any, message: str) -> NoReturn:
    raise LexiconError(f"{where(value)}: {message}")
