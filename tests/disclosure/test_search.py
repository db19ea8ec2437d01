"""The disclosure search against oracles: brute force over every node, and pycanon.

Random tables of people with dates, districts, races and ages are counted by
:class:`RoleCounts`; every node's numbers are recomputed here by plain Python over
the generalised rows, the search's choice is checked against an exhaustive scan of
the lattice, and pycanon (an independent k-anonymity library) confirms the smallest
group after one row per person and combination is kept.
"""

from __future__ import annotations

import dataclasses
import random
from collections import defaultdict

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pycanon import anonymity

from iaextract.config import PolicyConfig
from iaextract.disclosure import lattice
from iaextract.disclosure.hierarchies import built_in, date_hierarchy
from iaextract.disclosure.lattice import RoleCounts
from iaextract.disclosure.plan import DisclosureControl, RoleCounting, role_specs
from iaextract.disclosure.search import search
from iaextract.errors import WriterError
from iaextract.schema import DATASETS

USE_OF_FORCE = DATASETS["use_of_force"]
HIERARCHIES = (date_hierarchy("occurred_date", "month", weight=2.0),
               built_in(USE_OF_FORCE.field("district"), "month"),
               built_in(USE_OF_FORCE.field("subject_race"), "month", weight=2.0),
               built_in(USE_OF_FORCE.field("subject_age"), "month"))

MONTHS = [f"2020-{m:02d}" for m in range(1, 13)] + ["2021-01", "2021-06"]
DISTRICTS = ["District 1", "District 2", "Headquarters", None]
RACES = ["White", "Black", "Hispanic", "Asian", "Pacific Islander", "American Indian",
         "Unknown", None]
AGES = ["under 18", "18-24", "25-34", "35-44", "45-54", "90+", None]

person = st.tuples(st.sampled_from(MONTHS), st.sampled_from(DISTRICTS),
                   st.sampled_from(RACES), st.sampled_from(AGES))
#: rows: (person number, their combination); a person may have several rows and combinations
tables = st.lists(st.tuples(st.integers(0, 40), person), min_size=1, max_size=120)


def _counts(rows: list[tuple[int, tuple]]) -> RoleCounts:
    counts = RoleCounts(HIERARCHIES)
    counts.add([key for _, key in rows], [f"p{who}" for who, _ in rows])
    return counts


def _brute(rows: list[tuple[int, tuple]], node: tuple[int, ...], k: int) -> tuple[int, int]:
    """(records in combinations of fewer than k people, smallest such count) by hand."""
    people, records = defaultdict(set), defaultdict(int)
    for who, key in rows:
        general = tuple(h.generalise(v, level) for h, v, level in zip(HIERARCHIES, key, node,
                                                                    strict=True))
        people[general].add(who)
        records[general] += 1
    published = {g: len(p) for g, p in people.items() if any(v is not None for v in g)}
    at_risk = sum(records[g] for g, n in published.items() if n < k)
    return at_risk, min(published.values(), default=0)


@settings(max_examples=40, deadline=None)
@given(tables, st.integers(2, 6), st.sampled_from([0.0, 0.05, 0.2]))
def test_every_node_matches_a_recount_and_the_search_is_optimal(rows, k, limit):
    counts = _counts(rows)
    evaluations = [counts.evaluate(node, k, limit) for node in counts.nodes()]
    for e in evaluations:
        at_risk, smallest = _brute(rows, e.node, k)
        assert e.records_at_risk == at_risk
        assert (e.smallest or 0) == smallest
        assert e.safe == (at_risk <= limit * len(rows) + 1e-9)
    best = min((e for e in evaluations if e.safe), key=lambda e: (e.loss, sum(e.node)))
    found = search(counts, k, limit)
    assert abs(found.best.loss - best.loss) < 1e-12
    assert found.best.safe
    assert found.evaluated <= found.nodes


@settings(max_examples=30, deadline=None)
@given(tables, st.integers(2, 5))
def test_smallest_group_agrees_with_pycanon(rows, k):
    counts = _counts(rows)
    node = search(counts, k, 0.0).best.node
    # One row per person and published combination: pycanon's k is then distinct people.
    general = {(who, tuple(h.generalise(v, level) for h, v, level in
                           zip(HIERARCHIES, key, node, strict=True))) for who, key in rows}
    published = [(who, *g) for who, g in general if any(v is not None for v in g)]
    if not published:
        return
    frame = pd.DataFrame(published, columns=["who", "date", "district", "race", "age"])
    frame = frame.fillna("(blank)")
    assert anonymity.k_anonymity(frame, ["date", "district", "race", "age"]) >= k
    assert counts.evaluate(node, k, 0.0).smallest == anonymity.k_anonymity(
        frame, ["date", "district", "race", "age"])


def _loss_by_hand(rows: list[tuple[int, tuple]], field: int, level: int) -> float:
    """Iyengar's loss metric of one field: mean over records with an informative value
    (not blank, not "Unknown") of (c-1)/(d-1), c and d counted among informative values."""
    hierarchy = HIERARCHIES[field]
    values = [key[field] for _, key in rows if key[field] not in hierarchy.uninformative]
    distinct = set(values)
    if level == hierarchy.top:
        return 1.0
    if len(distinct) < 2:
        return 0.0
    def shared(value):
        general = hierarchy.generalise(value, level)
        if general is None:
            return len(distinct)
        return sum(hierarchy.generalise(v, level) == general for v in distinct)
    return sum(shared(v) - 1 for v in values) / ((len(distinct) - 1) * len(values))


@settings(max_examples=40, deadline=None)
@given(tables)
def test_information_loss_matches_the_loss_metric_by_hand(rows):
    counts = _counts(rows)
    for f, hierarchy in enumerate(HIERARCHIES):
        for level in range(len(hierarchy.levels)):
            assert abs(counts.field_loss(f, level) - _loss_by_hand(rows, f, level)) < 1e-12


def test_withholding_a_date_costs_more_than_any_coarser_date():
    # Two years of months, one record each: a quarter merges 3 of 24 months, a year 12.
    rows = [(i, (f"{2020 + i // 12}-{1 + i % 12:02d}", None, None, None)) for i in range(24)]
    counts = _counts(rows + [(99, (None, None, None, None))])  # a blank date loses nothing
    assert [round(counts.field_loss(0, n), 4) for n in range(4)] == \
        [0.0, round(2 / 23, 4), round(11 / 23, 4), 1.0]


def test_search_prunes_and_stays_optimal_on_a_skewed_table():
    rows = [(i, (MONTHS[i % 12], DISTRICTS[i % 3], RACES[i % 2], AGES[i % 3]))
            for i in range(300)] + [(1000, ("2021-06", "Headquarters", "American Indian",
                                            "90+"))]
    counts = _counts(rows)
    found = search(counts, 5, 0.02)
    exhaustive = min((counts.evaluate(n, 5, 0.02) for n in counts.nodes()),
                     key=lambda e: (not e.safe, e.loss))
    assert abs(found.best.loss - exhaustive.loss) < 1e-12
    assert found.evaluated < found.nodes  # pruning skipped part of the lattice
    # the lone American Indian 90+ is suppressed, not the whole table coarsened
    assert found.best.records_at_risk <= 1


def test_a_complainant_with_five_allegations_is_one_person():
    columns = ["complainant_id", "occurred_date", "complainant_race"]
    policy = PolicyConfig()
    specs = role_specs(DATASETS["complaint_allegations"], columns, columns, policy)
    counting = RoleCounting(specs, columns)
    counting.add([("p1", "2020-01", "White")] * 5 + [("p2", "2020-01", "White")])
    evaluation = counting.counts[0].evaluate((0, 0), 5, 0.0)
    assert evaluation.records == 6 and evaluation.people == 2
    assert evaluation.records_at_risk == 6  # two people, not six rows


def test_plan_is_applied_the_same_to_every_row_and_outliers_blanked():
    columns = ["subject_id", "occurred_date", "subject_race"]
    policy = PolicyConfig()
    specs = role_specs(USE_OF_FORCE, columns, columns, policy)
    rows = [(f"p{i}", f"2020-{1 + i % 12:02d}", "White") for i in range(60)]
    rows.append(("lone", "2020-03", "American Indian"))
    counting = RoleCounting(specs, columns)
    counting.add(rows)
    control = DisclosureControl(specs, columns, policy, counting)
    published = control.apply(list(rows))
    control.verify("use_of_force")
    plan = control.plans[0]
    assert plan.after.safe and plan.levels()["subject_race"] == "detailed"
    assert published[-1] == ("lone", None, None)  # suppressed: quasi-identifiers blanked
    assert {row[1] for row in published[:-1]} <= {f"2020-Q{q}" for q in range(1, 5)} | \
        {f"2020-{m:02d}" for m in range(1, 13)}


findings = st.sampled_from(["Sustained", "Not Sustained", "Exonerated", None])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), person, findings), min_size=1, max_size=80),
       st.integers(2, 4), st.integers(2, 3))
def test_l_diversity_matches_a_recount(rows, k, l):  # noqa: E741
    counts = RoleCounts(HIERARCHIES, l)
    counts.add([key for _, key, _ in rows], [f"p{who}" for who, _, _ in rows],
               [finding for _, _, finding in rows])
    for node in counts.nodes():
        people, outcomes, records = defaultdict(set), defaultdict(set), defaultdict(int)
        for who, key, finding in rows:
            general = tuple(h.generalise(v, level) for h, v, level in
                            zip(HIERARCHIES, key, node, strict=True))
            people[general].add(who)
            outcomes[general].add(finding)
            records[general] += 1
        at_risk = sum(records[g] for g in people if any(v is not None for v in g)
                      and (len(people[g]) < k or len(outcomes[g]) < l))
        assert counts.evaluate(node, k, 0.0).records_at_risk == at_risk
    found = search(counts, k, 0.1)
    exhaustive = min((counts.evaluate(n, k, 0.1) for n in counts.nodes()),
                     key=lambda e: (not e.safe, e.loss))
    assert abs(found.best.loss - exhaustive.loss) < 1e-12


def test_officers_are_protected_only_when_not_named():
    columns = [f.name for f in USE_OF_FORCE.fields]
    roles = {identity: [(s.role.value, s.mode, s.person) for s in role_specs(
        USE_OF_FORCE, columns, columns, PolicyConfig.model_validate(
            {"officer_identity": identity, "disclosure": {"officers": "enforce"}}))]
        for identity in ("pseudonym", "named")}
    assert roles["pseudonym"] == [("public", "enforce", "subject_id"),
                                  ("officer", "enforce", "officer_id")]
    assert roles["named"] == [("public", "enforce", "subject_id")]
    officer = role_specs(USE_OF_FORCE, columns, columns, PolicyConfig())[1]
    assert officer.fields == ("officer_race", "officer_sex", "officer_age",
                              "officer_years_of_service", "officer_rank", "officer_unit")


def test_default_weights_keep_the_quarter_and_race_when_that_is_safe():
    # Issue 17's done-when at the size where it is reachable: 2,400 subjects over two
    # years, races as often as in a US city. Month × race singles out the rarest races,
    # quarter × broad race does not; the plan must keep both rather than trade one away.
    rng = random.Random(7)
    columns = ["subject_id", "occurred_date", "district", "subject_race", "subject_sex",
               "subject_age"]
    races = rng.choices(["White", "Black", "Hispanic", "Asian", "American Indian",
                         "Pacific Islander", "Other", "Unknown"],
                        [40, 30, 15, 5, 1, 1, 3, 5], k=2400)
    rows = [(f"s{who}", f"{rng.choice([2021, 2022])}-{rng.randint(1, 12):02d}",
             rng.choice(DISTRICTS[:3]), race, rng.choice(["Male", "Female"]),
             rng.choice(AGES[:6]))
            for who, race in enumerate(races) for _ in range(rng.randint(1, 3))]
    specs = role_specs(USE_OF_FORCE, columns, columns, PolicyConfig())
    counting = RoleCounting(specs, columns)
    counting.add(rows)
    plan = DisclosureControl(specs, columns, PolicyConfig(), counting).plans[0]
    levels = plan.levels()
    assert levels["occurred_date"] in ("month", "quarter")
    assert levels["subject_race"] != "withheld"
    assert plan.after.records_at_risk <= 0.02 * len(rows)  # the rest keep both


def test_write_pass_must_match_the_prepass_it_was_planned_from():
    columns = ["subject_id", "occurred_date", "subject_race"]
    policy = PolicyConfig()
    specs = role_specs(USE_OF_FORCE, columns, columns, policy)
    rows = [(f"p{i % 40}", f"2020-{1 + i % 12:02d}", RACES[i % 3]) for i in range(90)]
    rows.append((None, "2020-05", "White"))  # names nobody
    counting = RoleCounting(specs, columns)
    counting.add(rows)

    def control_after(write_pass: list[tuple]) -> DisclosureControl:
        control = DisclosureControl(specs, columns, policy, counting)
        for start in range(0, len(write_pass), 7):  # other chunks, other order
            control.observe(write_pass[start:start + 7])
        return control

    control_after(rows[::-1]).verify("use_of_force")  # the same rows: fine
    changed = [*rows[:-2], ("p1", rows[-2][1], rows[-2][2]), rows[-1]]  # another person
    # Two rows trade their races: every column holds the same values as before.
    traded = [rows[1][:2] + rows[2][2:], rows[2][:2] + rows[1][2:], rows[0], *rows[3:]]
    assert traded[0][2] != rows[1][2]
    for write_pass in (changed, traded, rows[:-1], rows + rows[:1]):
        with pytest.raises(WriterError, match="source changed"):
            control_after(write_pass).verify("use_of_force")
    assert not control_after(rows).seen.counts[0].held  # a fingerprint, not a copy


def test_sparse_data_keeps_the_quarter_and_the_major_race_groups():
    # The 5,000-incident demo's density: about 60 people a quarter over four years, races
    # as often as in a US city, a tenth with no race recorded. Quarter × broad groups
    # singles out Asian and American Indian people and those of no recorded race; the
    # plan must keep the quarter and race in major groups rather than fall back to years.
    rng = random.Random(11)
    columns = ["subject_id", "occurred_date", "subject_race", "subject_sex"]
    races = rng.choices(["White", "Black", "Hispanic", "Asian", "American Indian",
                         "Pacific Islander", "Other", "Unknown", None],
                        [40, 30, 15, 5, 1, 1, 3, 5, 10], k=960)
    rows = [(f"s{who}", f"{2020 + who % 4}-{1 + who // 4 % 12:02d}", race,
             rng.choice(["Male", "Female"]))
            for who, race in enumerate(races) for _ in range(rng.randint(1, 3))]
    specs = role_specs(USE_OF_FORCE, columns, columns, PolicyConfig())
    counting = RoleCounting(specs, columns)
    counting.add(rows)
    control = DisclosureControl(specs, columns, PolicyConfig(), counting)
    assert control.plans[0].levels() == {"occurred_date": "quarter",
                                         "subject_race": "major groups",
                                         "subject_sex": "withheld"}
    published = control.apply(list(rows))
    people = defaultdict(set)
    for who, *key in published:
        people[tuple(key)].add(who)
    assert all(len(p) >= 5 for key, p in people.items() if any(key))
    assert {race for _, _, race, _ in published} <= {
        "White", "Black", "Hispanic", "Other or unknown", None}
    kept = sum(race in ("White", "Black", "Hispanic") for _, _, race, _ in published)
    assert kept >= 0.5 * len(rows)


@pytest.mark.parametrize(("mode", "published"), [("enforce", "Unknown"), ("report", None)])
def test_a_race_nobody_recorded_is_published_as_unknown_only_under_enforce(mode, published):
    # Under enforce a blank race joins "Unknown" (they say the same; apart they are two
    # small groups); reporting only publishes what the redactor does.
    columns = ["subject_id", "occurred_date", "subject_race"]
    policy = PolicyConfig.model_validate({"disclosure": {"mode": mode}})
    specs = role_specs(USE_OF_FORCE, columns, columns, policy)
    rows = [(f"p{i}", "2020", ["White", "Unknown", None][i % 3]) for i in range(60)]
    counting = RoleCounting(specs, columns)
    counting.add(rows)
    control = DisclosureControl(specs, columns, policy,
                                counting if mode == "enforce" else None)
    assert control.apply(list(rows))[2] == ("p2", "2020", published)


def test_an_export_forgets_the_prepass_counts_but_still_checks_the_write_pass():
    columns = ["subject_id", "occurred_date", "subject_race"]
    policy = PolicyConfig()
    specs = role_specs(USE_OF_FORCE, columns, columns, policy)
    rows = [(f"p{i % 40}", f"2020-{1 + i % 12:02d}", RACES[i % 3]) for i in range(90)]

    def planned() -> DisclosureControl:
        counting = RoleCounting(specs, columns)
        counting.add(rows)
        control = DisclosureControl(specs, columns, policy, counting)
        control.forget_prepass()
        assert not control.plans[0].counts.held  # planned: the pairs are gone
        return control

    control = planned()
    control.observe(rows[::-1])
    control.verify("use_of_force")
    assert control.summary()["public"]["records"] == 90  # the plan's numbers stay
    control = planned()
    control.observe(rows[1:])
    with pytest.raises(WriterError, match="source changed"):
        control.verify("use_of_force")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), person), min_size=1, max_size=150),
       st.integers(2, 6))
def test_every_way_of_counting_people_gives_the_same_numbers(rows, k):
    # The search counts a person once per combination by the levels two of their pairs
    # agree on; with too many ways to agree it compares combination numbers, with a
    # person of very many pairs it sorts, and it renumbers combinations by a packed sort
    # unless they would not fit. Few people with many rows each (up to 150 rows, 13
    # people) make every way meet repeats.
    def numbers() -> list[tuple]:
        counts = _counts(rows)
        return [dataclasses.astuple(counts.evaluate(node, k, 0.05)) for node in counts.nodes()]

    expected = numbers()
    for setting, value in (("_PATTERNS", 0), ("_RUN", 2), ("_COMPACT", 1 << 10)):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(lattice, setting, value)
            assert numbers() == expected, setting
