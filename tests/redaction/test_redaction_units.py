"""Generalisers, pseudonyms and the policy's fail-closed rules."""

import hmac
from datetime import date
from pathlib import Path

import pytest

from iaextract.config import FieldOverride, PolicyConfig
from iaextract.errors import ConfigError, KeyMissing, RedactionError
from iaextract.redaction.generalise import age_band, generalise_date, hundred_block, service_band
from iaextract.redaction.policy import check_overrides, decide_treatments
from iaextract.redaction.pseudonym import Pseudonymizer, fingerprint, load_key, write_key_file
from iaextract.schema import DATASETS, Treatment

KEY = bytes(range(32))


@pytest.mark.parametrize("precision, expected", [
    ("day", "2019-08-04"), ("month", "2019-08"), ("quarter", "2019-Q3"), ("year", "2019")])
def test_date_precision(precision: str, expected: str) -> None:
    assert generalise_date(date(2019, 8, 4), precision) == expected


@pytest.mark.parametrize("age, band", [
    (0, "under 18"), (17, "under 18"), (18, "18-24"), (24, "18-24"), (25, "25-34"),
    (89, "85-89"), (90, "90+"), (104, "90+"), (None, None)])
def test_age_bands_group_minors_and_top_code(age: int | None, band: str | None) -> None:
    assert age_band(age) == band


@pytest.mark.parametrize("age, band", [
    (17, "under 18"), (18, "18-24"), (24, "18-24"), (25, "25-29"), (29, "25-29"),
    (30, "30-34"), (84, "80-84"), (89, "85-89"), (90, "90+"), (None, None)])
def test_five_year_age_bands_keep_the_same_bottom_and_top_coding(age: int | None,
                                                                  band: str | None) -> None:
    assert age_band(age, 5) == band


def test_every_five_year_band_lies_within_one_ten_year_band() -> None:
    # disclosure control climbs 5 -> 10 years by label: a 5-year band must never straddle
    tens = {}
    for age in range(0, 121):
        tens.setdefault(age_band(age, 5), set()).add(age_band(age, 10))
    assert all(len(ten) == 1 for ten in tens.values())


def test_service_bands() -> None:
    assert [service_band(y) for y in (0, 1, 2, 9, 10, 25)] == \
        ["0-1", "0-1", "2-4", "5-9", "10-14", "20+"]


@pytest.mark.parametrize("address, block", [
    ("1234 N Main St", "1200 block of N Main St"),
    ("55 Oak Avenue Apt 3B", "0 block of Oak Avenue"),
    ("1412 W Elm St, Unit 2", "1400 block of W Elm St"),
    ("PO Box 4471", None),
    ("Main St & 5th Ave", None),
    (None, None),
])
def test_hundred_block_never_keeps_house_number_or_unit(address: str | None,
                                                       block: str | None) -> None:
    assert hundred_block(address) == block


def test_pseudonyms_are_stable_keyed_and_typed() -> None:
    one, other = Pseudonymizer(KEY), Pseudonymizer(bytes(reversed(KEY)))
    assert one.pseudonym("officer", 12) == one.pseudonym("officer", " 12 ")
    assert one.pseudonym("officer", 12) == one.pseudonym("officer", 12.0)
    assert one.pseudonym("officer", 12) != other.pseudonym("officer", 12)
    assert one.pseudonym("officer", 12) != one.pseudonym("person", 12)
    assert one.pseudonym("officer", None) is None
    assert KEY.hex() not in repr(one) and fingerprint(KEY) in repr(one)


@pytest.mark.parametrize("key", [KEY, b"k" * 16, bytes(range(64)), bytes(range(65)),
                                 b"0123456789abcdef" * 9])
def test_pseudonyms_are_hmac_sha256_of_entity_and_value(key: bytes) -> None:
    # The pre-hashed key blocks must give the standard HMAC for every key length
    # (shorter than a block, exactly one, longer: hashed first), cached or not.
    pseudonymizer = Pseudonymizer(key)
    for value, text in ((12, "12"), (" ab-12 ", "AB-12"), (12.0, "12"), ("Peña", "PEÑA")):
        expected = hmac.digest(key, f"person\x1f{text}".encode(), "sha256").hex()[:16]
        assert pseudonymizer.pseudonym("person", value) == expected
        assert pseudonymizer.pseudonyms("person", [value, None], unique=True) == [expected, None]


def test_key_file_is_private_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "agency.key"
    key = write_key_file(path)
    assert load_key(path, None) == bytes.fromhex(key)
    if hasattr(path, "stat") and __import__("os").name == "posix":
        assert path.stat().st_mode & 0o077 == 0
    with pytest.raises(ConfigError, match="never overwritten"):
        write_key_file(path)
    assert path.read_text().strip() == key


def test_missing_or_short_key_refuses_to_run(tmp_path: Path, monkeypatch) -> None:
    with pytest.raises(KeyMissing, match="restore it from backup.*iaextract keygen"):
        load_key(tmp_path / "nope.key", None)
    monkeypatch.setenv("SHORT_KEY", "abc")
    with pytest.raises(KeyMissing, match="too short"):
        load_key(None, "SHORT_KEY")
    with pytest.raises(KeyMissing, match="not set"):
        load_key(None, "UNSET_KEY_VARIABLE")


def test_default_policy_publishes_no_personal_or_free_text_field() -> None:
    for dataset in DATASETS.values():
        for decided in decide_treatments(dataset, PolicyConfig()):
            if decided.field.sensitivity.value in ("personal", "free_text"):
                assert decided.treatment is Treatment.DROP, decided.field.name
            if decided.field.sensitivity.value == "identifier":
                assert decided.treatment is Treatment.PSEUDONYM, decided.field.name


def test_officer_identity_policies() -> None:
    dataset = DATASETS["complaint_allegations"]

    def treatments(mode: str) -> dict[str, Treatment]:
        return {d.field.name: d.treatment for d in
                decide_treatments(dataset, PolicyConfig(officer_identity=mode))}

    assert treatments("none")["officer_id"] is Treatment.DROP
    assert treatments("pseudonym")["officer_id"] is Treatment.PSEUDONYM
    assert treatments("pseudonym")["officer_name"] is Treatment.DROP
    assert treatments("named")["officer_name"] is Treatment.KEEP
    assert treatments("named")["complainant_name"] is Treatment.DROP


def test_override_cannot_publish_personal_field_raw() -> None:
    policy = PolicyConfig(fields={"complaint_allegations.complainant_name":
                                  FieldOverride(treatment=Treatment.KEEP, reason="we want it")})
    with pytest.raises(RedactionError) as info:
        decide_treatments(DATASETS["complaint_allegations"], policy)
    assert "not allowed" in str(info.value) and "allowed: drop" in str(info.value)


def test_override_of_unknown_field_names_closest() -> None:
    policy = PolicyConfig(fields={"complaint_allegations.distrct":
                                  FieldOverride(treatment=Treatment.DROP, reason="small")})
    with pytest.raises(RedactionError, match="complaint_allegations.district"):
        check_overrides(policy)
