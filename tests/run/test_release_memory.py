"""The C heap kept flat: glibc's mmap threshold held and freed pages handed back between
datasets where there is glibc, nothing elsewhere, and never a failure."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from iaextract import heap


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    heap._glibc.cache_clear()
    yield
    heap._glibc.cache_clear()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc")
def test_on_linux_it_calls_glibc() -> None:
    import ctypes

    if not hasattr(ctypes.CDLL(None), "malloc_trim"):
        pytest.skip("a C library without malloc_trim")
    assert heap._glibc("malloc_trim") is not None
    assert heap._glibc("mallopt") is not None
    heap.release_memory()  # no exception, whatever it freed


@pytest.mark.parametrize("platform", ["win32", "darwin", "cygwin"])
def test_elsewhere_it_does_nothing(monkeypatch: pytest.MonkeyPatch, platform: str) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    assert heap._glibc("malloc_trim") is None and heap._glibc("mallopt") is None
    heap.release_memory()
    heap.steady_heap()


def test_a_c_library_without_them_is_no_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes

    class Musl:  # a C library that has neither
        def __init__(self, name: object) -> None:
            pass

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "CDLL", Musl)
    assert heap._glibc("malloc_trim") is None
    heap.release_memory()
    heap.steady_heap()


def test_the_threshold_is_held_unless_the_user_set_one(monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(heap, "_glibc", lambda name: lambda *a: calls.append(a))
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    heap.steady_heap()
    assert calls == [(-3, 131_072)]
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "65536")
    heap.steady_heap()
    assert calls == [(-3, 131_072)]


def test_helper_processes_hold_the_threshold_unless_the_user_set_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The leak scan process and scrubbing workers are started with this environment."""
    # (their memory only: the environment is otherwise this process's, as it was)
    monkeypatch.setenv("IAEXTRACT_TEST_MARK", "kept")
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    env = heap.child_environment()
    assert env["MALLOC_MMAP_THRESHOLD_"] == "131072" and env["IAEXTRACT_TEST_MARK"] == "kept"
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "65536")  # the user's own setting wins
    assert heap.child_environment()["MALLOC_MMAP_THRESHOLD_"] == "65536"
