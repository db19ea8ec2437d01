"""The preview as one self-contained HTML file (inline CSS, no script, no external file).

It opens from a USB stick on a machine without network. Every value is escaped by
Jinja2's autoescaping; originals appear only if the preview was built with them.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from iaextract.errors import WriterError
from iaextract.preview.engine import (
    BLANK,
    DROPPED,
    GENERALISED,
    KEPT,
    PSEUDONYMISED,
    SCRUBBED,
    SUPPRESSED,
    Preview,
)
from iaextract.preview.terminal import header_lines, quality_lines, risk_lines

AT_RISK_SHOWN = 50

#: What each change means, in words for a clerk (the legend, in this order).
LEGEND = [
    (KEPT, "Published as it is in the source."),
    (PSEUDONYMISED, "Replaced by a code that links records without saying who it is."),
    (GENERALISED, "Made less precise: a month instead of a day, an age band instead of an "
                  "age."),
    (SCRUBBED, "Narrative text with names, phone numbers and addresses replaced by "
               "[PERSON 1], [PHONE]…"),
    (DROPPED, "Removed: never published."),
    (SUPPRESSED, "Blanked because too few records share these details (small group)."),
    (BLANK, "Empty in the source."),
]


def _environment() -> Environment:
    return Environment(loader=PackageLoader("iaextract", "preview"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_html(preview: Preview, now: datetime | None = None) -> str:
    """The report as a complete HTML document."""
    template = _environment().get_template("report.html")
    return template.render(
        preview=preview, legend=LEGEND, header=header_lines(preview),
        quality={d.name: quality_lines(d) for d in preview.datasets},
        risk={d.name: risk_lines(d) for d in preview.datasets},
        at_risk_shown=AT_RISK_SHOWN,
        generated=(now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC"))


def write_html(path: Path, preview: Preview) -> None:
    """Write the report to ``path``; WriterError in plain words if that fails."""
    try:
        path.write_text(render_html(preview), encoding="utf-8", newline="\n")
    except OSError as exc:
        raise WriterError(f"cannot write the HTML report {path}: {exc.strerror}") from None
