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

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def ids(self) -> list[str]:
        return self.frame["id"].tolist()

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
        """
        raw = self.raw_scores(audience)
        out = raw.copy()
        for c in self.criteria.criteria:
            span = c.scale_max - c.scale_min
            if c.objective == "max":
                out[c.key] = (raw[c.key] - c.scale_min) / span
            else:
                out[c.key] = (c.scale_max - raw[c.key]) / span
        return out

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
