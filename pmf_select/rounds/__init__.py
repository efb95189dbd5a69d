"""Members' rounds: each member weighs the criteria on their own phone.

The chair opens a round on the workshop draft; it has a join code that is easy to type
and impossible to guess (:mod:`codes`). Members answer the swing question; each answer
is checked and stored as one row per member per round (:mod:`answers`), never written
into the draft, so fifteen members answering at once cannot overwrite the room's work
or each other's. The record folds the latest round's answers into the draft's
members' weights when it reads a draft (``record.drafts.round_answers``), so the
ranking, members' sampling, the options paper and the decision record use them.
:mod:`group` gives the projector the median and spread.

May import: ``pmf_select.record``, ``pmf_select.ranking`` and ``pmf_select.longlist``.
"""

from pmf_select.rounds.answers import (
    MAX_NAME_LENGTH,
    MAX_POINTS,
    Answer,
    check_answer,
    count_answers,
    get_answer,
    list_answers,
    submit_answer,
)
from pmf_select.rounds.codes import ALPHABET, new_code, new_token, normalise_code, valid_token
from pmf_select.rounds.group import group_summary, member_dots, shares
from pmf_select.rounds.lifecycle import (
    Round,
    RoundCriterion,
    close_round,
    find_round,
    get_round,
    latest_round,
    open_round,
    open_round_of,
    set_show_names,
)

__all__ = [
    "ALPHABET",
    "MAX_NAME_LENGTH",
    "MAX_POINTS",
    "Answer",
    "Round",
    "RoundCriterion",
    "check_answer",
    "close_round",
    "count_answers",
    "find_round",
    "get_answer",
    "get_round",
    "group_summary",
    "latest_round",
    "list_answers",
    "member_dots",
    "new_code",
    "new_token",
    "normalise_code",
    "open_round",
    "open_round_of",
    "set_show_names",
    "shares",
    "submit_answer",
    "valid_token",
]
