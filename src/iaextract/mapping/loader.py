"""Finding and reading mapping files, each checked once: a file that validated on an
earlier run (the same bytes) is read back from the validated cache
(:mod:`iaextract.validated`) without YAML or pydantic; any other is parsed and checked
(:mod:`iaextract.mapping.parse`), every error naming file:line."""

from __future__ import annotations

from pathlib import Path

from iaextract.errors import MappingError, Problem, byte_line
from iaextract.mapping.model import Mapping
from iaextract.validated import ValidatedCache


def load_mapping(path: Path, cache: ValidatedCache | None = None) -> Mapping:
    """Parse one mapping file; MappingError lists every structural problem with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise MappingError(f"{path}: cannot read mapping: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise MappingError(f"{path} is not UTF-8 text", [Problem(
            "not-utf8", f"byte {exc.start} is not UTF-8", str(path),
            byte_line(path, exc.start), "save the file as UTF-8")]) from None
    content = text.encode()
    cached = cache.get("mapping", path, content) if cache else None
    if isinstance(cached, Mapping):
        return cached
    from iaextract.mapping.parse import parse_mapping

    mapping = parse_mapping(path, text)
    if cache:
        cache.put("mapping", path, content, mapping)
    return mapping


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


def load_mappings(paths: list[Path], cache_dir: Path | None = None) -> dict[str, Mapping]:
    """Every mapping under ``paths``, by dataset; problems of all files reported together.

    ``cache_dir``: where the validated cache is kept (none: every file is checked).
    """
    cache = ValidatedCache(cache_dir) if cache_dir else None
    mappings: dict[str, Mapping] = {}
    problems: list[Problem] = []
    for file in mapping_files(paths):
        try:
            mapping = load_mapping(file, cache)
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
