"""Freed memory handed back to the system between datasets: glibc's malloc_trim where
there is one, nothing elsewhere, and never a failure."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from iaextract.run import plan


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    plan._malloc_trim.cache_clear()
    yield
    plan._malloc_trim.cache_clear()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_on_linux_it_calls_malloc_trim() -> None:
    import ctypes

    if not hasattr(ctypes.CDLL(None), "malloc_trim"):
        pytest.skip("a C library without malloc_trim")
    assert plan._malloc_trim() is not plan._nothing
    plan.release_memory()  # no exception, whatever it freed


@pytest.mark.parametrize("platform", ["win32", "darwin", "cygwin"])
def test_elsewhere_it_does_nothing(monkeypatch: pytest.MonkeyPatch, platform: str) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    assert plan._malloc_trim() is plan._nothing
    plan.release_memory()


def test_a_c_library_without_malloc_trim_is_no_failure(monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    import ctypes

    class Musl:  # a C library that has no malloc_trim
        def __init__(self, name: object) -> None:
            pass

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "CDLL", Musl)
    assert plan._malloc_trim() is plan._nothing
    plan.release_memory()
