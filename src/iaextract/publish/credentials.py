"""Secrets for publish targets: from environment variables, else the OS keyring.

Never from the config file, never logged: a message names the variable to set,
never its value.
"""

from __future__ import annotations

import os

KEYRING_SERVICE = "iaextract"


def secret(env: str) -> str | None:
    """The value of environment variable ``env``, else the keyring's entry of that name
    (service ``iaextract``), else None."""
    value = os.environ.get(env)
    if value:
        return value
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, env)
    except (KeyringError, RuntimeError):  # no keyring on this machine (a headless server)
        return None


def where_to_put(*names: str) -> str:
    """How to provide secrets ``names``: how every missing-credential error ends."""
    joined = " and ".join(names)
    return (f"set the environment variable{'s' if len(names) > 1 else ''} {joined}, or store "
            f"{'them' if len(names) > 1 else 'it'} in the OS keyring under service "
            f"'{KEYRING_SERVICE}' (e.g. `keyring set {KEYRING_SERVICE} {names[0]}`)")
