"""``ckan:https://HOST/dataset/NAME``: a dataset on a CKAN portal, via its action API.

One CKAN dataset per release target, one resource per file (named by its path in the
export, its ``hash`` the file's sha256), the dataset's title, description, licence and
tags from the data package and the agency. Files are uploaded first; the release
marker (``version`` and the ``iaextract_release`` extra) is written last, so a dataset
showing a release has all of its files. A resource whose hash already matches is not
sent again; a dataset already marked with this release is left as it is. The API token
comes from ``CKAN_API_TOKEN`` (environment or OS keyring); the organisation a new
dataset belongs to from ``[publish] ckan_organization``.
Contract-tested against recorded requests and answers of CKAN's documented action API;
not yet run against a live portal.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from iaextract.errors import ConfigError, PublishError, TargetUnreachable
from iaextract.publish.credentials import secret, where_to_put
from iaextract.publish.portal import package_metadata
from iaextract.publish.release import Release, ReleaseFile
from iaextract.publish.targets import Context, Target

TOKEN = "CKAN_API_TOKEN"
MARKER = "iaextract_release"
_URL = re.compile(r"(?P<address>https?://.+?)/dataset/(?P<name>[a-z0-9_\-]+)/?")


class CkanTarget(Target):
    """A CKAN dataset, created if missing, its resources updated in place."""

    scheme = "ckan"

    def __init__(self, where: str, base: Path) -> None:
        super().__init__(where, base)
        match = _URL.fullmatch(where)
        assert match is not None  # targets.target_problem checked the shape
        self.address, self.name = match["address"], match["name"]

    def _action(self, action: str) -> str:
        return f"POST {self.address}/api/action/{action}"

    def plan(self, release: Release, context: Context) -> list[str]:
        metadata = self._metadata(release, context)
        lines = [f"{self._action('package_show')} {json.dumps({'id': self.name})}",
                 f"{self._action('package_create')} (if the dataset is missing) "
                 f"{json.dumps(metadata, ensure_ascii=False)}"]
        for file in release.files:
            fields = json.dumps(self._resource_fields(file), ensure_ascii=False)
            lines.append(f"{self._action('resource_create')} (or resource_update) multipart "
                         f"{fields} + upload={file.name} ({file.bytes:,} bytes)")
        marker = json.dumps(self._marker(release, None), ensure_ascii=False)
        lines.append(f"{self._action('package_patch')} {marker}")
        return [*lines, f"each with the header Authorization: <{TOKEN}>"]

    def send(self, release: Release, context: Context) -> str:
        ckan = _client(self.address)
        package = self._call(context, ckan, "package_show", {"id": self.name}, missing_ok=True)
        if package and _extra(package, MARKER) == release.id and \
                not self._stale(package, release):
            return f"unchanged: {self.name} already holds release {release.id}"
        if package is None:
            package = self._call(context, ckan, "package_create",
                                 self._metadata(release, context))
        resources = {r.get("name"): r for r in package.get("resources", [])}
        sent = 0
        for file in release.files:
            existing = resources.get(file.name)
            if existing and existing.get("hash") == f"sha256:{file.sha256}":
                continue
            fields = self._resource_fields(file)
            if existing:
                action, fields = "resource_update", {"id": existing["id"], **fields}
            else:
                action, fields = "resource_create", {"package_id": package["id"], **fields}
            self._upload(context, ckan, action, fields, file)
            sent += 1
        self._call(context, ckan, "package_patch", self._marker(release, package))
        return (f"{sent} of {len(release.files)} files uploaded; {self.name} now holds "
                f"release {release.id}")

    def _stale(self, package: dict[str, Any], release: Release) -> bool:
        hashes = {r.get("name"): r.get("hash") for r in package.get("resources", [])}
        return any(hashes.get(f.name) != f"sha256:{f.sha256}" for f in release.files)

    def _metadata(self, release: Release, context: Context) -> dict[str, Any]:
        meta = package_metadata(release, context.config)
        data: dict[str, Any] = {"name": self.name, "title": meta.title,
                                "notes": meta.description,
                                "tags": [{"name": k} for k in meta.keywords]}
        if meta.license:
            data["license_id"] = meta.license
        if context.config.publish.ckan_organization:
            data["owner_org"] = context.config.publish.ckan_organization
        return data

    def _marker(self, release: Release, package: dict[str, Any] | None) -> dict[str, Any]:
        extras = [e for e in (package or {}).get("extras", []) if e.get("key") != MARKER]
        return {"id": package["id"] if package else self.name, "version": release.id,
                "extras": [*extras, {"key": MARKER, "value": release.id}]}

    @staticmethod
    def _resource_fields(file: ReleaseFile) -> dict[str, Any]:
        return {"name": file.name, "format": file.path.suffix.lstrip(".").upper(),
                "mimetype": file.media_type, "hash": f"sha256:{file.sha256}",
                "size": file.bytes}

    def _upload(self, context: Context, ckan: Any, action: str, fields: dict[str, Any],
                file: ReleaseFile) -> None:
        def send() -> Any:
            with file.path.open("rb") as body:
                return _call(ckan, action, fields, files={"upload": (file.name, body)})
        context.attempt(send, f"{action} {file.name} on {self.address}")

    def _call(self, context: Context, ckan: Any, action: str, data: dict[str, Any],
              missing_ok: bool = False) -> Any:
        return context.attempt(lambda: _call(ckan, action, data, missing_ok=missing_ok),
                               f"{action} on {self.address}")


def _extra(package: dict[str, Any], key: str) -> Any:
    return next((e.get("value") for e in package.get("extras", []) if e.get("key") == key),
                None)


def _client(address: str) -> Any:
    from ckanapi import RemoteCKAN

    from iaextract import __version__

    token = secret(TOKEN)
    if not token:
        raise ConfigError(f"ckan: no API token: {where_to_put(TOKEN)}")
    return _streaming(RemoteCKAN)(address, apikey=token, user_agent=f"iaextract/{__version__}")


def _streaming(remote_ckan: type) -> type:
    """``RemoteCKAN`` with uploads streamed from disk. ckanapi hands the file to requests,
    which builds the whole multipart body in memory: an export's largest file (hundreds of
    megabytes at a large agency) would be held twice over. The same fields and file go
    out through requests-toolbelt's encoder, read a block at a time, with a length."""
    from requests_toolbelt import MultipartEncoder

    class StreamingCKAN(remote_ckan):  # type: ignore[misc,valid-type]
        def _request_fn(self, url: str, data: Any, headers: dict[str, str], files: Any,
                        requests_kwargs: dict[str, Any]) -> tuple[int, str]:
            if not files:
                return super()._request_fn(  # type: ignore[no-any-return]
                    url, data, headers, files, requests_kwargs)
            # With files, ckanapi has made every field a UTF-8 byte string.
            fields: list[tuple[str, Any]] = [(k.decode(), v.decode()) for k, v in data.items()]
            fields += [(field, (name, body, "application/octet-stream"))
                       for field, (name, body) in files.items()]
            body = MultipartEncoder(fields)
            answer = self.session.post(url, data=body, allow_redirects=False,
                                       headers={**headers, "Content-Type": body.content_type},
                                       **requests_kwargs)
            return answer.status_code, answer.text

    return StreamingCKAN


def _call(ckan: Any, action: str, data: dict[str, Any], *, files: Any = None,
          missing_ok: bool = False) -> Any:
    """One action; CKAN's errors as iaextract's (the token never appears in them)."""
    import requests
    from ckanapi.errors import (
        CKANAPIError,
        NotAuthorized,
        NotFound,
        ServerIncompatibleError,
        ValidationError,
    )

    try:
        return ckan.call_action(action, data, files=files)
    except NotFound:
        if missing_ok:
            return None
        raise PublishError(f"ckan {action}: not found") from None
    except NotAuthorized:
        raise PublishError(f"ckan {action}: not authorised (check the token: "
                           f"{where_to_put(TOKEN)}, and its rights on the organisation)") \
            from None
    except ValidationError as exc:
        fields = sorted(k for k in (exc.error_dict or {}) if not k.startswith("__"))
        raise PublishError(f"ckan {action}: the portal refused the fields "
                           f"{', '.join(fields) or '(none named)'}") from None
    except ServerIncompatibleError:
        raise PublishError(f"ckan {action}: the answer is not CKAN's action API (is the "
                           "address right?)") from None
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise TargetUnreachable(f"ckan {action}: {type(exc).__name__}") from None
    except CKANAPIError:
        # Its text quotes the whole answer; the kind of failure is enough here.
        raise TargetUnreachable(f"ckan {action}: the portal gave an unexpected answer") \
            from None
