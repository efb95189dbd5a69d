"""Derive the two fact-based scores of a long list: data availability and comparability.

Most criteria in the long list are judgements (does it matter, who needs it, could
chasing it do harm). Two are not. FABRIC asks whether an indicator is *timely* (the
data arrive soon enough and often enough to act on) and *comparable* (with the past
and with similar organisations); the Audit Commission's "On Target" asks the same
and adds *verifiable*. Those answers follow from facts already recorded against each
candidate: which return or system the data come from, how often we can produce it
from our own systems, and which published comparators exist. So the scores are
computed from those facts by the rule below rather than typed, and anyone can check
them by hand (see ``candidates/README.md``, "Derivation rule").

data_availability (0-5)
    Base by ``local_frequency``: monthly 4, quarterly 4, rolling 3, termly 2,
    annual 1. Add 1 when ``source`` is a statutory national return with a fixed
    national definition (:data:`STATUTORY_SOURCES`, or any source beginning
    "SSDA903"), because such a figure is reliable, well defined and already checked
    by DfE validation. Capped at 5.

comparability (0-5)
    By ``comparators``: "England, London and statistical neighbours" 5, "England and
    London" 4, "England only" 3, "partial" 1, "none" 0.

Matching is case- and whitespace-insensitive. An unknown value raises ``ValueError``
naming the allowed values. The module is pure: no file or environment reads.
"""

from __future__ import annotations

from types import MappingProxyType

import pandas as pd

POLARITIES = ("higher", "lower", "contextual")
"""Which way is good: up, down, or neither (no target should be set)."""

MEASURE_TYPES = ("how much", "how well", "is anyone better off")
"""Results-Based Accountability: volume/activity, quality of process, outcomes."""

NATIONAL_FREQUENCIES = ("annual", "quarterly", "monthly", "none")
"""How often the national figure is published (the ``frequency`` column)."""

AVAILABILITY_BASE = MappingProxyType({"monthly": 4, "quarterly": 4, "rolling": 3, "termly": 2, "annual": 1})
"""Base data-availability score by how often Bromley can produce the figure."""

LOCAL_FREQUENCIES = tuple(AVAILABILITY_BASE)
"""Allowed values of ``local_frequency``."""

STATUTORY_SOURCES = (
    "CIN census",
    "SSDA903",
    "SSDA903 OC2",
    "SSDA903 OC3",
    "Workforce census",
    "SEN2",
    "School census",
    "NCCIS",
    "YJB / MoJ",
    "EYFSP return",
    "Early years census",
)
"""Statutory national returns the council itself makes, with a fixed definition (+1 availability).

Any source beginning "SSDA903" also counts (e.g. "SSDA903 / NPD"). Publications
built by others are not returns the council makes and earn no bonus: the adoption
scorecard (DfE's three-year calculation, with its adopter measures from the Adoption
Leadership Board's survey) and Cafcass / MoJ court statistics.
"""

STATUTORY_BONUS = 1
AVAILABILITY_CAP = 5

COMPARABILITY_SCORES = MappingProxyType(
    {
        "England, London and statistical neighbours": 5,
        "England and London": 4,
        "England only": 3,
        "partial": 1,
        "none": 0,
    }
)
"""Comparability score by the published comparators."""

COMPARATOR_LEVELS = tuple(COMPARABILITY_SCORES)
"""Allowed values of ``comparators``, best first."""

DERIVED_FROM = MappingProxyType(
    {
        "data_availability": ("source", "local_frequency"),
        "comparability": ("comparators",),
    }
)
"""Each derived score column and the fact columns it is computed from."""


def _normalise(value: str) -> str:
    return " ".join(str(value).split()).lower()


_BASE_BY_KEY = {_normalise(k): v for k, v in AVAILABILITY_BASE.items()}
_COMPARABILITY_BY_KEY = {_normalise(k): v for k, v in COMPARABILITY_SCORES.items()}
_STATUTORY_KEYS = frozenset(_normalise(s) for s in STATUTORY_SOURCES)


def _allowed(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def is_statutory_source(source: str) -> bool:
    """True when ``source`` is a statutory national return with a fixed definition."""
    key = _normalise(source)
    return key in _STATUTORY_KEYS or key.startswith("ssda903")


def data_availability(source: str, local_frequency: str) -> int:
    """Score 1-5 for how timely and reliable the data are (FABRIC "timely", "reliable").

    ``local_frequency`` gives the base (monthly 4, quarterly 4, rolling 3, termly 2,
    annual 1); a statutory national source adds 1; the result is capped at 5.
    """
    key = _normalise(local_frequency)
    if key not in _BASE_BY_KEY:
        raise ValueError(f"unknown local_frequency '{local_frequency}': expected one of {_allowed(LOCAL_FREQUENCIES)}")
    bonus = STATUTORY_BONUS if is_statutory_source(source) else 0
    return min(_BASE_BY_KEY[key] + bonus, AVAILABILITY_CAP)


def comparability(comparators: str) -> int:
    """Score 0-5 for the published comparators (FABRIC "comparable")."""
    key = _normalise(comparators)
    if key not in _COMPARABILITY_BY_KEY:
        raise ValueError(f"unknown comparators '{comparators}': expected one of {_allowed(COMPARATOR_LEVELS)}")
    return _COMPARABILITY_BY_KEY[key]


def _is_blank(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == ""


def _merge(original: pd.Series | None, derived: list[int | None], index: pd.Index) -> pd.Series:
    """Derived values where computed, else the typed value, in the typed column's kind."""
    if original is None:
        return pd.Series(derived, index=index, dtype="Int64" if None in derived else "int64")
    if pd.api.types.is_numeric_dtype(original.dtype):
        merged = [o if d is None else d for o, d in zip(original.tolist(), derived)]
        return pd.Series(merged, index=index, dtype=original.dtype)
    merged = [o if d is None else str(d) for o, d in zip(original.tolist(), derived)]
    return pd.Series(merged, index=index, dtype=original.dtype)


def _derive(column: str, row: dict) -> int:
    if column == "data_availability":
        source = row.get("source")
        return data_availability("" if _is_blank(source) else source, row["local_frequency"])
    return comparability(row["comparators"])


def derive_scores(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with ``data_availability`` and ``comparability`` recomputed.

    A row whose fact columns are blank (no ``local_frequency``; no ``comparators``)
    keeps its typed score. A text column stays text ("4"); a numeric one stays
    numeric. Every unknown value is reported in one ``ValueError``, each line naming
    the candidate id (or row position) and the allowed values.
    """
    out = frame.copy()
    records = frame.to_dict(orient="records")
    problems: list[str] = []
    for column, facts in DERIVED_FROM.items():
        needed = facts[-1]  # local_frequency / comparators; a blank source just earns no bonus
        if needed not in frame.columns:
            continue
        derived: list[int | None] = []
        for position, row in enumerate(records):
            if _is_blank(row[needed]):
                derived.append(None)
                continue
            try:
                derived.append(_derive(column, row))
            except ValueError as exc:
                candidate = row.get("id")
                where = f"row position {position}" if _is_blank(candidate) else f"candidate '{candidate}'"
                problems.append(f"{where}: {exc}")
                derived.append(None)
        out[column] = _merge(frame[column] if column in frame.columns else None, derived, frame.index)
    if problems:
        raise ValueError("\n".join(problems))
    return out
