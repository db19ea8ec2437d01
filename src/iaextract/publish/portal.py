"""What portals show about a release: title, description, licence, keywords, policy."""

from __future__ import annotations

import json
from dataclasses import dataclass

from iaextract.config import Config, PolicyConfig
from iaextract.publish.release import Release
from iaextract.writers.dictionary import policy_lines


@dataclass(frozen=True)
class PackageMetadata:
    """A release described for a catalogue (CKAN, Socrata, Datasette)."""

    title: str
    description: str
    license: str | None
    keywords: tuple[str, ...]


def policy_notes(release: Release) -> str:
    """The redaction policy the export was made under, in plain words (Markdown bullets)."""
    values = release.manifest.get("policy", {})
    policy = PolicyConfig.model_validate({k: v for k, v in values.items()
                                          if k in PolicyConfig.__annotations__ and k != "fields"})
    return "\n".join(policy_lines(policy))


def package_metadata(release: Release, config: Config) -> PackageMetadata:
    """Title and description from the agency and the data package, with the release id,
    the manifest's sha256 and how personal details were removed."""
    package = json.loads((release.folder / "datapackage.json").read_text(encoding="utf-8"))
    agency = config.agency.name or "Police"
    description = (f"{package.get('description', '')}\n\nRelease {release.id} (manifest.json "
                   f"sha256 {release.manifest_sha256}). How personal details were removed:\n"
                   f"{policy_notes(release)}").strip()
    return PackageMetadata(title=f"{agency} internal-affairs open data",
                           description=description, license=config.agency.license,
                           keywords=tuple(package.get("keywords", [])))
