"""Publishing a verified export: to a static site, a Datasette bundle, object storage, portals.

:func:`publish` sends an export only after it passes the checks of ``iaextract verify``
(every file's sha256 against the manifest, the leak scan against the source); otherwise
nothing is sent. With a signing key configured, the manifest is signed first, so every
target receives ``manifest.json.sig`` with the files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from iaextract.config import Config
from iaextract.errors import ConfigError, WriterError
from iaextract.leakscan.verify import Verification, verify_export
from iaextract.publish.release import Release, load_release
from iaextract.publish.signing import load_signer, sign_manifest
from iaextract.publish.targets import Context, Target, parse_target
from iaextract.run.lock import RunLock
from iaextract.run.retry import RetryPolicy
from iaextract.run.runlog import NoEvents, RunEvents
from iaextract.writers.manifest import MANIFEST, SIGNATURE

__all__ = ["PublishResult", "publish"]


@dataclass
class PublishResult:
    """What a publish did: the checks passed, per target what changed (or, in a dry run, what
    would be sent)."""

    verification: Verification
    release: Release
    signed: bool = False
    sent: dict[str, str] = field(default_factory=dict)
    planned: dict[str, list[str]] = field(default_factory=dict)


def publish(config: Config, targets: Sequence[str] = (), *, export_dir: Path | None = None,
            dry_run: bool = False, events: RunEvents | None = None) -> PublishResult:
    """Verify the export in ``export_dir`` (default: the config's output folder), sign its
    manifest if a signing key is configured, and send it to ``targets`` (default:
    ``[publish] targets``).

    Nothing is sent unless the export is intact and clean: VerifyFailed (exit 1) or
    LeakDetected (exit 3) otherwise. The export folder's run lock is held throughout, so
    no export replaces the files midway (LockHeld, exit 75). Publishing the same export
    again changes nothing at any target. ``dry_run`` verifies, then lists what would be
    sent in ``PublishResult.planned``, and writes and sends nothing.
    """
    events = events or NoEvents()
    chosen = _targets(config, targets)
    folder = (export_dir or config.output_dir).resolve()
    if not (folder / MANIFEST).is_file():
        raise WriterError(f"{folder} holds no export ({MANIFEST} missing): run `iaextract "
                          "export` first, or give --export DIR")
    signer = load_signer(config)
    with RunLock(folder, "publish", events):
        verification = verify_export(folder, config)
        verification.raise_for_problems()
        result = PublishResult(verification, load_release(folder))
        if signer is not None and dry_run:
            result.planned["signing"] = [f"sign {MANIFEST} with the key {signer.fingerprint}, "
                                         f"written beside it as {SIGNATURE}"]
        elif signer is not None:
            result.signed = sign_manifest(folder, signer.key)
            result.release = load_release(folder)  # now with the signature
        context = Context(config, RetryPolicy(config.run.retries, config.run.retry_delay),
                          events, signer.public if signer else None)
        for target in chosen:
            if dry_run:
                result.planned[target.label] = target.plan(result.release, context)
                continue
            outcome = target.send(result.release, context)
            result.sent[target.label] = outcome
            events.event("published", f"{target.label}: {outcome}", target=target.label)
    return result


def _targets(config: Config, given: Sequence[str]) -> list[Target]:
    if given:
        return [parse_target(t, Path.cwd()) for t in given]
    if not config.publish.targets:
        raise ConfigError("nothing to publish to: give --to TARGET, or set [publish] targets "
                          f"in {config.path or 'the config'}")
    return [parse_target(t, config.base_dir) for t in config.publish.targets]
