"""Staging and publishing an export so it is complete or not published at all.

Every file of a run is written into a staging folder inside the output folder (same
filesystem, so renames are atomic). Publishing first writes a journal listing the
staged files, then moves each into place, manifest last, keeping a link to the file
it replaces in the staging folder, then removes the journal. A move that fails rolls
every file already moved back to its previous version, so readers see the previous
export or the new one, never a mix. A run killed before the journal leaves the
previous export untouched; a run killed during the moves (or whose roll back failed
too) leaves its journal and staging folder, and the next run rolls that publish
forward (every staged file was already complete and checked). A journal is removed
only once its publish is complete or rolled back.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from datetime import datetime
from pathlib import Path

from iaextract import testhooks
from iaextract.errors import WriterError, os_reason

JOURNAL = ".publish-journal.json"
STAGING_PREFIX = ".staging-"
PREVIOUS = ".previous"  # inside a staging folder: the files a publish replaced


def _fsync_dir(path: Path) -> None:
    # Directory fsync makes renames durable on POSIX; Windows cannot open folders.
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_output_folder(out_dir: Path) -> None:
    """Create the output folder if needed; WriterError in plain words if it cannot be."""
    if out_dir.is_symlink() and not out_dir.exists():
        raise WriterError(f"the output folder {out_dir} is a symbolic link to a folder that "
                          "does not exist (or a loop of links): fix or remove the link, or "
                          "choose another folder with -o or [output] dir")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise WriterError(f"the output folder {out_dir} is a file, not a folder: choose "
                          "another with -o or [output] dir") from None
    except OSError as exc:
        raise WriterError(f"cannot create the output folder {out_dir}: {os_reason(exc)}") \
            from None


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

    Raises WriterError, keeping the journal, when the publish cannot be finished.
    Callers must hold the run lock: a staging folder of a live run looks stale.
    """
    done: list[str] = []
    journal = out_dir / JOURNAL
    if journal.is_file():
        done.append(_roll_forward(out_dir, journal))
    for stale in out_dir.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(stale, ignore_errors=True)
        done.append(f"removed unfinished run files {stale.name}")
    for tmp in out_dir.glob(".*.tmp"):
        tmp.unlink(missing_ok=True)
    return done


def _roll_forward(out_dir: Path, journal: Path) -> str:
    try:
        entry = json.loads(journal.read_text(encoding="utf-8"))
        staging, files, run_id = out_dir / entry["staging"], entry["files"], entry["run_id"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise WriterError(f"the publish journal {journal} is unreadable: the export in "
                          f"{out_dir} may mix two runs; delete the journal and run "
                          "`iaextract export --full`") from None
    if not staging.is_dir():
        raise WriterError(f"the interrupted publish of run {run_id} cannot be completed: "
                          f"its staging folder {staging.name} is gone, so the export in "
                          f"{out_dir} may mix two runs; delete {journal.name} and run "
                          "`iaextract export --full`")
    for name in files:
        staged = staging / name
        if staged.exists():
            try:
                (out_dir / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, out_dir / name)
            except OSError as exc:
                raise WriterError(f"completing the interrupted publish of run {run_id} "
                                  f"failed at {name}: {os_reason(exc)}; the export in "
                                  f"{out_dir} mixes two runs until that is fixed") from None
    _write_outside(staging, entry.get("outside", {}))
    _fsync_dir(out_dir)
    journal.unlink()
    shutil.rmtree(staging, ignore_errors=True)
    return f"completed the interrupted publish of run {run_id}"


def _write_outside(staging: Path, outside: dict[str, str]) -> None:
    # Files kept outside the output folder (another filesystem, perhaps): copied, not
    # renamed, so that completing an interrupted publish can do it again.
    for name, target in outside.items():
        staged = staging / name
        if staged.exists():
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            write_atomic(Path(target), staged.read_text(encoding="utf-8"))


def new_run_id(now: datetime) -> str:
    """A run's id: its UTC start time, so ids sort by time, and six random hex digits,
    so two runs started in the same second do not share a staging folder."""
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


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
            raise WriterError(f"cannot prepare output folder {out_dir}: {os_reason(exc)}") \
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
        """Move staged ``names`` into place, ``last`` (the manifest) after all others.

        All or nothing: on a failure every file already moved is put back and the
        WriterError says so; should that fail too, the journal and staging folder stay
        for the next run to complete the publish.
        """
        order = [n for n in names if n != last] + [last]
        journal = {"run_id": self.run_id, "staging": self.dir.name, "files": order,
                   "outside": self.outside}
        moved: list[tuple[str, bool]] = []  # (name, whether it replaced a file)
        doing = f"writing the publish journal in {self.out_dir}"
        try:
            write_atomic(self.out_dir / JOURNAL, json.dumps(journal, indent=1))
            for step, name in enumerate(order, start=1):
                doing = f"publishing {name} to {self.out_dir}"
                testhooks.fail_at("publish", step)
                moved.append((name, self._swap(name)))
                testhooks.checkpoint("publishing")
            doing = "writing the files kept outside the output folder (the state)"
            if self.outside:
                testhooks.fail_at("publish", len(order) + 1)
            _write_outside(self.dir, self.outside)
            doing = f"finishing the publish in {self.out_dir}"
            _fsync_dir(self.out_dir)
            (self.out_dir / JOURNAL).unlink()
        except OSError as exc:
            self._roll_back(moved, f"{doing} failed: {os_reason(exc)}")
        shutil.rmtree(self.dir, ignore_errors=True)

    def _swap(self, name: str) -> bool:
        """Replace ``name`` by its staged file, keeping the old one under PREVIOUS."""
        target = self.out_dir / name
        existed = target.exists() or target.is_symlink()
        if existed:
            backup = self.dir / PREVIOUS / name
            backup.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(target, backup)  # the old file stays readable in place meanwhile
            except OSError:
                if target.is_dir():
                    raise
                shutil.copy2(target, backup)  # a filesystem without hard links
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.dir / name, target)
        return existed

    def _roll_back(self, moved: list[tuple[str, bool]], failure: str) -> None:
        try:
            for name, existed in reversed(moved):
                target = self.out_dir / name
                if existed:
                    os.replace(self.dir / PREVIOUS / name, target)
                else:
                    target.unlink()
                    _remove_empty_parents(target.parent, self.out_dir)
            _fsync_dir(self.out_dir)
            (self.out_dir / JOURNAL).unlink(missing_ok=True)
        except OSError as exc:
            raise WriterError(f"{failure}; putting the previous files back failed too "
                              f"({os_reason(exc)}): the next run completes the publish "
                              "from the journal and staging folder it left") from None
        shutil.rmtree(self.dir, ignore_errors=True)
        raise WriterError(f"{failure}; nothing was published, the previous export is "
                          "as it was")

    def discard(self) -> None:
        """Remove everything this run staged, unless a journal still needs it."""
        journal = self.out_dir / JOURNAL
        try:
            pending = json.loads(journal.read_text(encoding="utf-8")).get("staging")
        except (OSError, ValueError, AttributeError):
            pending = None
        if pending != self.dir.name:
            shutil.rmtree(self.dir, ignore_errors=True)


def _remove_empty_parents(folder: Path, top: Path) -> None:
    while folder != top and folder.is_relative_to(top):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
