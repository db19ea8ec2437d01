"""``site:DIR``: the static transparency site, built by :mod:`iaextract.publish.site`."""

from __future__ import annotations

from iaextract.errors import ConfigError, WriterError, os_reason
from iaextract.publish.release import Release
from iaextract.publish.targets import Context, FolderTarget


class SiteTarget(FolderTarget):
    """Builds the site into a local folder any web server or file share can serve."""

    scheme = "site"

    def plan(self, release: Release, context: Context) -> list[str]:
        return [f"build the static site of release {release.id} in {self.folder}"]

    def send(self, release: Release, context: Context) -> str:
        # Imported here: the site needs chart libraries no other target does.
        from iaextract.publish.site import build_site

        k = release.manifest.get("policy", {}).get("k", context.config.policy.k)
        try:
            written = build_site(release.folder, self.folder, agency=_agency(context), k=k,
                                 public_key=context.public_key)
        except OSError as exc:  # a full disk, a folder not ours: the build was discarded
            raise WriterError(f"building the site in {self.folder} failed: {os_reason(exc)}; "
                              "the site is as it was") from None
        return f"{len(written)} files written to {self.folder}"


def _agency(context: Context) -> str:
    if not context.config.agency.name:
        raise ConfigError("the site shows the agency's name: set [agency] name = \"...\" "
                          f"in {context.config.path or 'the config'}")
    return context.config.agency.name
