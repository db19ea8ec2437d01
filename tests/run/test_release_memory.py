"""The C heap kept flat: glibc's mmap threshold held and freed pages handed back between
datasets where there is glibc, nothing elsewhere, and never a failure."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from iaextract.run import plan


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    plan._glibc.cache_clear()
    yield
    plan._glibc.cache_clear()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc")
def test_on_linux_it_calls_glibc() -> None:
    import ctypes

    if not hasattr(ctypes.CDLL(None), "malloc_trim"):
        pytest.skip("a C library without malloc_trim")
    assert plan._glibc("malloc_trim") is not None
    assert plan._glibc("mallopt") is not None
    plan.release_memory()  # no exception, whatever it freed


@pytest.mark.parametrize("platform", ["win32", "darwin", "cygwin"])
def test_elsewhere_it_does_nothing(monkeypatch: pytest.MonkeyPatch, platform: str) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    assert plan._glibc("malloc_trim") is None and plan._glibc("mallopt") is None
    plan.release_memory()
    plan.steady_heap()


def test_a_c_library_without_them_is_no_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes

    class Musl:  # a C library that has neither
        def __init__(self, name: object) -> None:
            pass

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "CDLL", Musl)
    assert plan._glibc("malloc_trim") is None
    plan.release_memory()
    plan.steady_heap()


def test_the_threshold_is_held_unless_the_user_set_one(monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(plan, "_glibc", lambda name: lambda *a: calls.append(a))
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    plan.steady_heap()
    assert calls == [(-3, 131_072)]
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "65536")
    plan.steady_heap()
    assert calls == [(-3, 131_072)]
