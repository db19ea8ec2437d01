"""Issue 14 item 2: a password anywhere in a source URL is masked on every path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iaextract.masking import mask_url, replace_secrets, secrets_in

from ..servers import USER, PostgresServer
from ..support import run_cli, write_config

SECRET = "Qu3ry-Pa55-word"


@pytest.mark.parametrize(("url", "shown"), [
    (f"postgresql+psycopg://clerk@db/iapro?password={SECRET}&sslmode=require",
     "postgresql+psycopg://clerk@db/iapro?password=***&sslmode=require"),
    (f"postgresql+psycopg://clerk:{SECRET}@db/iapro?PWD={SECRET}",
     "postgresql+psycopg://clerk:***@db/iapro?PWD=***"),
    (f"postgresql://clerk:{SECRET}@x/y@db/iapro", "postgresql://clerk:***@db/iapro"),
    (f"odbc:Driver={{X}};UID=clerk;PWD={{{SECRET};x}}}}y}};Server=s",
     "odbc:Driver={X};UID=clerk;PWD=***;Server=s"),
    (f"odbc:DSN=IAPro;password = {SECRET}", "odbc:DSN=IAPro;password =***"),
    (f"mssql+pyodbc:///?odbc_connect=DRIVER%3D%7BX%7D%3BPWD%3D{SECRET}%3BServer%3Ds",
     "mssql+pyodbc:///?odbc_connect=DRIVER%3D{X}%3BPWD%3D***%3BServer%3Ds"),
])
def test_every_place_of_a_password_is_masked(url: str, shown: str) -> None:
    assert mask_url(url) == shown
    assert SECRET not in mask_url(url)
    assert any(SECRET in s for s in secrets_in(url))


def test_init_writes_the_environment_variable_in_every_place() -> None:
    env = "${IAEXTRACT_DB_PASSWORD}"
    assert replace_secrets(f"postgresql+psycopg://clerk@db/iapro?password={SECRET}", env) \
        == f"postgresql+psycopg://clerk@db/iapro?password={env}"
    # Braces stay, so a password holding ';' still reads as one value.
    assert replace_secrets(f"odbc:DSN=IAPro;PWD={{{SECRET};}};UID=c", env) == \
        f"odbc:DSN=IAPro;PWD={{{env}}};UID=c"


def _every_output(result, *files: Path) -> str:
    return result.stdout + result.stderr + "".join(
        f.read_text(encoding="utf-8") for f in files if f.is_file())


def test_query_password_never_leaves_through_manifest_inspect_check_init_or_logs(
        tmp_path: Path, demo_db: Path) -> None:
    url = f"sqlite:///{demo_db.as_posix()}?password={SECRET}"
    config = write_config(tmp_path / "agency", demo_db)
    config.write_text(config.read_text(encoding="utf-8").replace(
        f'"sqlite:///{demo_db.as_posix()}"', f"'{url}'"), encoding="utf-8")
    logs = [tmp_path / "run.log", tmp_path / "run.jsonl"]
    text_run = run_cli("export", "-c", str(config), "--log-file", str(logs[0]))
    assert text_run.returncode == 0, text_run.stderr
    json_run = run_cli("export", "-c", str(config), "--log-format", "json",
                       "--log-file", str(logs[1]))
    assert json_run.returncode == 0, json_run.stderr
    manifest = tmp_path / "agency" / "export" / "manifest.json"
    assert json.loads(manifest.read_text(encoding="utf-8"))["source"].endswith("password=***")
    inspect = run_cli("inspect", "--url", url, "--no-sample")
    check = run_cli("check", "-c", str(config))
    init = run_cli("init", str(tmp_path / "new"), "--url", url)
    assert init.returncode == 0, init.stderr
    written = (tmp_path / "new" / "iaextract.toml").read_text(encoding="utf-8")
    assert "password=${IAEXTRACT_DB_PASSWORD}" in written
    for result in (text_run, json_run, inspect, check, init):
        assert SECRET not in _every_output(result, manifest, *logs, tmp_path / "new" /
                                           "iaextract.toml")
    assert "password=***" in inspect.stdout


def test_query_password_masked_in_driver_errors_and_debug_tracebacks(
        tmp_path: Path, postgres: PostgresServer) -> None:
    base = f"postgresql+psycopg://{USER}@127.0.0.1:{postgres.port}/nosuchdb"
    config = write_config(tmp_path / "agency", Path("unused.sqlite"),
                          extra="[run]\nretries = 0\n")
    lines = config.read_text(encoding="utf-8").splitlines()
    lines[1] = f"url = '{base}?password={SECRET}'"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    log = tmp_path / "run.jsonl"
    plain = run_cli("export", "-c", str(config), "--log-format", "json", "--log-file", str(log))
    debug = run_cli("--debug", "export", "-c", str(config))
    assert plain.returncode == 1 and debug.returncode == 1, plain.stderr + debug.stderr
    assert "Traceback" in debug.stderr and "password=***" in debug.stderr
    for result in (plain, debug):
        assert SECRET not in _every_output(result, log)
