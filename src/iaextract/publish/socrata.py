"""``socrata:https://HOST/d/ABCD-1234?dataset=NAME``: one dataset on a Socrata portal.

A Socrata dataset is one table, so each target names the portal dataset (its
four-by-four id) and the open-schema dataset it holds. Publishing opens a *replace*
revision with the release's metadata (title, description with the release id, the
manifest's sha256 and the redaction policy, licence, tags), uploads the dataset's CSV
as its source, and applies the revision: the portal switches to the new rows and
metadata together. A dataset whose description already names this release is left as
it is. Credentials: ``SOCRATA_KEY_ID`` and ``SOCRATA_KEY_SECRET`` (an API key, sent as
HTTP basic authentication), from the environment or the OS keyring.
Contract-tested against recorded requests and answers of the Socrata publishing API
(Dataset Management API) as documented; not yet run against a live portal.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from iaextract.errors import ConfigError, PublishError, TargetUnreachable, did_you_mean
from iaextract.publish.credentials import secret, where_to_put
from iaextract.publish.portal import package_metadata
from iaextract.publish.release import Release, ReleaseFile
from iaextract.publish.targets import Context, Target

KEY_ID, KEY_SECRET = "SOCRATA_KEY_ID", "SOCRATA_KEY_SECRET"
API = "/api/publishing/v1"
POLLS, POLL_WAIT = 600, 1.0  # a large source takes the portal minutes to parse


class SocrataTarget(Target):
    """One Socrata dataset, replaced by a revision holding one open-schema dataset's CSV."""

    scheme = "socrata"

    def __init__(self, where: str, base: Path) -> None:
        super().__init__(where, base)
        url = urlsplit(where)
        self.address = f"{url.scheme}://{url.netloc}"
        self.fourfour = url.path.rstrip("/").rsplit("/", 1)[-1]
        self.dataset = (parse_qs(url.query).get("dataset") or [""])[0]

    def _csv(self, release: Release) -> ReleaseFile:
        files = release.dataset_files()
        if self.dataset not in files:
            hint = did_you_mean(self.dataset, files)
            raise ConfigError(f"socrata: ?dataset={self.dataset} is not a dataset of this "
                              f"export ({hint + '; ' if hint else ''}one of {', '.join(files)})")
        csv = next((f for f in files[self.dataset] if f.endswith(".csv")), None)
        if csv is None:
            raise PublishError(f"socrata: {self.dataset} has no CSV file (add \"csv\" to "
                               "[output] formats and export again)")
        return release.file(csv)

    def _revision_body(self, release: Release, context: Context) -> dict[str, Any]:
        meta = package_metadata(release, context.config)
        metadata: dict[str, Any] = {"name": f"{meta.title}: {self.dataset}",
                                    "description": meta.description,
                                    "tags": list(meta.keywords)}
        if meta.license:
            metadata["license_id"] = meta.license
        return {"metadata": metadata, "action": {"type": "replace", "permission": "public"}}

    def plan(self, release: Release, context: Context) -> list[str]:
        csv = self._csv(release)
        body = json.dumps(self._revision_body(release, context), ensure_ascii=False)
        source = json.dumps(_source_body(csv))
        return [f"GET {self.address}/api/views/{self.fourfour}.json",
                f"POST {self.address}{API}/revision/{self.fourfour} {body}",
                f"POST {self.address}{API}/revision/{self.fourfour}/<revision>/source {source}",
                f"POST {self.address}{API}/source/<source> (text/csv: {csv.name}, "
                f"{csv.bytes:,} bytes)",
                f"PUT {self.address}{API}/revision/{self.fourfour}/<revision>/apply "
                '{"resource": {"id": <revision>}}',
                f"each with HTTP basic authentication <{KEY_ID}>:<{KEY_SECRET}>"]

    def send(self, release: Release, context: Context) -> str:
        csv = self._csv(release)
        portal = _Portal(self.address, context)
        view = portal.call("GET", f"/api/views/{self.fourfour}.json")
        if f"Release {release.id} " in str(view.get("description") or ""):
            return f"unchanged: {self.fourfour} already holds release {release.id}"
        revision = portal.call("POST", f"{API}/revision/{self.fourfour}",
                               json=self._revision_body(release, context))
        seq = revision["resource"]["revision_seq"]
        source = portal.call("POST", revision["links"]["create_source"],
                             json=_source_body(csv))

        def upload() -> Any:
            with csv.path.open("rb") as body:
                return portal.request("POST", source["links"]["bytes"], data=body,
                                      headers={"Content-Type": "text/csv"})
        uploaded = context.attempt(upload, f"uploading {csv.name} to {self.address}")
        portal.wait_parsed(uploaded)
        portal.call("PUT", revision["links"]["apply"], json={"resource": {"id": seq}})
        return (f"{csv.name} ({csv.bytes:,} bytes) applied to {self.fourfour} as revision "
                f"{seq}: release {release.id}")


def _source_body(csv: ReleaseFile) -> dict[str, Any]:
    return {"source_type": {"type": "upload", "filename": csv.name},
            "parse_options": {"parse_source": True}}


class _Portal:
    """Authenticated JSON calls to one Socrata domain, errors made plain."""

    def __init__(self, address: str, context: Context) -> None:
        import requests

        from iaextract import __version__

        key_id, key_secret = secret(KEY_ID), secret(KEY_SECRET)
        if not key_id or not key_secret:
            raise ConfigError("socrata: no API key: " + where_to_put(KEY_ID, KEY_SECRET))
        self.address = address
        self.context = context
        self.session = requests.Session()
        self.session.auth = (key_id, key_secret)
        self.session.headers["User-Agent"] = f"iaextract/{__version__}"

    def call(self, method: str, path: str, json: Any = None) -> Any:
        """One JSON request, retried while the portal cannot be reached."""
        return self.context.attempt(lambda: self.request(method, path, json=json),
                                    f"{method} {path} on {self.address}")

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        import requests

        try:
            response = self.session.request(method, self.address + path, timeout=300,
                                            allow_redirects=False, **kwargs)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise TargetUnreachable(f"socrata {method} {path}: {type(exc).__name__}") \
                from None
        if response.status_code >= 500:
            raise TargetUnreachable(f"socrata {method} {path}: HTTP {response.status_code}")
        if response.status_code in (401, 403):
            raise PublishError(f"socrata {method} {path}: not authorised (check the API key: "
                               f"{where_to_put(KEY_ID, KEY_SECRET)})")
        if response.status_code >= 300:
            raise PublishError(f"socrata {method} {path}: HTTP {response.status_code}"
                               + (" (is the dataset id right?)" if response.status_code == 404
                                  else ""))
        try:
            return response.json()
        except ValueError:
            raise PublishError(f"socrata {method} {path}: the answer is not JSON") from None

    def wait_parsed(self, source: dict[str, Any]) -> None:
        """Wait until the portal has parsed an uploaded source; fail if it could not."""
        for _ in range(POLLS):
            resource = source.get("resource", {})
            if resource.get("failed_at"):
                raise PublishError("socrata: the portal could not parse the uploaded CSV; "
                                   "the revision was not applied")
            if resource.get("finished_at"):
                return
            time.sleep(POLL_WAIT)
            source = self.call("GET", source["links"]["show"])
        raise PublishError("socrata: the portal did not finish parsing the upload in time; "
                           "the revision was not applied")
