"""Arguments shared by several commands, and loading a long list from them."""

from __future__ import annotations

import argparse

from pmf_select.criteria import CriteriaSet, load_criteria
from pmf_select.longlist import load_longlist
from pmf_select.model import LongList


def add_longlist_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="long list (CSV or XLSX)")
    parser.add_argument(
        "--criteria", metavar="FILE", help="criteria TOML (default: the shipped candidates/criteria.toml)"
    )
    parser.add_argument("--sheet", metavar="NAME", help="XLSX sheet to read (default: the first)")


def load_from_args(args: argparse.Namespace) -> LongList:
    criteria: CriteriaSet = load_criteria(args.criteria)
    return load_longlist(args.file, criteria, sheet=args.sheet)


METHODS = ("wsm", "topsis", "wpm", "vikor")


def add_weighting_args(parser: argparse.ArgumentParser, method: bool = True) -> None:
    """--audience, --weights and (optionally) --method, shared by rank/robustness/build/options/lock/paper."""
    parser.add_argument(
        "--audience", default="scrutiny", metavar="A", help="whose relevance column to use (default: scrutiny)"
    )
    parser.add_argument(
        "--weights",
        metavar="KEY=VALUE,...",
        help="criterion weights, any non-negative numbers (normalised to sum 1); unnamed criteria keep their defaults",
    )
    if method:
        parser.add_argument("--method", default="wsm", metavar="M", help=f"one of {', '.join(METHODS)} (default: wsm)")


def weights_from_args(args: argparse.Namespace, longlist: LongList) -> dict[str, float]:
    """Check the audience and return normalised weights from --weights."""
    from pmf_select.weights import normalise_weights, parse_weights_arg

    longlist.criteria.audience(args.audience)
    return normalise_weights(longlist.criteria, parse_weights_arg(args.weights))


def store_path_from_args(args: argparse.Namespace):
    """The decision store: ``--db PATH``, else ``$PMF_SELECT_DB``, else the per-user default."""
    import os

    from pmf_select.store import resolve_db_path

    return resolve_db_path(getattr(args, "db", None), os.environ)


def open_store_from_args(args: argparse.Namespace):
    """Open (creating or migrating) the decision store named by the arguments."""
    from pmf_select.store import open_store

    return open_store(store_path_from_args(args))
