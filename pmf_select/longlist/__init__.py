"""The long list: what a candidate KPI is, how a list is loaded and validated, the
criteria it is scored on, and the two scores derived from facts.

May import: numpy, pandas, pandera, the standard library and ``pmf_select.errors``. Other parts import from this face, not from its modules.
"""

from pmf_select.longlist.criteria import (
    DEFAULT_CRITERIA_PATH,
    CriteriaSet,
    load_criteria,
    parse_criteria,
)
from pmf_select.longlist.derive import (
    AVAILABILITY_CAP,
    COMPARATOR_LEVELS,
    LOCAL_FREQUENCIES,
    MEASURE_TYPES,
    NATIONAL_FREQUENCIES,
    POLARITIES,
    STATUTORY_SOURCES,
    comparability,
    data_availability,
    derive_scores,
    is_statutory_source,
)
from pmf_select.longlist.load import (
    MAX_BYTES,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_SHEET_ROWS,
    MAX_XLSX_CELLS,
    MAX_XLSX_UNPACKED,
    XLSX_SUFFIXES,
    cell_text,
    check_workbook,
    describe,
    format_score,
    frame_from_edits,
    load_longlist,
    parse_longlist,
)
from pmf_select.longlist.model import (
    LongList,
)
from pmf_select.longlist.reporting import (
    LAG_MONTHS_MAX,
    LAG_MONTHS_MIN,
    REPORTING,
    REPORTING_COLUMNS,
    SHORT_NAME_MAX,
    SMALL_NUMBERS,
    infer_reporting,
)
from pmf_select.longlist.rubric import (
    RULES as RUBRIC_RULES,
)
from pmf_select.longlist.rubric import (
    RubricProblem,
    check_rubric,
)

__all__ = [
    "AVAILABILITY_CAP",
    "COMPARATOR_LEVELS",
    "CriteriaSet",
    "DEFAULT_CRITERIA_PATH",
    "LAG_MONTHS_MAX",
    "LAG_MONTHS_MIN",
    "LOCAL_FREQUENCIES",
    "LongList",
    "MAX_BYTES",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_SHEET_ROWS",
    "MAX_XLSX_CELLS",
    "MAX_XLSX_UNPACKED",
    "MEASURE_TYPES",
    "NATIONAL_FREQUENCIES",
    "POLARITIES",
    "REPORTING",
    "REPORTING_COLUMNS",
    "RUBRIC_RULES",
    "RubricProblem",
    "SHORT_NAME_MAX",
    "SMALL_NUMBERS",
    "STATUTORY_SOURCES",
    "XLSX_SUFFIXES",
    "cell_text",
    "check_rubric",
    "check_workbook",
    "comparability",
    "data_availability",
    "derive_scores",
    "describe",
    "format_score",
    "frame_from_edits",
    "infer_reporting",
    "is_statutory_source",
    "load_criteria",
    "load_longlist",
    "parse_criteria",
    "parse_longlist",
]
