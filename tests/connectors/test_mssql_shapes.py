"""Every query shape a mapping (and check, inspect, init, load) can send, compiled for
SQL Server and parsed back as T-SQL by sqlglot, an independent parser.

No SQL Server runs here: these tests prove the SQL is well-formed T-SQL with the
expected quoting, filters, paging and parameters — not that a server accepts it or
returns the same rows. README ("Sources") says which paths are live-tested.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
import sqlalchemy as sa
import sqlglot
from sqlalchemy.dialects import mssql

from iaextract.connectors.catalog import Catalog
from iaextract.mapping.loader import load_mapping
from iaextract.mapping.query import Window, build_query
from iaextract.mapping.validate import check_mappings
from iaextract.onboarding.guesses import rows_of_types

CATALOG = Catalog({
    "tblInvolvement": {"InvKey": "INT", "IncKey": "INT", "OffKey": "INT", "PersKey": "INT",
                       "Action Cd": "NVARCHAR(20)", "Shots": "INT", "Crash": "BIT"},
    "tblIncident": {"IncKey": "INT", "IncNo": "NVARCHAR(20)", "IncTypeCd": "NVARCHAR(5)",
                    "OccDt": "NVARCHAR(30)", "RcvdDt": "DATE", "ModifiedDt": "DATETIME2",
                    "Priority": "INT", "Narrative": "NVARCHAR(MAX)"},
    "tblOfficer": {"OffKey": "INT", "Unit": "NVARCHAR(10)", "Agency": "INT"},
    "tblPerson": {"PersKey": "INT", "RaceCd": "NVARCHAR(2)", "Agency": "INT"},
}, {"tblInvolvement": ["InvKey"], "tblIncident": ["IncKey"]})

MAPPING = """\
dataset: use_of_force
source:
  table: tblInvolvement
  alias: v
  joins:
    - {{table: tblIncident, alias: i, on: {{v.IncKey: i.IncKey}}}}
    - {{table: tblOfficer, alias: o, on: {{v.OffKey: o.OffKey}}, how: left}}
    - {{table: tblPerson, alias: p, on: {{v.PersKey: p.PersKey, o.Agency: p.Agency}},
       how: left}}
  where:
{where}
  date: {date}
  cursor: i.ModifiedDt
{order}
fields:
  force_id: {{from: v.InvKey}}
  incident_id: {{from: i.IncNo}}
  occurred_date: {{from: i.OccDt}}
  force_type: {{from: v.Action Cd}}
  officer_unit: {{from: o.Unit}}
  subject_race: {{from: p.RaceCd}}
  summary: {{from: i.Narrative}}
"""
FILTERS = {
    "in-codes": ("{column: i.IncTypeCd, in: [UOF, RTR]}",
                 "UPPER(TRIM(i.[IncTypeCd])) IN ('UOF', 'RTR')"),
    "not-in-codes": ("{column: i.IncTypeCd, not_in: [CC]}",
                     "NOT UPPER(TRIM(i.[IncTypeCd])) IN ('CC')"),
    "equals-code": ("{column: i.IncTypeCd, equals: UOF}",
                    "UPPER(TRIM(i.[IncTypeCd])) IN ('UOF')"),
    "in-numbers": ("{column: i.Priority, in: [1, 2]}", "i.[Priority] IN (1, 2)"),
    "equals-number": ("{column: i.Priority, equals: 3}", "i.[Priority] IN (3)"),
    "is-null": ("{column: v.PersKey, is_null: true}", "v.[PersKey] IS NULL"),
    "is-not-null": ("{column: v.PersKey, is_null: false}", "NOT v.[PersKey] IS NULL"),
}
WINDOWS = {
    "none": (Window(), []),
    "since-until-date": (Window(since=date(2020, 1, 1), until=date(2020, 12, 31)),
                         ["i.[RcvdDt] >= '2020-01-01'", "i.[RcvdDt] < '2021-01-01'"]),
    "cursor-after": (Window(cursor_after=datetime(2024, 5, 1, 8, 30)),
                     ["i.[ModifiedDt] > '2024-05-01 08:30:00'"]),
    "cursor-inclusive": (Window(cursor_after=datetime(2024, 5, 1), cursor_inclusive=True),
                         ["i.[ModifiedDt] >= '2024-05-01 00:00:00'"]),
}


def _dialect() -> mssql.dialect:
    dialect = mssql.dialect()
    dialect.server_version_info = (15, 0)  # SQL Server 2019, as a connection reports it
    dialect._setup_version_attributes()
    return dialect


def _tsql(statement: sa.Select) -> str:
    """The statement as SQL Server would receive it (values inlined), re-rendered by
    sqlglot after parsing it as T-SQL: a ParseError fails the test."""
    sql = str(statement.compile(dialect=_dialect(), compile_kwargs={"literal_binds": True}))
    return sqlglot.parse_one(sql, read="tsql").sql("tsql")


def _query(tmp_path, filter_yaml: str, window: Window, *, date_ref: str = "i.RcvdDt",
           order: str = "  order_by: [i.IncNo, v.InvKey]"):
    path = tmp_path / "use_of_force.yaml"
    path.write_text(MAPPING.format(where=f"    - {filter_yaml}", date=date_ref, order=order),
                    encoding="utf-8")
    mapping = load_mapping(path)
    resolved = check_mappings([mapping], CATALOG)["use_of_force"]
    return build_query(mapping, resolved, window)


@pytest.mark.parametrize("name", sorted(FILTERS))
@pytest.mark.parametrize("window_name", sorted(WINDOWS))
def test_every_filter_and_window_compiles_to_tsql(tmp_path, name: str,
                                                  window_name: str) -> None:
    window, expected = WINDOWS[window_name]
    query = _query(tmp_path, FILTERS[name][0], window)
    sql = _tsql(query.statement)
    assert FILTERS[name][1] in sql
    for fragment in expected:
        assert fragment in sql
    assert "FROM [tblInvolvement] AS v JOIN [tblIncident] AS i ON v.[IncKey] = i.[IncKey]" \
        in sql
    assert "LEFT OUTER JOIN [tblPerson] AS p ON v.[PersKey] = p.[PersKey] AND " \
           "o.[Agency] = p.[Agency]" in sql
    assert "v.[Action Cd]" in sql  # a name with a space is bracket-quoted
    assert sql.endswith("ORDER BY i.[IncNo], v.[InvKey]")


def test_text_dates_are_filtered_after_reading_not_in_sql(tmp_path) -> None:
    query = _query(tmp_path, FILTERS["in-codes"][0],
                   Window(since=date(2020, 1, 1)), date_ref="i.OccDt")
    sql = _tsql(query.statement)
    assert "i.[OccDt] >=" not in sql and len(query.row_windows) == 1


def test_default_order_and_paging_shapes(tmp_path) -> None:
    query = _query(tmp_path, FILTERS["equals-code"][0], Window(), order="")
    assert _tsql(query.statement).endswith("ORDER BY v.[InvKey]")  # the primary key
    assert _tsql(query.statement.limit(5)).startswith("SELECT TOP 5 ")
    ordered = _query(tmp_path, FILTERS["equals-code"][0], Window()).statement
    paged = _tsql(ordered.limit(5).offset(10))
    assert "OFFSET 10 ROWS" in paged and "FETCH FIRST 5 ROWS ONLY" in paged


def test_count_and_check_distinct_wrap_without_an_inner_order(tmp_path) -> None:
    # SQL Server refuses ORDER BY inside a subquery without TOP: both wrappers drop it.
    statement = _query(tmp_path, FILTERS["in-codes"][0], Window()).statement
    counted = sa.select(sa.func.count()).select_from(statement.order_by(None).subquery())
    sql = _tsql(counted)
    assert sql.startswith("SELECT COUNT(*) AS count_1 FROM (SELECT ")
    assert "ORDER BY" not in sql and sql.endswith(") AS anon_1")
    rows = statement.order_by(None).subquery()
    distinct = sa.select(rows.c.c0).where(rows.c.c0.isnot(None)).distinct().limit(100_000)
    assert _tsql(distinct).startswith("SELECT DISTINCT TOP 100000 ")


def test_inspect_sample_load_and_known_values_shapes() -> None:
    column = sa.column("Action Cd")
    sample = sa.select(column).select_from(sa.table("tblInvolvement")).where(
        column.isnot(None)).limit(500)
    assert _tsql(sample) == ("SELECT TOP 500 [Action Cd] FROM [tblInvolvement] "
                             "WHERE NOT [Action Cd] IS NULL")
    counted = sa.select(sa.literal_column("1")).select_from(sa.table("tblIncident"))
    whole = sa.select(sa.func.count()).select_from(counted.subquery())
    assert _tsql(whole) == ("SELECT COUNT(*) AS count_1 FROM (SELECT 1 AS [1] FROM "
                            "[tblIncident]) AS anon_1")
    names = [sa.column("PersKey"), sa.column("RaceCd")]
    known = sa.select(*names).select_from(sa.table("tblPerson", *names)).distinct()
    assert _tsql(known) == ("SELECT DISTINCT [tblPerson].[PersKey], [tblPerson].[RaceCd] "
                            "FROM [tblPerson]")


def test_init_codes_of_one_incident_type_shape() -> None:
    statement = rows_of_types("tblInvolvement", "Action Cd", link=("IncKey", "IncKey"),
                              incident="tblIncident", type_column="IncTypeCd",
                              codes=["UOF"])
    assert _tsql(statement.distinct()) == (
        "SELECT DISTINCT r.[Action Cd] FROM [tblInvolvement] AS r JOIN [tblIncident] AS t "
        "ON r.[IncKey] = t.[IncKey] WHERE NOT r.[Action Cd] IS NULL AND "
        "UPPER(TRIM(t.[IncTypeCd])) IN ('UOF')")
