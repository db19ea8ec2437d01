"""Validated settings as plain frozen objects, and the files validated on earlier runs.

Pydantic checks the config file and the mapping files (every problem named, with its
closest valid name), but importing it and building its models cost about a fifth of
a small export. So the settings a run uses are plain :class:`Frozen` records, made
from what pydantic validated; and a file that validated on an earlier run is read
back from a cache beside the config (``.iaextract-state/validated.cache``) without
pydantic. An entry is named by a hash of the file's path and exact bytes, and the
whole cache is stamped with a hash of the code that validates (these modules, the
schema, pydantic's version): a changed file, an edited rule or a new pydantic is a
miss, and the file is validated afresh. Only files that passed are cached, so an
invalid file always reaches pydantic and gets its full report. A missing, unreadable
or foreign cache is ignored; one that cannot be written is not an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import importlib.util
import json
import os
import tempfile
from datetime import date
from enum import Enum
from pathlib import Path, PurePath
from typing import Any, ClassVar, TypeVar

from iaextract.schema.model import Treatment

CACHE_FILE = "validated.cache"
_KEEP = 64  # entries kept (the demo: one config and five mappings)
#: The code whose verdict the cache holds: an edit to any of it is a new stamp.
_RULES = ("validated.py", "config.py", "config_rules.py", "errors.py", "publish_targets.py",
          "mapping/model.py", "mapping/rules.py", "mapping/loader.py", "mapping/parse.py",
          "schema/")

_Self = TypeVar("_Self", bound="Frozen")
_VIEWS: dict[str, type[Frozen]] = {}


class Frozen:
    """An immutable record of validated settings. Built from keywords (or
    :meth:`model_validate`), it is checked by the pydantic model of the same name in
    ``_rules`` (imported then, not before)."""

    _rules: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _VIEWS[cls.__name__] = cls

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(type(self).model_validate(values).__dict__)

    @classmethod
    def model_validate(cls: type[_Self], data: Any) -> _Self:
        """``data`` checked by this record's pydantic model (ValidationError if invalid)."""
        rules = getattr(importlib.import_module(cls._rules), cls.__name__)
        made = as_frozen(rules.model_validate(_as_input(data)))
        assert isinstance(made, cls)
        return made

    @classmethod
    def _make(cls: type[_Self], values: dict[str, Any]) -> _Self:
        made = cls.__new__(cls)
        made.__dict__.update(values)
        return made

    def model_copy(self: _Self, update: dict[str, Any] | None = None) -> _Self:
        """A copy with some values replaced (not checked again, as pydantic's)."""
        return type(self)._make({**self.__dict__, **(update or {})})

    def model_dump(self, mode: str = "json", exclude: set[str] | None = None) -> dict[str, Any]:
        """The values as JSON's types, as pydantic's ``model_dump(mode="json")``."""
        if mode != "json":
            raise ValueError("only mode='json' is supported")
        return {k: _json(v) for k, v in self.__dict__.items() if k not in (exclude or ())}

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    def __hash__(self) -> int:
        return hash((type(self).__name__, *self.__dict__.values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items() if k != "lines")
        return f"{type(self).__name__}({shown})"


def as_frozen(value: Any) -> Any:
    """A validated pydantic model (and everything in it) as :class:`Frozen` records."""
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:
        return _VIEWS[type(value).__name__]._make(
            {name: as_frozen(getattr(value, name)) for name in fields})
    if isinstance(value, list):
        return [as_frozen(v) for v in value]
    if isinstance(value, tuple):
        return tuple(as_frozen(v) for v in value)
    if isinstance(value, dict):
        return {k: as_frozen(v) for k, v in value.items()}
    return value


def _as_input(value: Any) -> Any:
    # Records given to a constructor (PolicyConfig(fields={...: FieldOverride(...)}))
    # go back to plain values for pydantic to check.
    if isinstance(value, Frozen):
        return {k: _as_input(v) for k, v in value.__dict__.items()}
    if isinstance(value, dict):
        return {k: _as_input(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_input(v) for v in value]
    return value


def _json(value: Any) -> Any:
    if isinstance(value, Frozen):
        return value.model_dump()
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


class _Uncacheable(Exception):
    """A value the cache cannot write back exactly (the file is simply not cached)."""


def _encode(value: Any) -> Any:
    # Containers are tagged lists, so a scalar is never taken for one. Treatment is a
    # str too: it goes first, to come back as itself.
    if isinstance(value, Treatment):
        return ["e", value.value]
    if value is None or type(value) in (str, bool, int, float):
        return value
    if isinstance(value, Frozen):
        return ["v", type(value).__name__, [[k, _encode(v)] for k, v in value.__dict__.items()]]
    if isinstance(value, list | tuple):
        return ["l" if isinstance(value, list) else "t", [_encode(v) for v in value]]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return ["d", [[k, _encode(v)] for k, v in value.items()]]
    if isinstance(value, Path):
        return ["p", str(value)]
    raise _Uncacheable(type(value).__name__)


def _decode(value: Any) -> Any:
    if not isinstance(value, list):
        return value
    tag = value[0]
    if tag == "v":
        return _VIEWS[value[1]]._make({k: _decode(v) for k, v in value[2]})
    if tag in ("l", "t"):
        items = [_decode(v) for v in value[1]]
        return items if tag == "l" else tuple(items)
    if tag == "d":
        return {k: _decode(v) for k, v in value[1]}
    if tag == "e":
        return Treatment(value[1])
    if tag == "p":
        return Path(value[1])
    raise ValueError(f"unknown tag {tag!r}")


class ValidatedCache:
    """Settings validated on earlier runs, by a hash of the file they came from."""

    def __init__(self, folder: Path | None) -> None:
        stamp = _stamp() if folder is not None else None
        self.path = folder / CACHE_FILE if folder is not None and stamp else None
        self._stamp = stamp
        self._entries: dict[str, Any] = {}
        if self.path is not None:
            with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
                saved = json.loads(self.path.read_text(encoding="utf-8"))
                if saved["stamp"] == stamp:
                    self._entries = dict(saved["entries"])

    def get(self, kind: str, file: Path, content: bytes) -> Any | None:
        """What ``put`` stored for this file with exactly this content, or None."""
        entry = self._entries.get(_name(kind, file, content))
        if entry is None:
            return None
        try:
            return _decode(entry)
        except (ValueError, TypeError, KeyError, IndexError):
            return None  # a damaged entry is a miss: the file is validated afresh

    def put(self, kind: str, file: Path, content: bytes, value: Any) -> None:
        """Remember ``value`` (validated) for this file and content, and write the cache."""
        if self.path is None:
            return
        try:
            encoded = _encode(value)
        except _Uncacheable:
            return
        name = _name(kind, file, content)
        self._entries.pop(name, None)
        self._entries[name] = encoded
        kept = dict(list(self._entries.items())[-_KEEP:])
        save_cache_file(self.path, {"stamp": self._stamp, "entries": kept})


def save_cache_file(path: Path, data: Any) -> None:
    """Write a cache file as JSON, whole or not at all; never an error (it is only a
    cache: one that cannot be written is rebuilt next time)."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out)
            os.replace(temporary, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _name(kind: str, file: Path, content: bytes) -> str:
    digest = hashlib.sha256(f"{kind}\0{file}\0".encode())
    digest.update(content)
    return digest.hexdigest()


def _stamp() -> str | None:
    """A hash of the validating code and of pydantic's version file (found without
    importing pydantic); None when any of it cannot be read."""
    code = hashlib.sha256()
    package = Path(__file__).resolve().parent
    spec = importlib.util.find_spec("pydantic")
    if spec is None or not spec.submodule_search_locations:
        return None
    try:
        for name in _RULES:
            path = package / name
            for file in sorted(path.glob("*.py")) if name.endswith("/") else [path]:
                code.update(file.read_bytes())
        code.update((Path(list(spec.submodule_search_locations)[0]) / "version.py")
                    .read_bytes())
    except OSError:
        return None
    return code.hexdigest()
