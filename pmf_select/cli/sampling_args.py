"""The weight-sampling options, shared by robustness, build, options, paper and lock.

``--sampling --samples --seed --spread --order --members --thresholds`` are declared
once here (:func:`add_sampling_args`) and read once (:func:`sampling_from_args`), so
every command takes them with the same names, defaults, help and error messages.
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

from pmf_select.errors import InputError
from pmf_select.longlist import LongList
from pmf_select.ranking import SAMPLINGS

MAX_MEMBERS = 100
"""Most members in a --members file."""
MAX_MEMBERS_BYTES = 1024 * 1024
"""Largest --members file."""


def add_sampling_args(
    parser: argparse.ArgumentParser, samples_default: int, group: str | None = None
) -> argparse.ArgumentParser | argparse._ArgumentGroup:
    """Add the sampling options to ``parser`` (in an argument group titled ``group``, if given).

    Returns where they were added, so a command can put its own ``--top`` beside them.
    """
    target = parser.add_argument_group(group) if group else parser
    target.add_argument(
        "--sampling",
        default="simplex",
        choices=SAMPLINGS,
        help="simplex: uniform over all weights (default); around: each weight within --spread of --weights; "
        "order: any weights in the order of importance --order (default: the order --weights imply); "
        "members: within the range of the weights in --members",
    )
    target.add_argument(
        "--samples",
        type=int,
        default=samples_default,
        metavar="N",
        help=f"weight vectors to draw (default {samples_default})",
    )
    target.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    target.add_argument(
        "--spread",
        type=float,
        default=0.1,
        metavar="X",
        help="around: how far each weight may move, in weight points 0-1 (default 0.1 = 10 percentage points)",
    )
    target.add_argument(
        "--order",
        metavar="A,B=C,D",
        help="order: every criterion key, most important first, separated by ',' or '>'; tie with '='",
    )
    target.add_argument(
        "--members",
        metavar="FILE",
        help="members: CSV with a 'member' column and one column per criterion key (missing columns take "
        "the default weight); one row per member",
    )
    target.add_argument(
        "--thresholds",
        default="0.9,0.1",
        metavar="IN,OUT",
        help="a share of weightings at or above IN counts as 'in', at or below OUT as 'out' (default 0.9,0.1)",
    )
    return target


def sampling_from_args(args: argparse.Namespace, longlist: LongList) -> dict:
    """Keyword arguments for the robustness functions from the sampling options.

    The keys (sampling, samples, seed, spread, order, members, thresholds) are those
    :func:`pmf_select.ranking.robustness.acceptability`, :func:`pmf_select.selection.set_robustness`
    and :func:`pmf_select.selection.options.build_options` take; ``--order`` and ``--members`` are
    refused unless their sampling is chosen.
    """
    if args.order is not None and args.sampling != "order":
        raise InputError("--order only applies with --sampling order")
    if args.members is not None and args.sampling != "members":
        raise InputError("--members only applies with --sampling members")
    if args.sampling == "members" and args.members is None:
        raise InputError("--sampling members needs --members FILE (a CSV of each member's weights)")
    return {
        "sampling": args.sampling,
        "samples": args.samples,
        "seed": args.seed,
        "spread": args.spread,
        "order": parse_order_arg(args.order) if args.order is not None else None,
        "members": read_members(args.members, longlist.criteria.keys) if args.members is not None else None,
        "thresholds": parse_thresholds_arg(args.thresholds),
    }


def parse_order_arg(text: str) -> list[list[str]]:
    """``a,b=c,d`` (or ``a>b=c>d``) as groups, most important first; '=' ties."""
    groups = []
    for part in text.replace(">", ",").split(","):
        names = [name.strip() for name in part.split("=")]
        if not part.strip() or not all(names):
            raise InputError(
                f"--order: expected criterion keys separated by ',' (or '>') with '=' for ties, got '{text}'"
            )
        groups.append(names)
    return groups


def parse_thresholds_arg(text: str) -> tuple[float, float]:
    """``IN,OUT`` as two numbers (the core checks their range)."""
    parts = [p.strip() for p in text.split(",")]
    try:
        high, low = (float(p) for p in parts)
    except ValueError:
        raise InputError(f"--thresholds: expected two numbers IN,OUT such as 0.9,0.1, got '{text}'") from None
    return high, low


def read_members(path: str, keys: list[str]) -> dict[str, dict[str, float]]:
    """Members' weights from a CSV: a ``member`` column and criterion-key columns."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: members file not found") from None
    except OSError as exc:
        raise InputError(f"{path}: members file cannot be read ({exc.strerror})") from None
    if len(data) > MAX_MEMBERS_BYTES:
        raise InputError(f"{path}: {len(data):,} bytes; a members file is at most {MAX_MEMBERS_BYTES:,}")
    if b"\x00" in data or data[:4] == b"PK\x03\x04":
        raise InputError(f"{path}: not a CSV text file: expected a header 'member,{','.join(keys)}' and one row each")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise InputError(f"{path}: unreadable CSV ({exc}): expected a header 'member,<criterion>,...'") from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if len(rows) > MAX_MEMBERS + 1:
        raise InputError(f"{path}: {len(rows) - 1:,} members; at most {MAX_MEMBERS}")
    if not rows:
        raise InputError(f"{path}: empty members file: expected a header 'member,<criterion>,...' and one row each")
    header = [h.strip() for h in rows[0]]
    if "member" not in header:
        raise InputError(f"{path}: no 'member' column: expected a header 'member,{','.join(keys)}'")
    unknown = [h for h in header if h != "member" and h not in keys]
    if unknown:
        raise InputError(f"{path}: unknown column '{unknown[0]}': expected member and criterion keys {', '.join(keys)}")
    members: dict[str, dict[str, float]] = {}
    for line, row in enumerate(rows[1:], start=2):
        cells = dict(zip(header, (c.strip() for c in row)))
        name = cells.get("member", "")
        if not name:
            raise InputError(f"{path}, row {line}: blank member name")
        if len(name) > 200:
            raise InputError(f"{path}, row {line}: member name of {len(name):,} characters; at most 200")
        if name in members:
            raise InputError(f"{path}, row {line}: member '{name}' appears twice")
        weights = {}
        for key in header:
            if key == "member":
                continue
            value = cells.get(key, "")
            try:
                if len(value) > 40:
                    raise ValueError(value)
                weights[key] = float(value)
            except ValueError:
                shown = value if len(value) <= 40 else value[:37] + "..."
                raise InputError(
                    f"{path}, row {line}, column '{key}': expected a non-negative number, got '{shown}'"
                ) from None
        members[name] = weights
    if not members:
        raise InputError(f"{path}: no members: expected one row of weights per member")
    return members
