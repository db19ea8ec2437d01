"""Staging and publishing an export so it is complete or not published at all.

Every file of a run is written into a staging folder inside the output folder (same
filesystem, so renames are atomic). Publishing first writes a journal listing the
staged files, then renames each into place, manifest last, then removes the
journal. A run killed before the journal leaves the previous export untouched; a
run killed during the renames is rolled forward by the next run (every staged file
was already complete), so a mixed set never stays published.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from iaextract import testhooks
from iaextract.errors import WriterError

JOURNAL = ".publish-journal.json"
STAGING_PREFIX = ".staging-"


def _fsync_dir(path: Path) -> None:
    # Directory fsync makes renames durable on POSIX; Windows cannot open folders.
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` atomically (temp file, fsync, rename)."""
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def recover(out_dir: Path) -> list[str]:
    """Finish an interrupted publish and remove stale staging folders; return what was done.

    Callers must hold the run lock: a staging folder of a live run looks stale.
    """
    done: list[str] = []
    journal = out_dir / JOURNAL
    if journal.is_file():
        entry = json.loads(journal.read_text(encoding="utf-8"))
        staging = out_dir / entry["staging"]
        for name in entry["files"]:
            staged = staging / name
            if staged.exists():
                (out_dir / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, out_dir / name)
        _write_outside(staging, entry.get("outside", {}))
        journal.unlink()
        done.append(f"completed the interrupted publish of run {entry['run_id']}")
    for stale in out_dir.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(stale, ignore_errors=True)
        done.append(f"removed unfinished run files {stale.name}")
    for tmp in out_dir.glob(".*.tmp"):
        tmp.unlink(missing_ok=True)
    return done


def _write_outside(staging: Path, outside: dict[str, str]) -> None:
    # Files kept outside the output folder (another filesystem, perhaps): copied, not
    # renamed, so that completing an interrupted publish can do it again.
    for name, target in outside.items():
        staged = staging / name
        if staged.exists():
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            write_atomic(Path(target), staged.read_text(encoding="utf-8"))


class Staging:
    """The staging folder of one run."""

    def __init__(self, out_dir: Path, run_id: str) -> None:
        self.out_dir = out_dir
        self.run_id = run_id
        #: Staged name -> path outside the output folder, written in the publish step.
        self.outside: dict[str, str] = {}
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            self.recovered = recover(out_dir)
            self.dir = out_dir / f"{STAGING_PREFIX}{run_id}"
            self.dir.mkdir()
        except OSError as exc:
            raise WriterError(f"cannot prepare output folder {out_dir}: {exc.strerror}") \
                from None

    def path(self, name: str) -> Path:
        """Where to write the staged file ``name`` (a path relative to the output folder)."""
        path = self.dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def stage_outside(self, name: str, target: Path) -> Path:
        """Where to stage a file that the publish writes to ``target``, outside the output
        folder (the incremental state), in the same journalled step as the export."""
        self.outside[name] = str(target)
        return self.path(name)

    def publish(self, names: list[str], last: str) -> None:
        """Move staged ``names`` into place, ``last`` (the manifest) after all others;
        then write the files staged for outside the output folder."""
        order = [n for n in names if n != last] + [last]
        journal = {"run_id": self.run_id, "staging": self.dir.name, "files": order,
                   "outside": self.outside}
        try:
            write_atomic(self.out_dir / JOURNAL, json.dumps(journal, indent=1))
            for name in order:
                target = self.out_dir / name
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.dir / name, target)
                testhooks.checkpoint("publishing")
            _fsync_dir(self.out_dir)
            _write_outside(self.dir, self.outside)
            (self.out_dir / JOURNAL).unlink()
        except OSError as exc:
            raise WriterError(f"publishing to {self.out_dir} failed: {exc.strerror}; the next "
                              "run completes it") from None
        shutil.rmtree(self.dir, ignore_errors=True)

    def discard(self) -> None:
        """Remove everything this run staged; the published export is untouched."""
        shutil.rmtree(self.dir, ignore_errors=True)
