"""Indicator names on the room's charts: whole, wrapped onto lines, never cut off or overlapping.

The shared chart builders (``pmf_select.reports.charts``) shorten names to fit one
line ("Care leavers aged 19-21 in education, emplo…"). On screen the room needs the
whole name, so the page hands the builder the indicator ids instead of names and
then rewrites the finished Vega-Lite spec: each id becomes the indicator's
``short_name`` (when the long list has that column) or its full name wrapped onto
lines (Vega-Lite draws an array label, made here with ``labelExpr`` ``split``, as
several lines), and each row is made tall enough for its lines so labels never
overlap.
"""

from __future__ import annotations

import functools
import re
import textwrap

import pandas as pd

from pmf_select.longlist import LongList

SEPARATOR = "|"


def display_names(longlist: LongList) -> dict[str, str]:
    """Each id's label: its ``short_name`` where the long list has one, else its name."""
    frame = longlist.frame
    names = dict(zip(frame["id"], frame["name"], strict=True))
    if "short_name" in frame.columns:
        for cid, short in zip(frame["id"], frame["short_name"], strict=True):
            if isinstance(short, str) and short.strip():
                names[cid] = short.strip()
    return names


@functools.lru_cache(maxsize=4096)
def wrapped(text: str, width: int = 34) -> str:
    """``text`` broken at word boundaries into lines of at most ``width`` characters.

    Cached: a page wraps the same few dozen names on every rerun, and ``textwrap``
    was a tenth of a chart's cost (issue 18)."""
    lines = textwrap.wrap(str(text).replace(SEPARATOR, "/"), width=width) or [""]
    return SEPARATOR.join(lines)


def for_chart(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of a ranking-like table whose ``name`` is the id (short, unique), for the builder."""
    out = table.copy()
    out["name"] = out["id"]
    return out


_NUMBERED = re.compile(r"^(\d+\. )?(.+)$")
_NAMES: dict[str, dict[str, str]] = {}


def names_of(longlist: LongList) -> dict[str, str]:
    """:func:`display_names`, kept per long list content (read only by the callers)."""
    names = _NAMES.get(longlist.content_hash)
    if names is None:
        if len(_NAMES) > 16:
            _NAMES.clear()
        names = _NAMES[longlist.content_hash] = display_names(longlist)
    return names


def relabel(spec: dict, longlist: LongList, large: bool, width: int | None = None) -> dict:
    """Rewrite a Vega-Lite spec's ``indicator`` values (ids, perhaps ``"3. ID"``) as wrapped names.

    Updates the inline datasets, the y sort order and the y axis (``labelExpr`` splits a
    label onto lines); sets the height so each row has room for its lines.
    """
    names = names_of(longlist)
    width = width or (42 if large else 46)
    most = 1

    def rename(value):
        nonlocal most
        match = _NUMBERED.match(str(value))
        if not match or match.group(2) not in names:
            return value
        text = wrapped((match.group(1) or "") + names[match.group(2)], width)
        most = max(most, text.count(SEPARATOR) + 1)
        return text

    rows = 0
    for records in spec.get("datasets", {}).values():
        seen = set()
        for record in records:
            if "indicator" in record:
                record["indicator"] = rename(record["indicator"])
                seen.add(record["indicator"])
        rows = max(rows, len(seen))
    for encoding in _encodings(spec):
        y = encoding.get("y")
        if isinstance(y, dict) and y.get("field") == "indicator":
            if isinstance(y.get("sort"), list):
                y["sort"] = [rename(v) for v in y["sort"]]
            axis = y.get("axis") or {}
            axis["labelExpr"] = f"split(datum.label, '{SEPARATOR}')"
            axis["labelLimit"] = 0
            y["axis"] = axis
    spec["padding"] = {"left": 8, "right": 4, "top": 4, "bottom": 4}  # room for the widest label's first glyph
    line = 21 if large else 16
    spec["height"] = max(120, rows * (most * line + 10))
    for layer in spec.get("layer", []):
        layer.pop("height", None)
    return spec


def _encodings(spec: dict):
    if isinstance(spec.get("encoding"), dict):
        yield spec["encoding"]
    for layer in spec.get("layer", []):
        yield from _encodings(layer)


def bar_rows(spec: dict, large: bool) -> dict:
    """Give a simple bar chart (one bar per category) rows tall enough that labels never touch."""
    rows = max((len(records) for records in spec.get("datasets", {}).values()), default=1)
    spec["height"] = max(80, rows * (34 if large else 24))
    spec["padding"] = {"left": 8, "right": 8, "top": 4, "bottom": 4}
    return spec
