"""The validated cache: a config or mapping file that passed on an earlier run is read
back without pydantic, exactly as validated; anything changed, unsafe or damaged is
checked afresh and reported as before."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import iaextract
from iaextract.config import STATE_FOLDER, load_config
from iaextract.errors import ConfigError, MappingError
from iaextract.mapping.loader import load_mappings
from iaextract.schema.model import Treatment
from iaextract.validated import CACHE_FILE

SHIPPED = Path(iaextract.__file__).parent / "mapping" / "shipped" / "iapro-demo"
FULL = """
[source]
url = "postgresql://reader:Sw0rdfish-9@db.example/iapro"
[mappings]
path = "mappings"
[pseudonyms]
key_file = "agency.key"
[policy]
narratives = "scrub"
date_precision = "quarter"
age_bands = 5
scrub_allow = ["Rose Hill Unit"]
[policy.fields."use_of_force.district"]
treatment = "drop"
reason = "small districts"
[policy.disclosure]
k = 3
max_suppressed = 0.05
weights = {subject_race = 2}
[[policy.disclosure.hierarchies.district]]
name = "area"
map = {North = "A", South = "A"}
[run]
retries = 2
parallel_scan = false
lookback = "2 days"
[publish]
targets = ["site:public"]
[datasets]
officers = true
"""


def folder(tmp_path: Path, text: str = FULL) -> Path:
    (tmp_path / "iaextract.toml").write_text(text, encoding="utf-8")
    shutil.copytree(SHIPPED, tmp_path / "mappings")
    return tmp_path / "iaextract.toml"


def cache_text(tmp_path: Path) -> str:
    return (tmp_path / STATE_FOLDER / CACHE_FILE).read_text(encoding="utf-8")


def test_a_cached_config_is_the_config_validated(tmp_path: Path) -> None:
    path = folder(tmp_path)
    first = load_config(path, remember=True)
    again = load_config(path, remember=True)
    assert again == first
    assert again.policy.fields["use_of_force.district"].treatment is Treatment.DROP
    assert again.policy.disclosure.weights == {"subject_race": 2.0}
    assert isinstance(again.policy.disclosure.weights["subject_race"], float)
    assert again.run.lookback_delta.days == 2 and again.run.parallel_scan is False
    assert again.policy.describe() == first.policy.describe()
    assert again.source.url == "postgresql://reader:Sw0rdfish-9@db.example/iapro"


def test_the_cache_never_holds_the_source_url(tmp_path: Path) -> None:
    load_config(folder(tmp_path), remember=True)
    assert "Sw0rdfish" not in cache_text(tmp_path)
    assert "db.example" not in cache_text(tmp_path)


def test_only_a_command_that_remembers_writes_the_cache(tmp_path: Path) -> None:
    path = folder(tmp_path)
    load_config(path)
    load_mappings([tmp_path / "mappings"])
    assert not (tmp_path / STATE_FOLDER).exists()


def test_a_config_with_environment_variables_is_never_cached(tmp_path: Path,
                                                             monkeypatch) -> None:
    monkeypatch.setenv("IA_TEST_URL", "sqlite:///a.sqlite")
    path = folder(tmp_path, FULL.replace('"postgresql://reader:Sw0rdfish-9@db.example/iapro"',
                                         '"${IA_TEST_URL}"'))
    assert load_config(path, remember=True).source.url == "sqlite:///a.sqlite"
    assert not (tmp_path / STATE_FOLDER / CACHE_FILE).exists()
    monkeypatch.setenv("IA_TEST_URL", "sqlite:///b.sqlite")
    assert load_config(path, remember=True).source.url == "sqlite:///b.sqlite"


def test_a_changed_config_is_checked_again(tmp_path: Path) -> None:
    path = folder(tmp_path)
    load_config(path, remember=True)
    path.write_text(FULL.replace('age_bands = 5', 'age_bands = 7'), encoding="utf-8")
    with pytest.raises(ConfigError) as cached_before:
        load_config(path, remember=True)
    shutil.rmtree(tmp_path / STATE_FOLDER)
    with pytest.raises(ConfigError) as fresh:
        load_config(path, remember=True)
    assert [str(p) for p in cached_before.value.problems] == \
        [str(p) for p in fresh.value.problems]
    assert "policy.age_bands" in str(fresh.value.problems[0])


def test_a_damaged_or_foreign_cache_is_ignored(tmp_path: Path) -> None:
    path = folder(tmp_path)
    first = load_config(path, remember=True)
    cache = tmp_path / STATE_FOLDER / CACHE_FILE
    saved = json.loads(cache.read_text(encoding="utf-8"))
    for name in saved["entries"]:
        saved["entries"][name] = ["v", "Nonsense", [["x", 1]]]
    cache.write_text(json.dumps(saved), encoding="utf-8")
    assert load_config(path, remember=True) == first
    # Entries under another stamp (older rules, another pydantic) are never read.
    saved = json.loads(cache.read_text(encoding="utf-8"))
    entries = {name: ["v", "Config", []] for name in saved["entries"]}
    cache.write_text(json.dumps({"stamp": "older", "entries": entries}), encoding="utf-8")
    assert load_config(path, remember=True) == first
    cache.write_text("not json", encoding="utf-8")
    assert load_config(path, remember=True) == first


def test_cached_mappings_are_the_mappings_validated(tmp_path: Path) -> None:
    folder(tmp_path)
    state = tmp_path / STATE_FOLDER
    first = load_mappings([tmp_path / "mappings"], state)
    again = load_mappings([tmp_path / "mappings"], state)
    assert again == first and again == load_mappings([tmp_path / "mappings"])
    for name, mapping in again.items():
        assert mapping.model_dump() == first[name].model_dump()
        assert mapping.line("fields") == first[name].line("fields")


def test_an_edited_mapping_gets_the_same_error_as_without_a_cache(tmp_path: Path) -> None:
    folder(tmp_path)
    state = tmp_path / STATE_FOLDER
    load_mappings([tmp_path / "mappings"], state)
    file = tmp_path / "mappings" / "use_of_force.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("fields:", "feilds:", 1),
                    encoding="utf-8")
    with pytest.raises(MappingError) as cached_before:
        load_mappings([tmp_path / "mappings"], state)
    with pytest.raises(MappingError) as fresh:
        load_mappings([tmp_path / "mappings"])
    assert [str(p) for p in cached_before.value.problems] == \
        [str(p) for p in fresh.value.problems]


def test_a_run_with_a_warm_cache_imports_neither_pydantic_nor_yaml(tmp_path: Path) -> None:
    path = folder(tmp_path)
    load_mappings(load_config(path, remember=True).mapping_paths, tmp_path / STATE_FOLDER)
    script = ("import sys; from pathlib import Path; from iaextract.config import load_config; "
              "from iaextract.mapping.loader import load_mappings; "
              f"c = load_config({str(path)!r}); "
              f"m = load_mappings(c.mapping_paths, Path({str(tmp_path / STATE_FOLDER)!r})); "
              "assert len(m) == 6, m; "
              "print(sorted(n for n in sys.modules if n.split('.')[0] in "
              "('pydantic', 'yaml')))")
    env = {**os.environ, "PYTHONPATH": str(Path(iaextract.__file__).parent.parent)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, check=True)
    assert done.stdout.strip() == "[]"


def test_settings_cannot_be_changed_once_validated(tmp_path: Path) -> None:
    config = load_config(folder(tmp_path), remember=True)
    with pytest.raises(AttributeError, match="frozen"):
        config.policy.k = 1  # type: ignore[misc]
    assert config.policy.k == 5
    assert load_config(tmp_path / "iaextract.toml", remember=True) == config
