"""Quarterly figures for the agreed set: reading a filled template, checking it, keeping
every version with its provenance, and rating each figure (RAG, direction of travel).

The Sub-Committee asked to "receive a quarterly report on the agreed performance
indicator set commencing with quarter one 2018-19 data": this part takes the template
the decision produced (:mod:`pmf_select.record.export`), filled in by officers, back in,
and computes the scorecard the report and the app show.

May import: ``pmf_select.record`` and ``pmf_select.longlist`` (and ``pmf_select.ranking``).
Other parts import from this face, not from its modules.
"""

from pmf_select.quarterly.importing import (
    Imported,
    check_template,
    decision_indicators,
    entry_groups,
    entry_table,
    fill_template,
    import_template,
    save_entered,
    stored_figures,
)
from pmf_select.quarterly.model import (
    IndicatorEntry,
    Quarter,
    QuarterlyValues,
    describe_quarters,
    parse_quarter,
    parse_quarter_heading,
)
from pmf_select.quarterly.rag import (
    NO_DATA,
    NOT_RATED,
    RAG_COLOURS,
    RAG_VALUES,
    direction,
    levels_problem,
    rag,
)
from pmf_select.quarterly.read import (
    ILLUSTRATIVE_MARK,
    TEMPLATE_SHEET,
    QuarterlyInputError,
    Sheet,
    check_sheet,
    number_problem,
    read_sheet,
)
from pmf_select.quarterly.scorecard import (
    CSV_COLUMNS,
    SCORECARD_COLUMNS,
    Line,
    exceptions,
    fmt,
    member_questions,
    rag_counts,
    scorecard,
    scorecard_frame,
)
from pmf_select.quarterly.versions import (
    VIA_APP,
    VIA_FILE,
    StoredVersion,
    list_versions,
    load_version,
    save_version,
    sha256_bytes,
)

__all__ = [
    "CSV_COLUMNS",
    "ILLUSTRATIVE_MARK",
    "NOT_RATED",
    "NO_DATA",
    "RAG_COLOURS",
    "RAG_VALUES",
    "SCORECARD_COLUMNS",
    "TEMPLATE_SHEET",
    "VIA_APP",
    "VIA_FILE",
    "Imported",
    "IndicatorEntry",
    "Line",
    "Quarter",
    "QuarterlyInputError",
    "QuarterlyValues",
    "Sheet",
    "StoredVersion",
    "check_sheet",
    "check_template",
    "decision_indicators",
    "describe_quarters",
    "direction",
    "entry_groups",
    "entry_table",
    "exceptions",
    "fill_template",
    "fmt",
    "import_template",
    "levels_problem",
    "list_versions",
    "load_version",
    "member_questions",
    "number_problem",
    "parse_quarter",
    "parse_quarter_heading",
    "rag",
    "rag_counts",
    "read_sheet",
    "save_entered",
    "save_version",
    "scorecard",
    "scorecard_frame",
    "sha256_bytes",
    "stored_figures",
]
