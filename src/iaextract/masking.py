"""The one place that finds secrets in a source URL and masks them.

A ``[source] url`` can carry a password in three places, and every one is masked
by the same code wherever the URL is shown, logged, written to a manifest or to a
config (``init``):

* the userinfo of a ``scheme://user:password@host`` URL (everything between the
  first ``:`` after the user and the last ``@`` before the query, so an
  unencoded ``@`` or ``/`` in a password is masked too);
* a query parameter ``password=``, ``pwd=`` (any case; also ``sslpassword``,
  ``passwd``), and an ``odbc_connect=`` parameter's own ``PWD=``;
* ``PWD=``/``Password=`` in an ``odbc:`` connection string, braced
  (``{a;b}}c}``) or not.

The secret values themselves are remembered for the process (:func:`remember`), so
text the program did not build — a driver's error message, a ``--debug``
traceback — can be cleaned with :func:`hide_remembered` before it is printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote_plus, unquote, unquote_plus

MASK = "***"
ODBC_PREFIX = "odbc:"
#: Names of URL query parameters and ODBC keys whose value is a secret (lower case).
SECRET_KEYS = frozenset({"password", "pwd", "passwd", "sslpassword"})
_SCHEME = re.compile(r"^[A-Za-z][\w+.-]*://")
_remembered: set[str] = set()


@dataclass
class _Found:
    """A URL with its secrets replaced, and the secret values it held."""

    text: str
    secrets: list[str] = field(default_factory=list)


def mask_url(url: str) -> str:
    """``url`` as it may be shown, logged or written: every secret replaced by ``***``."""
    return _substitute(url, MASK, braces=False).text


def replace_secrets(url: str, replacement: str) -> str:
    """``url`` with every secret replaced by ``replacement`` (e.g. ``${VAR}``); a
    braced ODBC value keeps its braces."""
    return _substitute(url, replacement, braces=True).text


def secrets_in(url: str) -> list[str]:
    """Every secret value ``url`` holds, as written and as a driver would decode it."""
    return _substitute(url, MASK, braces=False).secrets


def remember(url: str) -> None:
    """Keep the secrets of ``url`` for :func:`hide_remembered` for the rest of the process."""
    _remembered.update(secrets_in(url))


def hide(text: str, secrets: Iterable[str]) -> str:
    """``text`` with each of ``secrets`` replaced by ``***`` (longest first, so a secret
    that contains another is masked whole)."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


def hide_remembered(text: str) -> str:
    """``text`` with every remembered secret masked (messages, logs, tracebacks)."""
    return hide(text, _remembered)


def _substitute(url: str, replacement: str, *, braces: bool) -> _Found:
    if url.startswith(ODBC_PREFIX):
        found = _odbc(url[len(ODBC_PREFIX):], replacement, braces)
        found.text = ODBC_PREFIX + found.text
        return found
    scheme = _SCHEME.match(url)
    if scheme is None:
        return _Found(url)
    base, sep, query = url.partition("?")
    found = _userinfo(base, scheme.end(), replacement)
    if sep:
        in_query = _query(query, replacement, braces)
        found = _Found(f"{found.text}?{in_query.text}", found.secrets + in_query.secrets)
    return found


def _userinfo(base: str, start: int, replacement: str) -> _Found:
    at = base.rfind("@", start)
    colon = base.find(":", start, at) if at > start else -1
    if colon < 0:
        return _Found(base)
    secret = base[colon + 1:at]
    if not secret:
        return _Found(base)
    return _Found(base[:colon + 1] + replacement + base[at:], [secret, unquote(secret)])


def _query(query: str, replacement: str, braces: bool) -> _Found:
    parts, secrets = [], []
    for part in query.split("&"):
        key, eq, value = part.partition("=")
        name = unquote_plus(key).strip().lower()
        if eq and name in SECRET_KEYS and value:
            secrets += [value, unquote_plus(value)]
            part = f"{key}={replacement}"
        elif eq and name == "odbc_connect":
            inner = _odbc(unquote_plus(value), replacement, braces)
            secrets += inner.secrets + [quote_plus(s) for s in inner.secrets]
            part = f"{key}={quote_plus(inner.text, safe='{}$*')}"
        parts.append(part)
    return _Found("&".join(parts), secrets)


def _odbc(conn_str: str, replacement: str, braces: bool) -> _Found:
    """Mask ``PWD=``/``Password=`` values of an ODBC connection string.

    Values are read the way ODBC reads them: ``{...}`` may hold ``;`` and ``}}``
    stands for one ``}``.
    """
    out, secrets, i = [], [], 0
    while i < len(conn_str):
        eq = conn_str.find("=", i)
        if eq < 0:
            out.append(conn_str[i:])
            break
        key = conn_str[i:eq]
        end, braced = _odbc_value_end(conn_str, eq + 1)
        value = conn_str[eq + 1:end]
        if key.strip().lower() in SECRET_KEYS and value.strip():
            inner = value.strip()
            secrets += [inner, inner[1:-1].replace("}}", "}")] if braced else [inner]
            value = "{" + replacement + "}" if braced and braces else replacement
        out.append(f"{key}={value}")
        if end < len(conn_str):
            out.append(";")
        i = end + 1
    return _Found("".join(out), secrets)


def _odbc_value_end(text: str, start: int) -> tuple[int, bool]:
    """Index of the ``;`` ending the value that starts at ``start``, and whether it is braced."""
    j = start
    while j < len(text) and text[j] == " ":
        j += 1
    if j < len(text) and text[j] == "{":
        j += 1
        while j < len(text):
            if text[j] == "}":
                if text[j + 1:j + 2] == "}":
                    j += 2
                    continue
                break
            j += 1
        semi = text.find(";", j)
        return (len(text) if semi < 0 else semi), True
    semi = text.find(";", start)
    return (len(text) if semi < 0 else semi), False
