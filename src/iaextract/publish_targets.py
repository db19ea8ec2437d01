"""How a publish target is written (``site:DIR``, ``s3://BUCKET/PREFIX``...): checked
when the config is read, before anything is sent; iaextract.publish implements each kind."""

from __future__ import annotations

import re

from iaextract.errors import did_you_mean

#: publish target kind -> how a target of that kind is written (iaextract.publish
#: implements each kind).
PUBLISH_TARGETS = {
    "site": "a folder: site:DIR",
    "datasette": "a folder: datasette:DIR",
    "s3": "a bucket and prefix: s3://BUCKET/PREFIX",
    "ckan": "the dataset's page: ckan:https://HOST/dataset/NAME",
    "socrata": "a portal dataset and the dataset it holds: "
               "socrata:https://HOST/d/abcd-1234?dataset=NAME",
}
_TARGET_SHAPES = {
    "s3": re.compile(r"[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9](/.*)?"),
    "ckan": re.compile(r"https?://[^/@]+(/.*)?/dataset/[a-z0-9_\-]{2,100}/?"),
    "socrata": re.compile(r"https?://[^/@]+/d/[a-z0-9]{4}-[a-z0-9]{4}/?\?dataset=[a-z_]+"),
}


def split_target(text: str) -> tuple[str, str]:
    """``("s3", "bucket/prefix")`` from ``s3://bucket/prefix``, ``("site", "out")`` from
    ``site:out``."""
    scheme, _, rest = text.partition(":")
    if scheme == "s3" and rest.startswith("//"):
        rest = rest[2:]
    return scheme.lower(), rest


def target_problem(text: str) -> str | None:
    """What is wrong with a publish target's spelling, in words that never quote a URL (it
    could hold a password), or None."""
    scheme, rest = split_target(text)
    if scheme not in PUBLISH_TARGETS:
        hint = did_you_mean(scheme, PUBLISH_TARGETS)
        return (f"unknown publish target kind {scheme!r}{f' ({hint})' if hint else ''}; "
                f"targets are {', '.join(PUBLISH_TARGETS.values())}")
    usage = PUBLISH_TARGETS[scheme]
    if not rest:
        return f"{scheme}: names {usage}"
    shape = _TARGET_SHAPES.get(scheme)
    if shape and "@" in rest.split("/")[2 if "://" in rest else 0]:
        return f"{scheme}: no password in the target; credentials come from the environment"
    if shape and not shape.fullmatch(rest):
        return f"{scheme}: expected {usage}"
    return None
