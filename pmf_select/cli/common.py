"""Arguments shared by several commands, and loading a long list from them."""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pmf_select.errors import InputError
from pmf_select.longlist import CriteriaSet, LongList, load_criteria, load_longlist


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
    from pmf_select.ranking import normalise_weights, parse_weights_arg

    longlist.criteria.audience(args.audience)
    return normalise_weights(longlist.criteria, parse_weights_arg(args.weights))


def store_path_from_args(args: argparse.Namespace):
    """The decision store: ``--db PATH``, else ``$PMF_SELECT_DB``, else the per-user default."""
    import os

    from pmf_select.record import resolve_db_path

    return resolve_db_path(getattr(args, "db", None), os.environ)


def open_store_from_args(args: argparse.Namespace, readonly: bool = False):
    """Open (creating or migrating) the decision store named by the arguments.

    With ``readonly`` (commands that only read), a store that cannot be written is
    opened read-only rather than refused, and a missing store is not created.
    """
    from pmf_select.record import open_store

    return open_store(store_path_from_args(args), readonly=readonly)


@contextmanager
def opened_store(args: argparse.Namespace, readonly: bool = False) -> Iterator[sqlite3.Connection]:
    """The decision store named by the arguments, open for a ``with`` block and closed after it."""
    conn = open_store_from_args(args, readonly=readonly)
    try:
        yield conn
    finally:
        conn.close()


def read_input_bytes(path: Path, folder_hint: str | None = None) -> bytes:
    """The bytes of an input file, or an InputError naming it.

    With ``folder_hint``, a folder given by mistake is refused with that hint; without
    it, a folder is simply a file that cannot be read.
    """
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except OSError as exc:
        if folder_hint is not None and isinstance(exc, IsADirectoryError):
            raise InputError(f"{path}: is a folder; {folder_hint}") from None
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None


def whole_number(minimum: int):
    """An argparse ``type``: a whole number of at least ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number of at least {minimum}, not '{text}'") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"expected a whole number of at least {minimum}, not '{text}'")
        return value

    return parse


def clip(text: object, width: int) -> str:
    """``text`` cut to ``width`` characters, ending '...' where it was cut."""
    text = str(text)
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def format_table(headers: list[str], rows: list[list[str]], right: tuple[int, ...] = (), rule: bool = True) -> str:
    """Columns aligned with two spaces between them; ``right`` columns right-aligned.

    With ``rule``, a line of dashes under the headers.
    """
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        parts = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return "  ".join(parts).rstrip()

    out = [line(headers)]
    if rule:
        out.append(line(["-" * w for w in widths]))
    out.extend(line(r) for r in rows)
    return "\n".join(out)


def write_output(path: str | Path, data: bytes) -> Path:
    """Write an output file; a path that cannot be written is bad input (exit 2), not a crash."""
    path = Path(path)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def write_atomically(path: Path, data: bytes, option: str = "--out") -> None:
    """Write via a temporary file and rename, so a reader never sees half a file.

    Every step, making the temporary file included, is inside the error handling: an
    unwritable folder is bad input (exit 2) naming the path, never a traceback.
    """
    import os
    import tempfile

    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise InputError(f"{option} {path}: is a folder; expected a file name")
    if not folder.is_dir():
        raise InputError(f"{option} {path}: the folder {folder} does not exist")
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError as exc:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise InputError(f"{option} {path}: cannot be written ({exc.strerror or exc})") from None
