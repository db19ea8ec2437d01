"""Publish targets: what ``--to`` and ``[publish] targets`` name, and what each must do.

A target is written ``scheme:where``: ``site:DIR``, ``datasette:DIR``,
``s3://BUCKET/PREFIX``, ``ckan:URL/dataset/NAME``, ``socrata:URL/d/ID?dataset=NAME``
(``publish_targets.PUBLISH_TARGETS``). Each kind lives in its own module, imported only when used
(boto3 is not needed for a site).
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar

from iaextract.config import Config
from iaextract.errors import ConfigError
from iaextract.publish_targets import split_target, target_problem
from iaextract.run.retry import RetryPolicy, call_with_retry
from iaextract.run.runlog import NoEvents, RunEvents

if TYPE_CHECKING:
    from iaextract.publish.release import Release

T = TypeVar("T")

#: publish target kind -> (module of this package, class); config.py says how each is written
KINDS = {
    "site": ("site_target", "SiteTarget"),
    "datasette": ("datasette", "DatasetteTarget"),
    "s3": ("s3", "S3Target"),
    "ckan": ("ckan", "CkanTarget"),
    "socrata": ("socrata", "SocrataTarget"),
}


def parse_target(text: str, base: Path) -> Target:
    """The target ``text`` names; a relative folder is taken against ``base``."""
    problem = target_problem(text)
    if problem:
        raise ConfigError(f"publish target: {problem}")
    scheme, rest = split_target(text)
    module, name = KINDS[scheme]
    kind = getattr(importlib.import_module(f"{__package__}.{module}"), name)
    return kind(rest, base)


@dataclass
class Context:
    """What every target is given: the config, retries, the run log, the public key."""

    config: Config
    retry: RetryPolicy
    events: RunEvents = field(default_factory=NoEvents)
    public_key: Path | None = None

    def attempt(self, action: Callable[[], T], doing: str) -> T:
        """``action()`` retried like a source read when the target cannot be reached."""
        return call_with_retry(action, self.retry, doing, self.events, advice=(
            "check that the target is up and reachable from here; [run] retries and "
            "retry_delay set how long to keep trying; the previous release stays current"))


class Target(ABC):
    """One place a release is published to."""

    scheme: ClassVar[str]

    def __init__(self, where: str, base: Path) -> None:
        self.where = where
        self.base = base

    @property
    def label(self) -> str:
        return f"{self.scheme}:{self.where}"

    @abstractmethod
    def plan(self, release: Release, context: Context) -> list[str]:
        """What ``send`` would do, one line an action (``--dry-run``)."""

    @abstractmethod
    def send(self, release: Release, context: Context) -> str:
        """Publish ``release``; return what changed in a few words ("unchanged" when the
        target already holds it: publishing twice changes nothing)."""


class FolderTarget(Target):
    """A target that is a local folder (site, Datasette bundle)."""

    @property
    def folder(self) -> Path:
        path = Path(self.where).expanduser()
        return path if path.is_absolute() else self.base / path
