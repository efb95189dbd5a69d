"""Errors the user can fix, kept apart from bugs.

``InputError`` (and its subclasses) mean bad input: the CLI prints the message and
exits 2, the app shows it in the page. Anything else is unexpected and exits 1.
"""

from __future__ import annotations

from dataclasses import dataclass


class InputError(Exception):
    """Bad input the user can correct. The message says what was expected."""


@dataclass(frozen=True)
class Problem:
    """One problem in a long-list file, located as a person sees the spreadsheet.

    ``row`` is the spreadsheet row (header = row 1); None when the problem is with the
    file as a whole. ``column`` is the header name, or None.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class LongListError(InputError):
    """A long list that cannot be used, with every problem found in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
