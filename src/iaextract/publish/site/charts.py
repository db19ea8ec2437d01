"""Draw a published count table as a chart: Altair (Vega-Lite) rendered to SVG by
vl-convert, with no network and no script in the result.

A count published as a number is drawn as it is. A count published as ``<k`` is drawn
as a pale bar up to k-1, the most it can be, so a chart never shows a gap where there
were a few; a hidden count (complementary suppression) is not drawn. Each chart is
drawn twice: wide for a desktop and narrow for a phone, so its text stays readable.
"""

from __future__ import annotations

from typing import Any

from iaextract.publish.site.catalogue import ChartSpec
from iaextract.publish.site.cells import CountTable, Status
from iaextract.publish.site.tally import MONTHS

WIDTHS = {"desktop": 560, "phone": 210}
#: Arial's metrics on every system (Liberation Sans is metric-compatible), so the text
#: vl-convert measured fits where a browser draws it.
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
PALETTE = ["#1f5f8b", "#e07b39", "#4a9a5b", "#b8455a", "#7a5ba8", "#8c6d46", "#3d9fb0",
           "#c9a227", "#6b6b6b", "#d4779c"]
PALE = "#b9c4cf"


def points(table: CountTable, k: int) -> list[dict[str, Any]]:
    """What a chart draws: every count published as a number, and each ``<k`` at k-1."""
    found = []
    for i, r in enumerate(table.rows):
        for j, c in enumerate(table.columns):
            status = table.status[i][j]
            if status is not Status.HIDDEN:
                small = status is Status.SMALL
                found.append({"row": r, "column": c, "count": k - 1 if small else
                              table.counts[i][j], "shown": f"Fewer than {k}" if small
                              else "Count"})
    return found


def chart_spec(spec: ChartSpec, table: CountTable, k: int, width: int) -> dict[str, Any]:
    """The Vega-Lite specification of one chart at ``width`` pixels of plot."""
    import altair as alt  # imported here: `iaextract --help` must not pay for it

    values = points(table, k)
    data = alt.Data(values=values)
    measure: dict[str, Any] = {"title": f"Number of {spec.noun}",
               "axis": alt.Axis(tickMinStep=1, format="d", titleFontWeight="normal")}
    kinds = [(kind, colour) for kind, colour in (("Count", PALETTE[0]), (f"Fewer than {k}", PALE))
             if any(v["shown"] == kind for v in values)]
    shade = alt.Color("shown:N", title=None, scale=alt.Scale(
        domain=[kind for kind, _ in kinds], range=[colour for _, colour in kinds]),
        legend=alt.Legend(orient="bottom") if any(c == PALE for _, c in kinds) else None)
    if spec.columns and spec.columns.endswith("@month"):
        months = str(list(MONTHS))
        chart = alt.Chart(data).transform_filter(
            f"isValid(toNumber(datum.row)) && indexof({months}, datum.column) >= 0"
        ).transform_calculate(
            date=f"datetime(toNumber(datum.row), indexof({months}, datum.column), 15)"
        ).mark_bar().encode(
            x=alt.X("yearmonth(date):T", title=None, axis=alt.Axis(format="%Y",
                                                                   tickCount="year")),
            y=alt.Y("count:Q", **measure), color=shade,
        ).properties(width=width, height=200)
    elif spec.rows.endswith("@year"):
        chart = alt.Chart(data).mark_bar().encode(
            x=alt.X("row:O", title=None, axis=alt.Axis(labelAngle=0 if width > 400 else -90)),
            y=alt.Y("count:Q", **measure), color=shade,
        ).properties(width=width, height=200)
    elif spec.columns:
        chart = alt.Chart(data).transform_filter("datum.shown == 'Count'").transform_calculate(
            column_order=f"indexof({table.columns}, datum.column)"
        ).mark_bar().encode(
            y=alt.Y("row:N", title=None, sort=table.rows), x=alt.X("count:Q", **measure),
            color=alt.Color("column:N", title=None, sort=table.columns,
                            scale=alt.Scale(range=PALETTE),
                            legend=alt.Legend(orient="bottom", columns=2 if width < 400
                                              else 4, labelLimit=width // 2)),
            order=alt.Order("column_order:Q"),
        ).properties(width=width, height=alt.Step(24))
    else:
        chart = alt.Chart(data).mark_bar().encode(
            y=alt.Y("row:N", title=None, sort=table.rows), x=alt.X("count:Q", **measure),
            color=shade,
        ).properties(width=width, height=alt.Step(24))
    return chart.configure(font=FONT, background="white").configure_axis(
        labelFontSize=14, titleFontSize=14, labelLimit=120 if width < 400 else 240,
        labelColor="#222", titleColor="#222",
    ).configure_legend(labelFontSize=14, symbolType="square").configure_view(
        stroke=None).to_dict(validate=False)  # built from constants: validating costs 0.1 s


def render_svg(spec: ChartSpec, table: CountTable, k: int, width: int) -> str:
    """The chart as a standalone SVG document."""
    import vl_convert  # imported here: see chart_spec

    return vl_convert.vegalite_to_svg(chart_spec(spec, table, k, width))


def alt_text(spec: ChartSpec, table: CountTable, k: int) -> str:
    """What the chart shows, in two or three sentences for a screen reader."""
    grid = spec.columns and not spec.columns.endswith("@month")
    text = f"{'Stacked bar' if grid else 'Bar'} chart of {spec.title[0].lower()}{spec.title[1:]}."
    totals: dict[str, int] = {}
    for i, r in enumerate(table.rows):
        for j, c in enumerate(table.columns):
            if table.status[i][j] is Status.SHOWN and table.counts[i][j]:
                name = r if not spec.columns or grid else f"{c} {r}"
                totals[name] = totals.get(name, 0) + table.counts[i][j]
    top = sorted(((n, r) for r, n in totals.items()), key=lambda t: (-t[0], t[1]))[:3]
    if top:
        text += " Highest: " + ", ".join(f"{r} ({n:,})" for n, r in top) + "."
    small = sum(s is not Status.SHOWN for row in table.status[:-1]
                for s in row[:len(table.columns)])
    if small:
        text += (f" {small} count{'s are' if small > 1 else ' is'} fewer than {k} or hidden "
                 "so that a total cannot reveal one.")
    return text + " The table below gives every number."
