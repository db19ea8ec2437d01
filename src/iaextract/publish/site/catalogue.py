"""Which charts each dataset's page shows: what is counted, by what, and how it is drawn.

A dimension is a column name, or ``column@year`` / ``column@month`` for the year or the
month of a date column. ``unit`` None counts rows; otherwise it names an identifier
column and each distinct identifier is counted once per cell (officers, people,
incidents), so one officer in forty rows is one officer.
"""

from __future__ import annotations

from dataclasses import dataclass

NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class ChartSpec:
    """One chart and the table behind it."""

    slug: str
    title: str
    rows: str
    noun: str  # what one counted thing is, plural: "allegations", "officers"
    columns: str | None = None
    unit: str | None = None

    def fields(self) -> set[str]:
        """The CSV columns this chart reads."""
        wanted = {self.rows.split("@")[0]}
        if self.columns:
            wanted.add(self.columns.split("@")[0])
        if self.unit:
            wanted.add(self.unit)
        return wanted


def monthly(noun: str, column: str = "occurred_date", what: str = "") -> ChartSpec:
    """Counts by month, drawn over time, tabled as years by months."""
    return ChartSpec("by-month", f"{noun.capitalize()}{what} by month", f"{column}@year",
                     noun, columns=f"{column}@month")


def yearly(noun: str, unit: str | None = None) -> ChartSpec:
    return ChartSpec("by-year", f"{noun.capitalize()} by year", "occurred_date@year", noun,
                     unit=unit)


def people(prefix: str, noun: str) -> ChartSpec:
    """The race of the distinct people in ``prefix``_id, each counted once (by race
    alone: split further, a small agency's counts would mostly be too small to show)."""
    return ChartSpec(f"{prefix}-race", f"{noun.capitalize()}, by race", f"{prefix}_race",
                     noun, unit=f"{prefix}_id")


OFFICERS = people("officer", "officers involved")

CATALOGUE: dict[str, tuple[ChartSpec, ...]] = {
    "complaint_allegations": (
        monthly("allegations", "received_date", " received"),
        ChartSpec("by-allegation", "Allegations by type", "allegation", "allegations"),
        ChartSpec("by-finding", "Allegations by finding", "finding", "allegations"),
        ChartSpec("finding-by-race", "Findings by complainant race", "complainant_race",
                  "allegations", columns="finding"),
        people("officer", "officers named in allegations"),
        people("complainant", "complainants"),
    ),
    "use_of_force": (
        monthly("uses of force"),
        ChartSpec("by-force-type", "Uses of force by type of force", "force_type",
                  "uses of force"),
        ChartSpec("by-reason", "Uses of force by reason", "force_reason", "uses of force"),
        ChartSpec("disposition-by-race", "Review outcome by subject race", "subject_race",
                  "uses of force", columns="disposition"),
        people("officer", "officers who used force"),
        people("subject", "people force was used on"),
    ),
    "officer_involved_shootings": (
        yearly("shootings", unit="incident_id"),
        ChartSpec("by-subject-weapon", "Weapon of the person shot at", "subject_weapon",
                  "people shot at", unit="subject_id"),
        ChartSpec("by-disposition", "Review findings (one per officer and person shot at)",
                  "disposition", "findings"),
        people("officer", "officers who fired"),
        people("subject", "people shot at"),
    ),
    "vehicle_pursuits": (
        yearly("pursuits", unit="incident_id"),
        ChartSpec("by-reason", "Pursuits by reason", "reason", "pursuits", unit="incident_id"),
        ChartSpec("by-termination", "Pursuits by how they ended", "termination", "pursuits",
                  unit="incident_id"),
        OFFICERS,
        people("subject", "people pursued"),
    ),
    "assaults_on_officers": (
        yearly("officers assaulted"),
        ChartSpec("by-weapon", "Assaults by weapon", "weapon", "officers assaulted"),
        ChartSpec("by-injury", "Assaults by officer injury", "officer_injury",
                  "officers assaulted"),
        OFFICERS,
        people("subject", "people who assaulted officers"),
    ),
    "officers": (
        ChartSpec("by-rank", "Officers by rank", "officer_rank", "officers"),
        ChartSpec("by-unit", "Officers by unit", "officer_unit", "officers"),
        ChartSpec("by-years", "Officers by years of service", "officer_years_of_service",
                  "officers"),
        ChartSpec("race-sex", "Officers by race and sex", "officer_race", "officers",
                  columns="officer_sex"),
    ),
}


def charts_for(dataset: str, header: list[str]) -> list[ChartSpec]:
    """The charts of ``dataset`` whose columns are all in the exported CSV."""
    specs = CATALOGUE.get(dataset, (yearly("records"), OFFICERS))
    return [s for s in specs if s.fields() <= set(header)]
