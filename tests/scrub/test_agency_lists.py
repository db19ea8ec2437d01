"""The agency's deny and allow lists (issue 16 item 5): applied by the scrubber and
honoured by the leak scan."""

from __future__ import annotations

from pathlib import Path

from iaextract.config import load_config
from iaextract.leakscan.match import FREE, Column, Matcher
from iaextract.leakscan.scan import load_known
from iaextract.scrub.scrubber import TextScrubber

from ..support import write_config

LISTS = 'narratives = "scrub"\nscrub_deny = ["Bluebird Motel", "Vice Lords"]\n' \
        'scrub_allow = ["Lincoln Park", "Okafor Community Center"]'


def test_deny_is_always_removed_and_allow_never_as_a_name() -> None:
    scrubber = TextScrubber(deny=["Bluebird Motel", "Vice Lords"],
                            allow=["Lincoln Park", "King Street"])
    text = ("Marcus Hill ran to Lincoln Park past the BLUEBIRD  motel; a Vice Lords member "
            "on King Street called 317-555-0123.")
    assert scrubber.scrub(text).text == (
        "[PERSON 1] ran to Lincoln Park past the [REMOVED]; a [REMOVED] member on King "
        "Street called [PHONE].")


def test_allow_never_shields_a_phone_or_a_name_beside_it() -> None:
    scrubber = TextScrubber(allow=["Lincoln Park 555-0123"])
    assert "[PHONE]" in scrubber.scrub("Call Lincoln Park 555-0123.").text
    out = TextScrubber(allow=["Lincoln Park"]).scrub("Ofc. Reyes met Lincoln Park staff.").text
    assert out == "Ofc. [OFFICER 1] met Lincoln Park staff."


def test_the_scan_finds_denied_words_and_skips_allowed_ones(tmp_path: Path,
                                                            demo_db: Path) -> None:
    config = load_config(write_config(tmp_path / "agency", demo_db, policy=LISTS))
    assert config.policy.scrub_allow == ["Lincoln Park", "Okafor Community Center"]
    matcher = Matcher(load_known(config))
    assert matcher.find("They met at the Bluebird Motel.", Column(FREE)) == "name"
    assert matcher.find("Later Okafor called.", Column(FREE)) == "name"
    assert matcher.find("The Okafor Community Center opened.", Column(FREE)) is None
