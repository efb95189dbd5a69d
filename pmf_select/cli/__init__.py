"""The command line: argument parsing, printing and exit codes over the core.

Exit codes: 0 ok, 2 bad input (a clear message, never a traceback), 1 unexpected.
Each command lives in its own module with ``register(subparsers, common)``; add new
ones to ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from pmf_select.errors import InputError

COMMANDS = [
    "validate",
    "derive",
    "rank",
    "robustness",
    "build",
    "options",
    "lock",
    "decisions",
    "export",
    "verify",
    "draft",
    "paper",
    "quarter",
]

EXIT_OK, EXIT_UNEXPECTED, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with a one-line message (its default, made explicit)."""

    def error(self, message: str) -> None:  # pragma: no cover - exercised via CLI tests
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"error: {message}\n")


def _chosen_command(argv: list[str]) -> str | None:
    """The command named on the command line, if it is a known one (else None)."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token == "--db":
            skip = True
        elif token in COMMANDS:
            return token
        elif not token.startswith("-"):
            return None
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv`` naming a known command, only that command's module is
    imported (start-up time: each command module imports the parts it needs, and
    ``validate`` should not pay for scipy or the decision store; issue 18). Help,
    no command or an unknown one get the full parser."""
    db_help = "decision store (SQLite); default: $PMF_SELECT_DB or ~/.local/share/pmf-select/pmf_select.db"
    # --db is accepted before or after the command; the command's copy must not
    # overwrite a value given before it, so it has no default of its own.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    parser = _Parser(
        prog="python -m pmf_select",
        description="Choose, and agree on record, the KPIs a committee watches each quarter.",
    )
    parser.add_argument("--db", metavar="PATH", default=None, help=db_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    chosen = _chosen_command(argv) if argv is not None else None
    for name in [chosen] if chosen else COMMANDS:
        importlib.import_module(f"pmf_select.cli.{name}").register(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or EXIT_OK)
    except InputError as exc:
        print(f"error: {exc}" if "\n" not in str(exc) else str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # the reader went away (e.g. `| head`): not an error of ours; silence the
        # interpreter's own flush of stdout at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return EXIT_UNEXPECTED
    except Exception as exc:
        if os.environ.get("PMF_SELECT_DEBUG"):
            raise
        print(
            f"unexpected error: {type(exc).__name__}: {exc}\n"
            "This is a bug in pmf-select, not in your input. Set PMF_SELECT_DEBUG=1 to see the traceback.",
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED
