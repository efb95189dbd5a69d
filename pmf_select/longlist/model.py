"""The long list of candidate KPIs as one immutable value.

A :class:`LongList` is a validated table (text columns as strings, score columns as
floats, unknown columns kept as text) together with the criteria it was checked
against. Everything downstream (scoring, robustness, set building, decisions) takes a
LongList, so it can trust the scores are present and on scale.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pmf_select.longlist.criteria import CriteriaSet
from pmf_select.longlist.reporting import (
    lag_months_value,
    pair_value,
    reporting_value,
    short_name_value,
    small_numbers_value,
)

REQUIRED_TEXT = ("id", "name", "service_area", "definition", "rationale")


@dataclass(frozen=True, eq=False)
class LongList:
    """A validated long list.

    ``frame`` has one row per candidate in file order (index 0..n-1); columns keep the
    file's order. ``source`` names the file it came from, for messages.
    """

    frame: pd.DataFrame
    criteria: CriteriaSet
    source: str = "long list"
    _hash: list = field(default_factory=list, repr=False)
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def ids(self) -> list[str]:
        if "ids" not in self._cache:
            self._cache["ids"] = tuple(self.frame["id"].tolist())
        return list(self._cache["ids"])

    @property
    def service_areas(self) -> list[str]:
        """Service areas in order of first appearance."""
        return list(dict.fromkeys(self.frame["service_area"]))

    @property
    def extra_columns(self) -> list[str]:
        """Columns that are neither required text nor scores (kept and exported)."""
        known = set(REQUIRED_TEXT) | set(self.criteria.score_columns())
        return [c for c in self.frame.columns if c not in known]

    @property
    def content_hash(self) -> str:
        """SHA-256 of the content, independent of file format and column order."""
        if not self._hash:
            records = []
            for row in self.frame.to_dict(orient="records"):
                records.append({k: _canonical_cell(v) for k, v in sorted(row.items())})
            text = json.dumps(records, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            self._hash.append(hashlib.sha256(text.encode("utf-8")).hexdigest())
        return self._hash[0]

    def raw_scores(self, audience: str) -> pd.DataFrame:
        """Scores as typed, one column per criterion key, indexed by id."""
        columns = self.criteria.columns_for(audience)
        scores = self.frame[columns].to_numpy(dtype=float)
        return pd.DataFrame(scores, index=pd.Index(self.ids, name="id"), columns=self.criteria.keys)

    def value_matrix(self, audience: str) -> pd.DataFrame:
        """Scores normalised on each criterion's declared scale to 0-1, higher better.

        ``(x - low) / (high - low)`` for max criteria and ``(high - x) / (high - low)``
        for min criteria. Because the scale is declared, not taken from the data, a
        candidate's values never change when others are added or removed.
        Indexed by id, one column per criterion key (a copy of :meth:`values`).
        """
        return pd.DataFrame(
            self.values(audience).copy(), index=pd.Index(self.ids, name="id"), columns=self.criteria.keys
        )

    def values(self, audience: str) -> np.ndarray:
        """:meth:`value_matrix` as a read-only (candidates, criteria) float array.

        Computed once per audience and kept (a LongList does not change): the hot path
        of every re-rank reads plain numpy, no pandas (issue 18). The same arithmetic,
        element by element, as :meth:`value_matrix` always did.
        """
        key = ("values", audience)
        if key not in self._cache:
            raw = self.frame[self.criteria.columns_for(audience)].to_numpy(dtype=float)
            criteria = self.criteria.criteria
            low = np.array([c.scale_min for c in criteria])
            high = np.array([c.scale_max for c in criteria])
            span = high - low
            is_max = np.array([c.objective == "max" for c in criteria])
            out = np.where(is_max, (raw - low) / span, (high - raw) / span)
            out.flags.writeable = False
            self._cache[key] = out
        return self._cache[key]

    def row(self, candidate_id: str) -> pd.Series:
        match = self.frame[self.frame["id"] == candidate_id]
        if match.empty:
            raise KeyError(candidate_id)
        return match.iloc[0]

    def _cell(self, candidate_id: str, column: str) -> object:
        row = self.row(candidate_id)
        return row[column] if column in row.index else None

    def short_name_of(self, candidate_id: str) -> str:
        """What a chart or projected table shows: ``short_name``, else ``name``."""
        return short_name_value(self._cell(candidate_id, "short_name"), self._cell(candidate_id, "name"))

    def reporting_of(self, candidate_id: str) -> str:
        """``quarterly`` or ``annual``; when blank or absent, inferred from ``local_frequency``."""
        return reporting_value(self._cell(candidate_id, "reporting"), self._cell(candidate_id, "local_frequency"))

    def lag_months_of(self, candidate_id: str) -> int | None:
        """Months after the period before the figure can be reported; None when unknown."""
        return lag_months_value(self._cell(candidate_id, "lag_months"))

    def pair_of(self, candidate_id: str) -> str | None:
        """The id this candidate must be read with, or None."""
        return pair_value(self._cell(candidate_id, "pair_with"))

    def has_small_numbers(self, candidate_id: str) -> bool:
        """True when quarter-to-quarter movement is mostly noise (``small_numbers`` = yes)."""
        return small_numbers_value(self._cell(candidate_id, "small_numbers"))

    def subset(self, ids: list[str]) -> LongList:
        """A long list of just these candidates, in the order given."""
        index = {cid: i for i, cid in enumerate(self.ids)}
        frame = self.frame.iloc[[index[i] for i in ids]].reset_index(drop=True)
        return LongList(frame, self.criteria, self.source)


def _canonical_cell(value: object) -> object:
    if isinstance(value, (float, np.floating)):
        if np.isnan(value):
            return None
        return float(value)
    if isinstance(value, (int, np.integer)):
        return float(value)
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return str(value)
