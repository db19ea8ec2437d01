"""Issue 14 item 9: a pseudonym key file other users can read is refused (POSIX)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from iaextract.errors import EXIT_INVALID, KeyExposed
from iaextract.redaction.pseudonym import load_key

from ..support import run_cli, write_config

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def test_key_readable_by_others_is_refused_with_the_fix(tmp_path: Path, demo_db: Path
                                                        ) -> None:
    config = write_config(tmp_path / "agency", demo_db)
    key = tmp_path / "agency" / "iaextract.key"
    for mode in (0o644, 0o640, 0o604, 0o660, 0o602):
        key.chmod(mode)
        with pytest.raises(KeyExposed, match="chmod 600"):
            load_key(key, None)
    key.chmod(0o640)  # readable by the group only: still refused
    for command in ("export", "check"):
        result = run_cli(command, "-c", str(config))
        assert result.returncode == EXIT_INVALID, result.stderr
        assert f"chmod 600 {key}" in result.stderr
    assert not (tmp_path / "agency" / "export").exists()
    key.chmod(0o600)
    assert len(load_key(key, None)) == 32
