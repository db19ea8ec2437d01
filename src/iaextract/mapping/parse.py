"""Parsing and checking one mapping file: YAML with line numbers, so every error names
file:line, then the pydantic rules. Imported only for a file the validated cache does not
hold (:mod:`iaextract.mapping.loader`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from iaextract.errors import MappingError, Problem, did_you_mean
from iaextract.mapping.model import Mapping
from iaextract.mapping.rules import FieldSpec, Filter, Join, SourceSpec
from iaextract.mapping.rules import Mapping as MappingRules
from iaextract.schema import DATASETS
from iaextract.validated import as_frozen

# libyaml's parser when PyYAML was built with it (about 5x faster); same nodes and marks.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _MappingYamlLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """SafeLoader where only true/false are booleans.

    YAML 1.1 reads Y, N, yes, no, on and off as booleans, but those are exactly the
    codes agencies store (``SubjectInjured: Y``); code keys must stay strings.
    """


_MappingYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_MappingYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)

_SECTIONS: dict[str, type[BaseModel]] = {
    "": MappingRules, "source": SourceSpec, "source.joins": Join, "source.where": Filter,
    "fields": FieldSpec,
}


#: More values than any real mapping has: YAML aliases nested to expand beyond this
#: (an "alias bomb") are refused instead of filling memory.
_MAX_VALUES = 100_000


class _Builder:
    """YAML nodes to Python values, recording each key's line and every problem:
    duplicate keys, code keys equal but for case or spaces, recursive or exploding aliases.
    """

    def __init__(self, path: Path) -> None:
        self.path = str(path)
        self.lines: dict[str, int] = {}
        self.problems: list[Problem] = []
        self._open: set[int] = set()  # nodes being built: seeing one again is a loop
        self._count = 0

    def build(self, node: yaml.Node, path: str, line: int) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        self._count += 1
        if self._count > _MAX_VALUES:
            top = path.split(".")[0]
            raise MappingError(f"{self.path} is not a valid mapping", [Problem(
                "alias-bomb", f"{top}: YAML aliases expand to more than {_MAX_VALUES:,} "
                "values", self.path, self.lines.get(top, line),
                "write the values out instead of nesting aliases")])
        if id(node) in self._open:
            raise MappingError(f"{self.path} is not a valid mapping", [Problem(
                "recursive-alias", f"{path or 'the file'} contains itself through a YAML "
                "alias", self.path, line, "an alias must not refer to its own anchor")])
        if isinstance(node, yaml.ScalarNode):
            return _MappingYamlLoader(" ").construct_object(node)
        self._open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            return [self.build(v, f"{path}.{i}", v.start_mark.line + 1)
                    for i, v in enumerate(node.value)]
        finally:
            self._open.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: str) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, str] = {}  # code-list keys as matched (trimmed, upper case)
        code_list = path.startswith("codes.") and path.count(".") == 1
        for key_node, value_node in node.value:
            # A key is kept as written: codes such as 012 or 1e3 are text, not numbers.
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else \
                str(_MappingYamlLoader(" ").construct_object(key_node))
            child = f"{path}.{key}" if path else key
            line = key_node.start_mark.line + 1
            if key in result:
                self.problems.append(Problem(
                    "duplicate-key", f"{child} is given twice (first on line "
                    f"{self.lines.get(child)})", self.path, line, "keep one of them"))
                continue
            matched = key.strip().upper()
            if code_list and matched in seen:
                self.problems.append(Problem(
                    "duplicate-code", f"code {key!r} of {path} is the same code as "
                    f"{seen[matched]!r} (codes match ignoring case and spaces)", self.path,
                    line, "keep one of them"))
                continue
            seen[matched] = key
            self.lines[child] = line
            result[key] = self.build(value_node, child, line)
        return result


def parse_mapping(path: Path, text: str) -> Mapping:
    """One mapping file's text, checked; MappingError lists every problem with its line."""
    try:
        node = yaml.compose(text, Loader=_MappingYamlLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = Problem("invalid-yaml", str(getattr(exc, "problem", exc)), str(path), line)
        raise MappingError(f"{path} is not valid YAML", [problem]) from None
    builder = _Builder(path)
    data = builder.build(node, "", 1) if node is not None else None
    if builder.problems:
        raise MappingError(f"{path} is not a valid mapping", builder.problems)
    if not isinstance(data, dict):
        raise MappingError(f"{path}: a mapping file must be a YAML mapping with 'dataset', "
                           "'source' and 'fields'")
    lines = builder.lines
    try:
        mapping = as_frozen(MappingRules.model_validate({**data, "file": path, "lines": lines}))
    except ValidationError as exc:
        raise MappingError(f"{path} is not a valid mapping",
                           _describe(exc, lines, path)) from None
    if mapping.dataset not in DATASETS:
        raise MappingError(f"{path} is not a valid mapping", [Problem(
            "unknown-dataset", f"{mapping.dataset!r} is not an open-schema dataset", str(path),
            mapping.line("dataset"), did_you_mean(mapping.dataset, DATASETS)
            or f"datasets: {', '.join(DATASETS)}")])
    return mapping


def _describe(exc: ValidationError, lines: dict[str, int], path: Path) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = [str(p) for p in error["loc"] if not str(p).startswith("function-after")]
        where = ".".join(loc)
        line = next((lines[".".join(loc[:n])] for n in range(len(loc), 0, -1)
                     if ".".join(loc[:n]) in lines), None)
        if error["type"] == "extra_forbidden":
            model = _SECTIONS.get(_section(loc[:-1]))
            names = [f.alias or n for n, f in model.model_fields.items()] if model else []
            problems.append(Problem("unknown-key", f"{where}: unknown key", str(path), line,
                                    did_you_mean(loc[-1], names)))
        elif error["type"] == "missing":
            problems.append(Problem("missing-key", f"{where}: required key is missing",
                                    str(path), line))
        else:
            message = error["msg"].removeprefix("Value error, ")
            problems.append(Problem("invalid-value", f"{where}: {message}", str(path), line))
    return problems


def _section(loc: list[str]) -> str:
    # source.joins.0 -> source.joins; fields.officer_id -> fields
    parts = [p for p in loc if not p.isdigit()]
    if parts[:1] == ["fields"]:
        return "fields"
    return ".".join(parts)
