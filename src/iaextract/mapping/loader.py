"""Reading mapping YAML files with line numbers, so every error names file:line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from iaextract.errors import MappingError, Problem, did_you_mean
from iaextract.mapping.model import FieldSpec, Filter, Join, Mapping, SourceSpec

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
    "": Mapping, "source": SourceSpec, "source.joins": Join, "source.where": Filter,
    "fields": FieldSpec,
}


def _to_python(node: yaml.Node, path: str, lines: dict[str, int]) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            # A key is kept as written: codes such as 012 or 1e3 are text, not numbers.
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else \
                str(_MappingYamlLoader(" ").construct_object(key_node))
            child = f"{path}.{key}" if path else key
            lines[child] = key_node.start_mark.line + 1
            result[key] = _to_python(value_node, child, lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(v, f"{path}.{i}", lines) for i, v in enumerate(node.value)]
    return _MappingYamlLoader(" ").construct_object(node)


def load_mapping(path: Path) -> Mapping:
    """Parse one mapping file; MappingError lists every structural problem with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise MappingError(f"{path}: cannot read mapping: {exc.strerror}") from None
    try:
        node = yaml.compose(text, Loader=_MappingYamlLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = Problem("invalid-yaml", str(getattr(exc, "problem", exc)), str(path), line)
        raise MappingError(f"{path} is not valid YAML", [problem]) from None
    lines: dict[str, int] = {}
    data = _to_python(node, "", lines) if node is not None else None
    if not isinstance(data, dict):
        raise MappingError(f"{path}: a mapping file must be a YAML mapping with 'dataset', "
                           "'source' and 'fields'")
    try:
        return Mapping.model_validate({**data, "file": path, "lines": lines})
    except ValidationError as exc:
        raise MappingError(f"{path} is not a valid mapping",
                           _describe(exc, lines, path)) from None


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


def mapping_files(paths: list[Path]) -> list[Path]:
    """Every mapping file under the given folders/files, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")))
        elif path.is_file():
            found.append(path)
        else:
            raise MappingError(f"mapping path {path} does not exist",
                               [Problem("missing-mapping", "set [mappings] path in the config "
                                        "to a folder of mapping files", str(path))])
    if not found:
        raise MappingError(f"no mapping files (*.yaml) in {', '.join(map(str, paths))}")
    return found


def load_mappings(paths: list[Path]) -> dict[str, Mapping]:
    """Every mapping under ``paths``, by dataset; problems of all files reported together."""
    mappings: dict[str, Mapping] = {}
    problems: list[Problem] = []
    for file in mapping_files(paths):
        try:
            mapping = load_mapping(file)
        except MappingError as exc:
            problems.extend(exc.problems or [Problem("invalid-mapping", exc.message, str(file))])
            continue
        if mapping.dataset in mappings:
            problems.append(Problem("duplicate-dataset", f"dataset {mapping.dataset!r} is "
                                    f"also mapped by {mappings[mapping.dataset].file}",
                                    str(file), mapping.line("dataset")))
            continue
        mappings[mapping.dataset] = mapping
    if problems:
        raise MappingError("mapping files are invalid", problems)
    return mappings
