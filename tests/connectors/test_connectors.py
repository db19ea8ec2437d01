"""Connector details that need no server: SQL Server compilation, CSV typing, drivers."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import mssql

from iaextract.connectors import CsvFolderSource, OdbcSource, open_source
from iaextract.connectors.catalog import Catalog
from iaextract.connectors.odbc import dialect_for, with_streaming
from iaextract.demo import shipped_mappings
from iaextract.errors import ConnectorError, DriverMissing, SourceDataError
from iaextract.mapping.loader import load_mappings
from iaextract.mapping.query import Window, build_query
from iaextract.mapping.validate import check_mappings
from iaextract.masking import mask_url

from ..support import run_cli, write_config


def _typed_catalog() -> Catalog:
    """The demo layout as SQL Server or Access reflect it: real DATETIME columns."""
    mapping = load_mappings([shipped_mappings()])["complaint_allegations"]
    tables: dict[str, dict[str, str]] = {}
    for field in mapping.fields.values():
        for ref in field.columns():
            alias, column = ref.split(".")
            tables.setdefault(mapping.aliases()[alias], {})[column] = "NVARCHAR(50)"
    for cond in mapping.source.where:
        tables["Incidents"][cond.column.split(".")[1]] = "NVARCHAR(10)"
    for join in mapping.source.joins:
        for left, right in join.on.items():
            for ref in (left, right):
                alias, column = ref.split(".")
                tables.setdefault(mapping.aliases()[alias], {})[column] = "INT"
    for table, columns in mapping.source_pii.items():
        tables[table].update(dict.fromkeys(columns, "NVARCHAR(100)"))
    tables["Incidents"].update(ReceivedDate="DATETIME", LastModified="DATETIME2")
    tables["Allegations"]["AllegationID"] = "INT"
    return Catalog(tables, {"Allegations": ["AllegationID"]})


def _compiled(statement: sa.Select, **kw: object) -> str:
    dialect = mssql.dialect()
    dialect.server_version_info = (15, 0)  # SQL Server 2019, as a connection would report
    dialect._setup_version_attributes()
    return str(statement.compile(dialect=dialect, compile_kwargs=kw))


def test_mssql_quotes_with_brackets_filters_with_parameters_and_pages() -> None:
    mappings = load_mappings([shipped_mappings()])
    resolved = check_mappings([mappings["complaint_allegations"]], _typed_catalog())
    query = build_query(mappings["complaint_allegations"], resolved["complaint_allegations"],
                        Window(since=date(2020, 1, 1), until=date(2020, 12, 31)))
    sql = _compiled(query.statement)
    assert "FROM [Allegations] AS a JOIN [Incidents] AS i ON a.[AllegationID]" not in sql
    assert "FROM [Allegations] AS a JOIN [Incidents] AS i ON a.[IncidentID] = " \
           "i.[IncidentID]" in sql
    assert "LEFT OUTER JOIN [Employees] AS o" in sql
    assert "upper(trim(i.[IncidentType])) IN (__[POSTCOMPILE_upper_1])" in sql
    # A real DATETIME column is filtered in SQL, with parameters, not text concatenation.
    assert "i.[ReceivedDate] >= :ReceivedDate_1 AND i.[ReceivedDate] < :ReceivedDate_2" in sql
    assert not query.row_windows
    assert sql.rstrip().endswith("ORDER BY a.[AllegationID]")
    # Paging: TOP for a sample, OFFSET/FETCH with an order.
    assert "SELECT TOP __[POSTCOMPILE_param_1]" in _compiled(query.statement.limit(5))
    paged = _compiled(query.statement.limit(5).offset(10), literal_binds=True)
    assert "OFFSET 10 ROWS" in paged and "FETCH FIRST 5 ROWS ONLY" in paged


def test_mssql_url_opens_read_only_intent_without_a_server() -> None:
    url = ("mssql+pyodbc://@IASERVER/IAPro?driver=ODBC+Driver+18+for+SQL+Server"
           "&trusted_connection=yes&ApplicationIntent=ReadOnly&TrustServerCertificate=yes")
    with open_source(url, Path.cwd()) as source:
        args, _ = source.engine.dialect.create_connect_args(source.engine.url)
    assert "ApplicationIntent=ReadOnly" in args[0] and "Trusted_Connection=Yes" in args[0]
    assert "DRIVER={ODBC Driver 18 for SQL Server}" in args[0]


def test_access_sql_nests_joins_and_uses_jet_functions() -> None:
    mappings = load_mappings([shipped_mappings()])
    resolved = check_mappings([mappings["complaint_allegations"]], _typed_catalog())
    query = build_query(mappings["complaint_allegations"], resolved["complaint_allegations"])
    sql = str(query.statement.limit(50).compile(dialect=dialect_for("ACCESS"),
                                                compile_kwargs={"render_postcompile": True}))
    # Access wants every join but the last in parentheses, UCase() not UPPER(), TOP n.
    assert "FROM ((([Allegations] AS a INNER JOIN [Incidents] AS i ON " in sql
    assert "LEFT OUTER JOIN [Citizens] AS c ON a.[CitizenID] = c.[CitizenID])" in sql
    assert "UCase(trim(i.[IncidentType])) IN (?, ?)" in sql
    assert sql.startswith("SELECT TOP 50 ")


def test_odbc_dialect_follows_the_database() -> None:
    table = sa.table("Incidents", sa.column("IncidentID")).alias("i")
    statement = sa.select(table.c.IncidentID).limit(3)
    for dbms, quoted in (("PostgreSQL", 'i."IncidentID"'), ("SQLite", 'i."IncidentID"'),
                         ("Microsoft SQL Server", "TOP 3 i.[IncidentID]"),
                         ("ACCESS", "TOP 3 i.[IncidentID]")):
        compiled = statement.compile(dialect=dialect_for(dbms),
                                     compile_kwargs={"literal_binds": True})
        assert quoted in str(compiled), dbms
    upper = sa.select(sa.func.upper(table.c.IncidentID))
    assert "UCase(i.[IncidentID])" in str(upper.compile(dialect=dialect_for("ACCESS")))


def test_odbc_strings_hide_passwords_and_stream() -> None:
    assert mask_url("odbc:Driver={X};Uid=a;Pwd={p;w};Server=s") == \
        "odbc:Driver={X};Uid=a;Pwd=***;Server=s"
    assert "UseDeclareFetch=1" in with_streaming("Driver={PostgreSQL Unicode};Server=s")
    assert with_streaming("DSN=IAPro") == "DSN=IAPro"


def test_missing_odbc_driver_names_the_package(tmp_path: Path) -> None:
    with pytest.raises(DriverMissing, match="unixodbc, odbc-postgresql"):
        OdbcSource("odbc:Driver={No Such Driver};Database=x;Pwd=secret1")
    config = write_config(tmp_path, Path("x.sqlite"))
    config.write_text(config.read_text().replace(
        'url = "sqlite:///x.sqlite"', "url = 'odbc:Driver={No Such Driver};Pwd=hunter22'"))
    result = run_cli("export", "-c", str(config))
    assert result.returncode == 2
    assert "odbc-postgresql" in result.stderr and "hunter22" not in result.stderr


def test_missing_python_driver_names_the_package(tmp_path: Path) -> None:
    with pytest.raises(DriverMissing, match="pip install 'iaextract\\[mssql\\]'"):
        sys_modules_without_pyodbc()


def sys_modules_without_pyodbc() -> None:
    import sys

    saved = sys.modules.get("pyodbc")
    sys.modules["pyodbc"] = None  # type: ignore[assignment]  # import now fails
    try:
        open_source("mssql+pyodbc://@server/db?driver=X", Path.cwd())
    finally:
        if saved is not None:
            sys.modules["pyodbc"] = saved
        else:
            del sys.modules["pyodbc"]


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8", newline="")


def test_csv_folder_types_and_nulls(tmp_path: Path) -> None:
    _write(tmp_path, "Officers.csv", "\ufeffID,Badge,Score,Name,Blank\r\n"
           "2,007,1.5,\"King, Will\",\r\n10,120,2,Rose,\r\n")
    with CsvFolderSource(tmp_path) as source:
        catalog = source.catalog()
        assert catalog.tables["Officers"] == {"ID": "INTEGER", "Badge": "TEXT",
                                              "Score": "REAL", "Name": "TEXT",
                                              "Blank": "TEXT"}
        table = sa.table("Officers", sa.column("ID"), sa.column("Badge"), sa.column("Score"),
                         sa.column("Name"), sa.column("Blank"))
        rows = [r for chunk in source.stream(sa.select(table).order_by(table.c.ID))
                for r in chunk]
        scratch = source._scratch.path
    assert rows == [(2, "007", 1.5, "King, Will", None), (10, "120", 2.0, "Rose", None)]
    assert not scratch.exists()  # the temporary copy is gone after close
    assert source.display_url == f"csv:{tmp_path}"


def test_csv_folder_errors_name_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(ConnectorError, match="holds no .csv files"):
        CsvFolderSource(tmp_path)
    _write(tmp_path, "T.csv", "a,b\n1,2\n3\n")
    with pytest.raises(ConnectorError, match=r"T.csv:3: 1 fields, the header has 2"):
        CsvFolderSource(tmp_path)
    _write(tmp_path, "T.csv", "a,,A\n1,2,3\n")
    with pytest.raises(ConnectorError, match=r"T.csv:1: the header row is not usable: "
                       r"column 2 has no name; 'A' appears twice"):
        CsvFolderSource(tmp_path)
    (tmp_path / "T.csv").write_bytes("Name\nJos\xe9\n".encode("cp1252"))
    with pytest.raises(SourceDataError, match=r"T.csv: column Name, row 2 \(the header is "
                       r"row 1\): the text is not valid UTF-8") as caught:
        CsvFolderSource(tmp_path)
    assert "Jos" not in str(caught.value)


def test_sqlite_source_refuses_writes(demo_db: Path) -> None:
    from iaextract.connectors import SqliteFileSource, SqlSource

    # A plain sqlite:/// URL is read through sqlite3 itself; its connections are read-only.
    with open_source(f"sqlite:///{demo_db}", Path.cwd()) as plain:
        assert isinstance(plain, SqliteFileSource)
        with pytest.raises(sqlite3.OperationalError, match="readonly"), \
                closing(plain._connect()) as connection:
            connection.execute('DELETE FROM "Incidents"')
    # So are SQLAlchemy's, used for every other SQLite URL (driver or options named).
    with SqlSource(f"sqlite+pysqlite:///{demo_db}", Path.cwd()) as source, \
            pytest.raises(sa.exc.OperationalError, match="readonly"), \
            source.engine.connect() as conn:
        conn.execute(sa.text('DELETE FROM "Incidents"'))
    with sqlite3.connect(demo_db) as db:
        assert db.execute('SELECT count(*) FROM "Incidents"').fetchone()[0] > 0


def test_numbers_from_any_driver_give_the_same_codes_and_pseudonyms() -> None:
    from decimal import Decimal

    from iaextract.mapping.transform import normalise_code
    from iaextract.redaction.pseudonym import Pseudonymizer

    same = [12, 12.0, Decimal("12"), Decimal("12.00"), "12", " 12 "]
    assert {normalise_code(v) for v in same} == {"12"}
    pseudonyms = Pseudonymizer(b"k" * 32)
    assert len({pseudonyms.pseudonym("officer", v) for v in same}) == 1
    assert normalise_code(Decimal("2.50")) == normalise_code(2.5) == "2.5"
    assert normalise_code(True) == "TRUE"


def test_missing_sql_server_odbc_driver_names_it(tmp_path: Path) -> None:
    url = ("mssql+pyodbc://clerk:Secret-99@IASERVER/IAPro?driver=ODBC+Driver+18+for+SQL+Server"
           "&ApplicationIntent=ReadOnly")
    config = write_config(tmp_path, Path("x.sqlite"))
    config.write_text(config.read_text().replace('url = "sqlite:///x.sqlite"',
                                                 f"url = '{url}'"))
    result = run_cli("export", "-c", str(config))
    assert result.returncode == 2, result.stderr
    assert "ODBC Driver 18 for SQL Server" in result.stderr
    assert "iaextract[mssql]" in result.stderr and "Secret-99" not in result.stderr


def test_a_write_through_sqlite_odbc_fails(demo_db: Path) -> None:
    with OdbcSource(f"odbc:Driver={{SQLite3}};Database={demo_db}") as source, \
            pytest.raises(ConnectorError, match="readonly|read-only|query_only"):
        source._execute('DELETE FROM "Incidents"', (), "writing")
