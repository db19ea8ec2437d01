"""The optional NER layer (issue 16 item 3): a real spaCy pipeline, built here because
model weights cannot be downloaded, is loaded by the real loading code (object, folder,
relative folder) and its people are merged with the rule layers: union, fail closed.
Without ``ner_model`` nothing changes and spaCy is never imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from iaextract.config import Config, PolicyConfig
from iaextract.errors import ConfigError
from iaextract.pii.entities import KnownEntities, Person
from iaextract.scrub.ner import NerFailed, NerLayer, configured_ner, load_ner
from iaextract.scrub.scrubber import TextScrubber

# Names the rules cannot tell from words, and a place with a number.
PATTERNS = [
    {"label": "PERSON", "pattern": [{"LOWER": "tunde"}]},
    {"label": "PERSON", "pattern": [{"LOWER": "will"}, {"LOWER": "young"}]},
    {"label": "PERSON", "pattern": [{"LOWER": "jun"}, {"LOWER": "chen"}]},
    {"label": "FAC", "pattern": [{"LOWER": "pier"}, {"IS_DIGIT": True}]},
    {"label": "GPE", "pattern": [{"LOWER": "chicago"}]},
    {"label": "ORG", "pattern": [{"LOWER": "methodist"}, {"LOWER": "hospital"}]},
]


def ruler_pipeline() -> Language:
    """A blank English pipeline whose entity ruler plays the statistical model."""
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(PATTERNS)
    return nlp


@pytest.fixture(scope="module")
def model_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pipeline saved as an agency would copy a model to an offline machine."""
    folder = tmp_path_factory.mktemp("models") / "agency_ner"
    ruler_pipeline().to_disk(folder)
    return folder


def known() -> KnownEntities:
    entities = KnownEntities()
    entities.add_person(Person(first="Marcus", last="Hill"))
    return entities


def test_the_model_removes_people_the_rules_miss() -> None:
    # (the rules take "Will Young nodded" and "Jun Chen" by now; "Tunde smiled" they miss)
    text = "After the concert, Tunde smiled. Will Young nodded; we thanked Jun Chen twice."
    assert "Tunde" in TextScrubber().scrub(text).text
    out = TextScrubber(ner=NerLayer(ruler_pipeline())).scrub(text).text
    for name in ("Tunde", "Will", "Young", "Jun", "Chen"):
        assert name not in out
    assert out.startswith("After the concert, [PERSON 1] smiled.")


def test_rules_still_run_beside_the_model() -> None:
    # The model knows none of these: the known name, the phone and the SSN go all the same.
    text = "MARCUS HILL called from (317) 555-0123, SSN 123-45-6789; Tunde waited."
    out = TextScrubber(known(), ner=NerLayer(ruler_pipeline())).scrub(text).text
    assert out == "[PERSON 1] called from [PHONE], SSN [SSN]; [PERSON 2] waited."


def test_overlapping_spans_are_removed_as_their_union() -> None:
    # Rules find "Marcus Hill", the model "Hill Tunde": the whole run goes, as one person.
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(
        [{"label": "PERSON", "pattern": [{"LOWER": "hill"}, {"LOWER": "tunde"}]}])
    out = TextScrubber(known(), ner=NerLayer(nlp)).scrub("Marcus Hill Tunde left.").text
    assert out == "[PERSON 1] left."


def test_places_with_a_number_are_addresses_and_other_entities_stay() -> None:
    text = "Seen at Pier 39 in Chicago, then taken to Methodist Hospital."
    out = TextScrubber(ner=NerLayer(ruler_pipeline())).scrub(text).text
    assert out == "Seen at [ADDRESS] in Chicago, then taken to Methodist Hospital."


def test_a_model_finding_nothing_never_weakens_the_rules() -> None:
    texts = ["Ofc. Reyes told Marcus Hill to call 317-555-0123 on 10/09/2017.",
             "Witness kraevik (marcus.hill@example.com) lives at 12 Main St.",
             "HILL, MARCUS stated that O’Brien's cousin Will left."]
    silent = spacy.blank("en")
    silent.add_pipe("entity_ruler").add_patterns(  # recognises entities, finds none here
        [{"label": "PERSON", "pattern": "Zyxwvut Qqq"}])
    rules, with_model = TextScrubber(known()), TextScrubber(known(), ner=NerLayer(silent))
    for text in texts:
        assert with_model.scrub(text) == rules.scrub(text)


def test_a_model_is_loaded_from_its_folder(model_folder: Path) -> None:
    out = TextScrubber(ner=load_ner(model_folder)).scrub("Later Tunde left.").text
    assert out == "Later [PERSON 1] left."


def test_a_relative_folder_is_read_beside_the_config(model_folder: Path) -> None:
    config = Config.model_validate({
        "source": {"url": "sqlite:///x.sqlite"}, "mappings": {"path": "m"},
        "policy": {"narratives": "scrub", "ner_model": f"./{model_folder.name}"},
        "path": model_folder.parent / "iaextract.toml"})
    layer = configured_ner(config)
    assert layer is not None and layer.find("Tunde ran") == [("name", 0, 5)]


def test_no_model_configured_means_no_layer() -> None:
    base = {"source": {"url": "sqlite:///x.sqlite"}, "mappings": {"path": "m"}}
    assert configured_ner(Config.model_validate(base)) is None
    # set but narratives dropped: nothing is scrubbed, nothing is loaded
    dropped = {**base, "policy": {"ner_model": "no_such_model_xyz"}}
    assert configured_ner(Config.model_validate(dropped)) is None


def test_without_a_model_spacy_is_never_imported() -> None:
    code = ("import sys\nfrom iaextract.scrub.narrative import narrative_scrub\n"
            "from iaextract.scrub.scrubber import TextScrubber\n"
            "TextScrubber().scrub('Marcus Hill called.')\n"
            "print('spacy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("model, says", [
    ("no_such_model_xyz", "is not installed"),
    ("./no/such/folder", "is not a spaCy pipeline folder"),
])
def test_a_missing_model_says_how_to_install_one(model: str, says: str,
                                                 tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_ner(model, tmp_path)
    assert says in caught.value.message
    assert "pip install 'iaextract[ner]'" in caught.value.message
    assert "python -m spacy download en_core_web_sm" in caught.value.message


def test_a_pipeline_without_an_entity_recogniser_is_refused(tmp_path: Path) -> None:
    spacy.blank("en").to_disk(tmp_path / "blank")
    with pytest.raises(ConfigError, match="no entity recogniser"):
        load_ner(tmp_path / "blank")


def test_a_broken_model_folder_is_a_config_error(model_folder: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.cfg").write_text("[nlp]\nlang = \"xx_no_such_language\"\n")
    with pytest.raises(ConfigError, match="cannot be loaded"):
        load_ner(broken)


@Language.component("iaextract_test_explodes")
def _explodes(doc: object) -> object:
    raise RuntimeError("model crashed")


def test_a_model_failing_on_a_text_stops_the_run() -> None:
    nlp = ruler_pipeline()
    nlp.add_pipe("iaextract_test_explodes")
    secret = "Tunde Okafor 317-555-0123"
    with pytest.raises(NerFailed) as caught:
        TextScrubber(ner=NerLayer(nlp)).scrub(secret)
    assert "RuntimeError" in caught.value.message
    assert "Tunde" not in str(caught.value) and "555" not in str(caught.value)


def test_the_setting_is_validated_and_recorded_without_its_folder() -> None:
    assert PolicyConfig(ner_model="/srv/models/en_core_web_sm").describe()["ner_model"] \
        == "en_core_web_sm"
    assert PolicyConfig().describe()["ner_model"] is None
    with pytest.raises(ValueError):
        PolicyConfig(ner_model="")
