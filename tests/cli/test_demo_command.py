"""`iaextract demo` builds a complete demo folder and a real export from nothing."""

from pathlib import Path

from ..support import run_cli


def test_demo_creates_folder_exports_and_explains(tmp_path: Path) -> None:
    result = run_cli("demo", "--incidents", "60", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    root = tmp_path / "iaextract-demo"
    for name in ("iapro-demo.sqlite", "iaextract.toml", "iaextract.key",
                 "mappings/iapro-demo/complaint_allegations.yaml",
                 "export/complaint_allegations.csv", "export/complaint_allegations.json",
                 "export/use_of_force.csv", "export/use_of_force.json",
                 "export/manifest.json"):
        assert (root / name).is_file(), name
    out = result.stdout
    assert "complaint_allegations:" in out and "pseudonymised" in out
    assert "check in manifest.json:" in out and "unknown codes" in out
    assert "Next, try:" in out and "iaextract export" in out
    key = (root / "iaextract.key").read_text().strip()
    assert key not in out and key not in result.stderr
    # the demo's config works from inside the folder, as the summary suggests
    again = run_cli("export", "-q", cwd=root)
    assert again.returncode == 0 and again.stdout == ""


def test_demo_refuses_non_empty_folder_without_force(tmp_path: Path) -> None:
    root = tmp_path / "mine"
    root.mkdir()
    (root / "notes.txt").write_text("keep me")
    refused = run_cli("demo", "--out", str(root), "--incidents", "20")
    assert refused.returncode == 2 and "--force" in refused.stderr
    forced = run_cli("demo", "--out", str(root), "--incidents", "20", "--force")
    assert forced.returncode == 2 and "not made by `iaextract demo`" in forced.stderr
    assert [p.name for p in root.iterdir()] == ["notes.txt"]  # issue 15.5: not a demo
