"""The building blocks of unattended runs, on real files: retry rules, the merge store,
watermarks, log masking."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from iaextract.errors import ConnectorError, DriverMissing
from iaextract.run.retry import RetryPolicy, call_with_retry, stream_with_retry
from iaextract.run.runlog import RunLog
from iaextract.run.state import CursorWatch, RunState
from iaextract.writers.formats import WRITERS
from iaextract.writers.merge import CurrentStore, read_current

FAST = RetryPolicy(retries=2, delay=0)


class Flaky:
    """Fails ``failures`` times, then yields ``chunks``; may fail after the first chunk."""

    def __init__(self, failures: int, chunks: list[list[int]], fail_after_first: bool = False):
        self.failures, self.chunks, self.fail_after_first = failures, chunks, fail_after_first
        self.calls = 0

    def __call__(self):
        self.calls += 1
        if self.calls <= self.failures:
            raise ConnectorError("connection refused")
        for i, chunk in enumerate(self.chunks):
            if i == 1 and self.fail_after_first:
                raise ConnectorError("connection reset")
            yield chunk


def test_stream_start_is_retried() -> None:
    flaky = Flaky(2, [[1, 2], [3]])
    assert list(stream_with_retry(flaky, FAST, "reading")) == [[1, 2], [3]]
    assert flaky.calls == 3


def test_stream_failure_after_rows_is_not_retried() -> None:
    flaky = Flaky(0, [[1], [2]], fail_after_first=True)
    chunks = stream_with_retry(flaky, FAST, "reading")
    assert next(chunks) == [1]
    with pytest.raises(ConnectorError, match="connection reset"):
        next(chunks)
    assert flaky.calls == 1


def test_retries_give_up_plainly_and_never_retry_a_missing_driver() -> None:
    with pytest.raises(ConnectorError, match="reading failed 3 times, giving up"):
        list(stream_with_retry(Flaky(5, [[1]]), FAST, "reading"))
    calls = []

    def missing_driver():
        calls.append(1)
        raise DriverMissing("no driver")

    with pytest.raises(DriverMissing):
        call_with_retry(missing_driver, FAST, "connecting")
    assert len(calls) == 1
    assert RetryPolicy(3, 0.5).waits() == [0.5, 1.0, 2.0]


def store(tmp_path: Path, text_only: bool = False) -> CurrentStore:
    return CurrentStore(tmp_path / "merge.sqlite", ["id", "finding", "age"], ["id"], text_only)


def test_merge_updates_in_place_appends_new_and_ignores_replays(tmp_path: Path) -> None:
    current = store(tmp_path)
    current.load(iter([["a", "Sustained", 30], ["b", "Unfounded", None]]))
    changed = current.merge([("b", "Exonerated", None), ("c", "Pending", 1), ("a", "Sustained",
                                                                              30), (None, "x", 2)])
    assert changed == [("b", "Exonerated", None), ("c", "Pending", 1)]
    counts = current.counts
    assert (counts.new, counts.updated, counts.unchanged, counts.without_key) == (1, 1, 1, 1)
    assert [r for chunk in current.chunks(2) for r in chunk] == [
        ["a", "Sustained", 30], ["b", "Exonerated", None], ["c", "Pending", 1]]
    assert current.merge([("c", "Pending", 1)]) == []  # replay: idempotent
    current.close()
    assert not (tmp_path / "merge.sqlite").exists()


@pytest.mark.parametrize("fmt", ["csv", "json", "ndjson"])
def test_published_files_read_back_as_written(tmp_path: Path, fmt: str) -> None:
    rows = [("a", "O'Brien, \"quoted\"\nline", 30), ("b", None, 1.5), ("c", "é ✓", True)]
    path = tmp_path / f"d.{fmt}"
    writer = WRITERS[fmt](path, ["id", "finding", "age"])
    writer.write_rows(rows)
    writer.close()
    back = list(read_current(path, fmt, ["id", "finding", "age"]))
    if fmt == "csv":
        assert back == [["a", rows[0][1], "30"], ["b", "", "1.5"], ["c", "é ✓", "true"]]
    else:
        assert back == [list(r) for r in rows]
    with pytest.raises(ValueError):
        list(read_current(path, fmt, ["id", "other", "age"]))
    # Rewriting what was read gives the same bytes, so unchanged files stay identical.
    current = store(tmp_path, text_only=fmt == "csv")
    current.load(iter(back))
    again = WRITERS[fmt](tmp_path / f"again.{fmt}", ["id", "finding", "age"])
    for chunk in current.chunks(2):
        again.write_rows(chunk)
    again.close()
    assert (tmp_path / f"again.{fmt}").read_bytes() == path.read_bytes()
    current.close()


def test_watermarks_take_the_highest_cursor_never_go_back_nor_past_now(tmp_path: Path) -> None:
    watch = CursorWatch(0)
    watch([("03/05/2024 2:00 PM",), (None,), ("not a date",), ("2024-03-05 09:00",)])
    assert watch.high == datetime(2024, 3, 5, 14, 0)
    now = datetime(2024, 6, 1)
    state = RunState().advanced("r1", tmp_path, {"a": watch.high, "b": datetime(2099, 1, 1)},
                                now)
    assert state.watermark("a") == datetime(2024, 3, 5, 14, 0)
    assert state.watermark("b") == now
    later = state.advanced("r2", tmp_path, {"a": datetime(2020, 1, 1), "b": None}, now)
    assert later.watermark("a") == datetime(2024, 3, 5, 14, 0)
    path = tmp_path / "state.json"
    later.save(path)
    assert RunState.load(path, tmp_path).watermark("a") == datetime(2024, 3, 5, 14, 0)
    assert RunState.load(path, tmp_path / "elsewhere").problem
    path.write_text("{broken")
    assert "unreadable" in (RunState.load(path, tmp_path).problem or "")


def test_log_masks_registered_secrets(tmp_path: Path) -> None:
    log = RunLog("json", file=tmp_path / "log.jsonl", quiet=True)
    log.hide("hunter2")
    log.event("retry", "connecting to postgresql://u:hunter2@db failed", level="warning")
    log.close()
    line = json.loads((tmp_path / "log.jsonl").read_text())
    assert line["message"] == "connecting to postgresql://u:***@db failed"
