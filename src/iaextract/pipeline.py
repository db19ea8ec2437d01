"""The library entry point of an export, kept at its documented place.

``from iaextract.pipeline import export`` is what README shows library callers; the
pipeline itself lives in :mod:`iaextract.run.pipeline` with the rest of a run.
"""

from iaextract.run.pipeline import (
    DatasetResult,
    ExportRequest,
    ExportResult,
    IaextractError,
    PreparedRun,
    Progress,
    Window,
    export,
    prepare,
)

__all__ = ["DatasetResult", "ExportRequest", "ExportResult", "IaextractError", "PreparedRun",
           "Progress", "Window", "export", "prepare"]
