"""Config files: every problem reported at once, closest names, env secrets never echoed."""

from pathlib import Path

import pytest

from iaextract.config import load_config
from iaextract.errors import ConfigError

GOOD = """
[source]
url = "sqlite:///db/iapro.sqlite"
[mappings]
path = "mappings"
[pseudonyms]
key_file = "keys/agency.key"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "iaextract.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_paths_resolve_against_config_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir("/")
    config = load_config(write(tmp_path, GOOD))
    assert config.mapping_paths == [tmp_path / "mappings"]
    assert config.output_dir == tmp_path / "export"
    assert config.resolve(config.pseudonyms.key_file) == tmp_path / "keys" / "agency.key"


def test_found_via_environment_then_current_folder(tmp_path: Path, monkeypatch) -> None:
    path = write(tmp_path, GOOD)
    monkeypatch.setenv("IAEXTRACT_CONFIG", str(path))
    assert load_config().path == path
    monkeypatch.delenv("IAEXTRACT_CONFIG")
    monkeypatch.chdir(tmp_path)
    assert load_config().path == path


def test_missing_config_says_how_to_make_one(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("IAEXTRACT_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="iaextract init"):
        load_config()


def test_every_problem_at_once_with_closest_names(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + """
[output]
formts = ["csv"]
[policy]
date_precison = "month"
narratives = "publish"
""")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    text = str(info.value)
    assert "output.formts: unknown setting" in text and "did you mean 'formats'" in text
    assert "policy.date_precison" in text and "did you mean 'date_precision'" in text
    assert "policy.narratives" in text and "'drop' or 'scrub'" in text
    assert len(info.value.problems) == 3


def test_env_interpolation_and_secret_never_echoed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("IA_DB_PASSWORD", "s3cr3t-Pa55")
    path = write(tmp_path, GOOD.replace("sqlite:///db/iapro.sqlite",
                                        "postgresql://clerk:${IA_DB_PASSWORD}@db/ia"))
    assert load_config(path).source.url == "postgresql://clerk:s3cr3t-Pa55@db/ia"
    bad = write(tmp_path, GOOD + '\n[policy]\nk = "${IA_DB_PASSWORD}"\n')
    with pytest.raises(ConfigError) as info:
        load_config(bad)
    assert "s3cr3t" not in str(info.value)


def test_unset_env_variable_is_named(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("IA_NOT_SET", raising=False)
    path = write(tmp_path, GOOD.replace("db/iapro.sqlite", "${IA_NOT_SET}"))
    with pytest.raises(ConfigError, match="IA_NOT_SET is not set"):
        load_config(path)


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[source\nurl=")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)


def test_an_age_band_width_other_than_5_or_10_is_refused_plainly(tmp_path: Path) -> None:
    # a tired clerk's 7, or "5" in quotes: both refused with the two widths there are
    for value in ("7", '"5"'):
        with pytest.raises(ConfigError) as info:
            load_config(write(tmp_path, GOOD + f"[policy]\nage_bands = {value}\n"))
        assert "policy.age_bands: Input should be 5 or 10" in str(info.value)
    assert load_config(write(tmp_path, GOOD + "[policy]\nage_bands = 5\n")).policy.age_bands == 5
