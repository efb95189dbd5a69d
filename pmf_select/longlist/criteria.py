"""Criteria and audiences, read from data (``candidates/criteria.toml``).

The criteria are the committee's questions of a headline indicator: does it matter,
does it speak to this audience, is there good timely data, can it be compared, could
chasing it do harm. They live in a TOML file so a council with other criteria edits
data, not code. Relevance has one long-list column per audience
(``relevance_scrutiny`` ...); ranking uses the column of the audience chosen.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pmf_select.errors import InputError

DEFAULT_CRITERIA_PATH = Path(__file__).resolve().parents[2] / "candidates" / "criteria.toml"


@dataclass(frozen=True)
class Audience:
    """Who the indicator set is for (scrutiny members are not operational managers)."""

    key: str
    label: str
    help: str = ""


@dataclass(frozen=True)
class Criterion:
    """One question asked of every candidate, scored on a declared scale."""

    key: str
    label: str
    question: str
    scale_min: float
    scale_max: float
    objective: str  # "max" or "min"
    default_weight: float
    per_audience: bool = False
    help: str = ""

    def column(self, audience: str) -> str:
        """The long-list column holding this criterion's scores for ``audience``."""
        return f"{self.key}_{audience}" if self.per_audience else self.key


@dataclass(frozen=True)
class CriteriaSet:
    """The criteria and audiences in force, in their declared order."""

    criteria: tuple[Criterion, ...]
    audiences: tuple[Audience, ...]
    source: str = "criteria.toml"

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.criteria]

    @property
    def audience_keys(self) -> list[str]:
        return [a.key for a in self.audiences]

    def criterion(self, key: str) -> Criterion:
        for c in self.criteria:
            if c.key == key:
                return c
        raise InputError(f"unknown criterion '{key}': expected one of {', '.join(self.keys)}")

    def audience(self, key: str) -> Audience:
        for a in self.audiences:
            if a.key == key:
                return a
        raise InputError(f"unknown audience '{key}': expected one of {', '.join(self.audience_keys)}")

    def score_columns(self) -> list[str]:
        """Every score column the long list must have (all audiences' relevance)."""
        columns: list[str] = []
        for c in self.criteria:
            if c.per_audience:
                columns.extend(c.column(a.key) for a in self.audiences)
            else:
                columns.append(c.key)
        return columns

    def columns_for(self, audience: str) -> list[str]:
        """The score column of each criterion, in order, for one audience."""
        self.audience(audience)
        return [c.column(audience) for c in self.criteria]

    def criterion_for_column(self, column: str) -> Criterion | None:
        for c in self.criteria:
            if c.per_audience:
                if any(column == c.column(a.key) for a in self.audiences):
                    return c
            elif column == c.key:
                return c
        return None

    def default_weights(self) -> dict[str, float]:
        return {c.key: c.default_weight for c in self.criteria}


def _require(table: dict, field: str, where: str) -> object:
    if field not in table:
        raise InputError(f"{where}: missing '{field}'")
    return table[field]


def parse_criteria(data: dict, source: str = "criteria.toml") -> CriteriaSet:
    """Build a :class:`CriteriaSet` from parsed TOML, checking every field."""
    audiences = []
    for i, a in enumerate(data.get("audience", []), start=1):
        where = f"{source}: audience {i}"
        audiences.append(
            Audience(str(_require(a, "key", where)), str(a.get("label", a["key"])), str(a.get("help", "")))
        )
    criteria = []
    for i, c in enumerate(data.get("criterion", []), start=1):
        where = f"{source}: criterion {i}"
        key = str(_require(c, "key", where))
        scale = _require(c, "scale", where)
        if (
            not isinstance(scale, list)
            or len(scale) != 2
            or not all(isinstance(v, (int, float)) for v in scale)
            or scale[0] >= scale[1]
        ):
            raise InputError(f"{where} ({key}): 'scale' must be [low, high] with low < high")
        objective = str(c.get("objective", "max")).lower()
        if objective not in ("max", "min"):
            raise InputError(f'{where} ({key}): \'objective\' must be "max" or "min", not {objective!r}')
        weight = c.get("default_weight", 1)
        if not isinstance(weight, (int, float)) or weight < 0:
            raise InputError(f"{where} ({key}): 'default_weight' must be a non-negative number")
        criteria.append(
            Criterion(
                key=key,
                label=str(c.get("label", key)),
                question=str(c.get("question", "")),
                scale_min=float(scale[0]),
                scale_max=float(scale[1]),
                objective=objective,
                default_weight=float(weight),
                per_audience=bool(c.get("per_audience", False)),
                help=str(c.get("help", "")),
            )
        )
    if not criteria:
        raise InputError(f"{source}: no [[criterion]] tables found")
    keys = [c.key for c in criteria]
    if len(set(keys)) != len(keys):
        raise InputError(f"{source}: criterion keys must be unique, got {', '.join(keys)}")
    if any(c.per_audience for c in criteria) and not audiences:
        raise InputError(f"{source}: a per-audience criterion needs at least one [[audience]]")
    if not audiences:
        audiences = [Audience("all", "Everyone")]
    if sum(c.default_weight for c in criteria) <= 0:
        raise InputError(f"{source}: default weights are all zero")
    return CriteriaSet(tuple(criteria), tuple(audiences), source)


MAX_CRITERIA_BYTES = 256 * 1024
"""Largest criteria file (the shipped one is about 5 kB)."""


def load_criteria(path: str | Path | None = None) -> CriteriaSet:
    """Read a criteria TOML file (the shipped one when ``path`` is None)."""
    path = Path(path) if path is not None else DEFAULT_CRITERIA_PATH
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: criteria file not found") from None
    except IsADirectoryError:
        raise InputError(
            f"{path}: is a folder; expected a criteria TOML file such as candidates/criteria.toml"
        ) from None
    except OSError as exc:
        raise InputError(f"{path}: criteria file cannot be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_CRITERIA_BYTES:
        raise InputError(f"{path}: {len(raw):,} bytes; a criteria file is at most {MAX_CRITERIA_BYTES:,}")
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError, ValueError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise InputError(f"{path}: not a readable TOML criteria file ({reason})") from None
    return parse_criteria(data, source=path.name)
