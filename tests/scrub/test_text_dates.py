"""Dates inside scrubbed narratives (issue 14 item 12): a summary must not undo the
policy's date precision, whatever US form the date is written in."""

from __future__ import annotations

import pytest

from iaextract.scrub.narrative import NarrativeScrub
from iaextract.scrub.scrubber import TextScrubber

FORMS = ["10/09/2017", "10/9/2017", "Oct. 9, 2017", "Oct 9 2017", "October 9th, 2017",
         "9 October 2017", "9th of October, 2017", "09-OCT-2017", "2017-10-09", "10-9-17",
         "10.09.2017", "2017/10/09"]


@pytest.mark.parametrize("written", FORMS)
def test_a_date_in_any_us_form_is_generalised_to_the_month(written: str) -> None:
    result = TextScrubber().scrub(f"On {written}, the complainant called the station.")
    assert result.text == "On [DATE: 2017-10], the complainant called the station."
    assert result.counts() == {"date": 1}


@pytest.mark.parametrize(("precision", "expected"), [
    ("day", "On 10/09/2017 and in October 2017 and on Oct. 9th."),
    ("month", "On [DATE: 2017-10] and in October 2017 and on [DATE: October]."),
    ("quarter", "On [DATE: 2017-Q4] and in [DATE: 2017-Q4] and on [DATE]."),
    ("year", "On [DATE: 2017] and in [DATE: 2017] and on [DATE]."),
])
def test_generalised_to_the_policy_precision(precision: str, expected: str) -> None:
    text = "On 10/09/2017 and in October 2017 and on Oct. 9th."
    assert TextScrubber(date_precision=precision).scrub(text).text == expected


def test_an_impossible_date_is_removed_whole() -> None:
    assert TextScrubber().scrub("On 02/31/2017 he left.").text == "On [DATE] he left."


def test_a_birth_date_stays_a_dob_and_times_and_codes_stay() -> None:
    text = "DOB 04/12/1987. At 14:22 unit 12 gave a 10-4 under General Order 4.12."
    assert TextScrubber().scrub(text).text == (
        "DOB [DOB]. At 14:22 unit 12 gave a 10-4 under General Order 4.12.")


def test_the_pipeline_scrub_counts_dates_for_the_manifest() -> None:
    scrub = NarrativeScrub(TextScrubber(date_precision="year"))
    text, counts = scrub("Reviewed on 2019-03-04 and again on March 9, 2019.")
    assert text == "Reviewed on [DATE: 2019] and again on [DATE: 2019]."
    assert counts["date"] == 2


def test_an_unknown_precision_is_refused() -> None:
    with pytest.raises(ValueError, match="date precision"):
        TextScrubber(date_precision="week")
