"""Locking the agreed set: immutable, hashed, append-only decisions.

A decision records everything needed to say later exactly what was agreed and to
compute it again: the meeting and its date, the audience, the agreed indicators in
order, the weights, the method, the robustness settings and seed, the long list (by
content hash, with the list itself kept in the store) and its criteria, a note, and
the time it was locked. The record is written as canonical JSON and sealed with a
SHA-256 over that text, so any later change to it is detectable. Weights are kept
twice: normalised to sum 1 (``weights``, what members read) and exactly as given
(``weights_input``, what scores and robustness are recomputed from, bit for bit).

Decisions are append-only. Changing one means locking a new decision that
``supersedes`` it; each decision can be superseded once, so the history is a chain.
The store refuses UPDATE, DELETE and INSERT OR REPLACE on decisions in SQL too
(triggers), not only here.

The seals are chained, so the history holds even against someone who has the file
and recomputes a seal (a SHA-256 has no key): each record includes
``previous_sha256``, the seal of the decision locked just before it (null for the
first). Rewriting or deleting a decision therefore breaks the link in the next one,
and hiding that means rewriting every later record. The *chain head*, the latest
decision's short hash (:func:`chain_head`), is printed on the decision record and by
``decisions``; once a committee minutes it, a history rewritten from scratch or
missing its last decisions no longer contains it (``decisions --check --head``).
Decisions locked before the chain existed (format 1, no ``previous_sha256``) are
each checked by their own seal; the first chained decision after them also records
``legacy_sha256``, a SHA-256 over their ids and seals in order, so they are pinned too.

Locking is one ``BEGIN IMMEDIATE`` transaction (store the long list, check what it
supersedes, number it, insert it): a process killed half-way leaves no partial
decision, and several processes locking at once each get their own number.
"""

from __future__ import annotations

import difflib
import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from pmf_select import __version__
from pmf_select.errors import InputError
from pmf_select.longlist import LongList
from pmf_select.record.store import (
    canonical_json,
    format_time,
    get_longlist,
    integrity_problems,
    longlist_csv,
    put_longlist,
    sha256_text,
    transaction,
    utc_now,
)

DECISION_FORMAT = "pmf-select decision"
DECISION_FORMAT_VERSION = 2
"""2: the record carries ``previous_sha256``, the seal of the decision locked before it."""
SHORT_HASH = 12
"""Hex characters of a SHA-256 shown to people (the chain head in the minutes)."""
DEFAULT_ROBUSTNESS = {
    "sampling": "simplex",
    "samples": 10_000,
    "top_k": None,  # None: the number of agreed indicators
    "seed": 0,
    "spread": 0.1,
    "order": None,
    "members": None,
    "thresholds": [0.9, 0.1],
}
LIST_COLUMNS = [
    "id",
    "locked_at",
    "meeting",
    "meeting_date",
    "size",
    "audience",
    "method",
    "supersedes",
    "superseded_by",
    "sha256",
]


@dataclass(frozen=True)
class Decision:
    """One locked decision: its id, its sealed record and (from the store) what superseded it.

    ``record`` is the JSON-able mapping that was hashed; ``sha256`` is the SHA-256 of
    :func:`canonical_json` of it. ``superseded_by`` is not part of the record (it is
    learnt later) and so never enters the hash or an export.
    """

    id: str
    sha256: str
    record: dict
    superseded_by: str | None = None

    @property
    def meeting(self) -> str:
        return self.record["meeting"]

    @property
    def meeting_date(self) -> str:
        return self.record["meeting_date"]

    @property
    def locked_at(self) -> str:
        return self.record["locked_at"]

    @property
    def note(self) -> str:
        return self.record["note"]

    @property
    def audience(self) -> str:
        return self.record["audience"]

    @property
    def method(self) -> str:
        return self.record["method"]

    @property
    def weights(self) -> dict[str, float]:
        return dict(self.record["weights"])

    @property
    def weights_input(self) -> dict[str, float]:
        """The weights exactly as given (before normalising): what scores are recomputed from.

        Normalising already-normalised weights can move one by a unit in the last place,
        which is enough to change which random weight vectors a robustness analysis
        accepts; recomputing from the weights as given repeats the original arithmetic.
        """
        return dict(self.record.get("weights_input") or self.record["weights"])

    @property
    def agreed(self) -> list[str]:
        """The agreed indicator ids, in the agreed order."""
        return list(self.record["agreed"])

    @property
    def robustness(self) -> dict:
        return dict(self.record["robustness"])

    @property
    def constraints(self) -> dict | None:
        return self.record.get("constraints")

    @property
    def longlist_hash(self) -> str:
        return self.record["longlist"]["sha256"]

    @property
    def criteria_hash(self) -> str:
        return self.record["criteria_sha256"]

    @property
    def supersedes(self) -> str | None:
        return self.record.get("supersedes")

    def seal_ok(self) -> bool:
        """True when the record still hashes to its recorded SHA-256."""
        return record_sha256(self.record) == self.sha256


def record_sha256(record: Mapping) -> str:
    """SHA-256 (hex) of the canonical JSON of a decision record."""
    return sha256_text(canonical_json(record))


# ---------------------------------------------------------------- checking what is locked


def check_agreed_ids(longlist: LongList, ids: Sequence[str]) -> list[str]:
    """The agreed ids, stripped and checked: known, not repeated, at least one."""
    if isinstance(ids, str):
        ids = ids.split(",")
    cleaned = [str(i).strip() for i in ids if str(i).strip()]
    if not cleaned:
        raise InputError("no indicators to lock: give the agreed ids (e.g. --ids CP-REPEAT,LAC-STAB3)")
    known = set(longlist.ids)
    unknown = [i for i in cleaned if i not in known]
    if unknown:
        described = []
        for i in unknown:
            close = difflib.get_close_matches(i, longlist.ids, n=1)
            described.append(f"'{i}' (did you mean '{close[0]}'?)" if close else f"'{i}'")
        raise InputError(
            f"unknown indicator id(s) {', '.join(described)}: expected ids from {longlist.source} "
            f"({len(known)} candidates, e.g. {', '.join(longlist.ids[:3])})"
        )
    seen: set[str] = set()
    repeated = [i for i in cleaned if i in seen or seen.add(i)]
    if repeated:
        raise InputError(f"indicator id(s) listed more than once: {', '.join(dict.fromkeys(repeated))}")
    return cleaned


def check_meeting_date(value: date | str) -> str:
    """A meeting date as ``YYYY-MM-DD``."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise InputError(f"meeting date '{value}': expected a date as YYYY-MM-DD, e.g. 2018-03-14") from None


def check_robustness(
    settings: Mapping[str, object] | None,
    longlist: LongList,
    weights: Mapping[str, float],
    agreed_count: int,
) -> dict:
    """Complete and check the robustness settings recorded with a decision.

    The keys are the arguments of :func:`pmf_select.ranking.robustness.acceptability`
    (sampling, samples, top_k, seed, spread, order, members, thresholds). ``top_k``
    defaults to the number of agreed indicators. The sampling arguments are checked by
    drawing from :func:`pmf_select.ranking.sampling.sample_weights`, so a decision is only
    locked if its robustness can be computed again.
    """
    from pmf_select.ranking import (
        SAMPLINGS,
        check_samples,
        check_seed,
        check_spread,
        normalise_order,
        normalise_weights,
        order_from_weights,
        sample_weights,
    )

    settings = dict(settings or {})
    unknown = sorted(set(settings) - set(DEFAULT_ROBUSTNESS))
    if unknown:
        raise InputError(
            f"unknown robustness setting(s) {', '.join(unknown)}: expected {', '.join(DEFAULT_ROBUSTNESS)}"
        )
    out = {**DEFAULT_ROBUSTNESS, **{k: v for k, v in settings.items() if v is not None}}
    out["sampling"] = str(out["sampling"]).strip().lower()
    if out["sampling"] not in SAMPLINGS:
        raise InputError(f"unknown sampling '{out['sampling']}': expected one of {', '.join(SAMPLINGS)}")
    out["samples"] = check_samples(out["samples"])
    out["seed"] = check_seed(out["seed"])
    out["spread"] = check_spread(out["spread"])
    top_k = out["top_k"] if out["top_k"] is not None else agreed_count
    if isinstance(top_k, bool) or not isinstance(top_k, int) or not 1 <= top_k <= len(longlist):
        raise InputError(f"top must be a whole number from 1 to {len(longlist)} (the candidates), not {top_k!r}")
    out["top_k"] = int(top_k)
    try:
        high, low = (float(t) for t in out["thresholds"])
    except (TypeError, ValueError):
        raise InputError("thresholds must be two numbers (in, out), e.g. 0.9, 0.1") from None
    if not 0 <= low < high <= 1:
        raise InputError(f"thresholds must satisfy 0 <= out < in <= 1, got in={high}, out={low}")
    out["thresholds"] = [high, low]
    keys = longlist.criteria.keys
    if out["sampling"] == "order":
        # record the order itself, so the decision never depends on a rule applied later
        out["order"] = normalise_order(out["order"], keys) if out["order"] else order_from_weights(weights, keys)
    elif out["order"] is not None:
        out["order"] = normalise_order(out["order"], keys)
    if out["members"] is not None:
        if not isinstance(out["members"], Mapping) or not out["members"]:
            raise InputError("members must map each member's name to their weights")
        given = {}
        for name, member_weights in sorted(out["members"].items()):
            if not isinstance(member_weights, Mapping):
                raise InputError(f"member '{name}': expected a mapping of criterion to weight")
            try:
                normalise_weights(longlist.criteria, member_weights)
            except InputError as exc:
                raise InputError(f"member '{name}': {exc}") from None
            # kept as given: the robustness analysis normalises them itself, and normalising
            # twice can move a weight by one unit in the last place and so change the draws
            given[str(name)] = {str(k): float(v) for k, v in member_weights.items()}
        out["members"] = given
    sample_weights(
        out["sampling"],
        keys,
        2,
        out["seed"],
        center=weights,
        spread=out["spread"],
        order=out["order"],
        members=(
            {n: normalise_weights(longlist.criteria, w) for n, w in out["members"].items()} if out["members"] else None
        ),
    )
    return out


def check_method(method: str) -> str:
    from pmf_select.ranking import check_method as _check

    return _check(method)


def _check_text(name: str, value: str | None, limit: int, required: bool) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise InputError(f"{name} is required: say which meeting agreed this set (e.g. 'ECF B&P Sub-Committee')")
    if len(text) > limit:
        raise InputError(f"{name} is {len(text)} characters long: keep it to {limit}")
    return text


# ---------------------------------------------------------------- locking


def lock_decision(
    conn: sqlite3.Connection,
    longlist: LongList,
    agreed: Sequence[str],
    *,
    meeting: str,
    meeting_date: date | str,
    audience: str = "scrutiny",
    weights: Mapping[str, float] | None = None,
    method: str = "wsm",
    note: str = "",
    robustness: Mapping[str, object] | None = None,
    constraints: Mapping[str, object] | None = None,
    supersedes: str | None = None,
    now: datetime | None = None,
    before_commit: Callable[[], None] | None = None,
) -> Decision:
    """Lock the agreed set as a new, immutable decision and return it.

    Everything is checked before anything is written; the write is one transaction
    (long list and criteria stored by hash, the superseded decision checked, the next
    number taken, the sealed record inserted), so it happens whole or not at all.
    ``supersedes`` names the decision this one replaces; it must exist and not have
    been superseded already. ``now`` fixes the lock time (default: the clock, UTC).
    ``before_commit`` is called inside the transaction just before COMMIT (used by
    the crash tests to kill the process at the worst moment).
    """
    from pmf_select.ranking import normalise_weights

    criteria = longlist.criteria
    criteria.audience(audience)
    agreed_ids = check_agreed_ids(longlist, agreed)
    meeting_text = _check_text("meeting", meeting, 200, required=True)
    note_text = _check_text("note", note, 4000, required=False)
    when = check_meeting_date(meeting_date)
    method_key = check_method(method)
    normalised = normalise_weights(criteria, weights)
    given = {**criteria.default_weights(), **{str(k): float(v) for k, v in (weights or {}).items()}}
    settings = check_robustness(robustness, longlist, normalised, len(agreed_ids))
    constraint_data = json.loads(canonical_json(dict(constraints))) if constraints else None
    supersedes_id = str(supersedes).strip() if supersedes else None
    locked_at = format_time(now) if now is not None else utc_now()
    csv_bytes = longlist_csv(longlist)

    with transaction(conn):
        list_hash, crit_hash = put_longlist(conn, longlist, csv_bytes)
        if supersedes_id is not None:
            _check_can_supersede(conn, supersedes_id)
        seq = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM decisions").fetchone()[0]
        decision_id = f"D{seq:04d}"
        links = _chain_links(conn)
        record = {
            "format": DECISION_FORMAT,
            "format_version": DECISION_FORMAT_VERSION,
            "id": decision_id,
            "seq": seq,
            "meeting": meeting_text,
            "meeting_date": when,
            "locked_at": locked_at,
            "note": note_text,
            "audience": audience,
            "method": method_key,
            "weights": {k: normalised[k] for k in criteria.keys},
            "weights_input": {k: given[k] for k in criteria.keys},
            "agreed": agreed_ids,
            "robustness": settings,
            "constraints": constraint_data,
            "longlist": {
                "sha256": list_hash,
                "source": _file_name(longlist.source),
                "candidates": len(longlist),
            },
            "criteria_sha256": crit_hash,
            "supersedes": supersedes_id,
            "software": f"pmf-select {__version__}",
            **links,
        }
        text = canonical_json(record)
        sha = sha256_text(text)
        try:
            conn.execute(
                "INSERT INTO decisions (id, seq, locked_at, meeting, meeting_date, size, longlist_hash, "
                "criteria_hash, supersedes, record, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    decision_id,
                    seq,
                    locked_at,
                    meeting_text,
                    when,
                    len(agreed_ids),
                    list_hash,
                    crit_hash,
                    supersedes_id,
                    text,
                    sha,
                ),
            )
        except sqlite3.IntegrityError as exc:  # pragma: no cover - guarded by the checks above
            raise InputError(f"the decision could not be recorded ({exc})") from None
        if before_commit is not None:
            before_commit()
    return Decision(decision_id, sha, json.loads(text), None)


def _chain_links(conn: sqlite3.Connection) -> dict:
    """The chain fields of the next record: the previous seal, and the legacy seals if unchained."""
    rows = conn.execute("SELECT id, sha256, record FROM decisions ORDER BY seq").fetchall()
    if not rows:
        return {"previous_sha256": None}
    links: dict = {"previous_sha256": rows[-1][1]}
    if not _is_chained(rows[-1][2]):
        links["legacy_sha256"] = legacy_seals_sha256([(r[0], r[1]) for r in rows if not _is_chained(r[2])])
    return links


def _is_chained(record_text: str) -> bool:
    try:
        return "previous_sha256" in json.loads(record_text)
    except (ValueError, TypeError):
        return False


def legacy_seals_sha256(seals: Sequence[tuple[str, str]]) -> str:
    """SHA-256 over ``id:seal`` lines of the decisions locked before chaining, in order."""
    return sha256_text("".join(f"{id_}:{sha}\n" for id_, sha in seals))


def chain_head(conn: sqlite3.Connection) -> str | None:
    """The latest decision's short hash (its SHA-256's first :data:`SHORT_HASH` characters).

    Printed on the decision record for the minutes: a minuted head pins every decision
    up to it (``decisions --check --head``). None when the store has no decisions.
    """
    row = conn.execute("SELECT sha256 FROM decisions ORDER BY seq DESC LIMIT 1").fetchone()
    return row[0][:SHORT_HASH] if row else None


def chain_problems(conn: sqlite3.Connection, head: str | None = None) -> list[str]:
    """Every break in the chain of seals, as sentences; empty when the history is whole.

    Finds a rewritten decision (even one whose own seal was recomputed: the next
    record names its old seal), a deleted one (a gap in the numbers, or a broken
    link), and, given the ``head`` a committee minuted, a history that no longer
    contains it (the last decisions deleted, or everything rewritten).
    """
    problems: list[str] = []
    rows = conn.execute("SELECT id, seq, sha256, record FROM decisions ORDER BY seq").fetchall()
    previous: tuple | None = None
    legacy: list[tuple[str, str]] = []
    chained_seen = False
    for expected_seq, (id_, seq, sha, text) in enumerate(rows, start=1):
        if seq != expected_seq and (previous is None or seq != previous[1] + 1):
            gap = f"after {previous[0]}" if previous else "before it"
            problems.append(f"decision {id_}: number {seq} does not follow on: a decision {gap} was deleted")
        try:
            record = json.loads(text)
        except ValueError:
            problems.append(f"decision {id_}: the record is not readable JSON")
            previous = (id_, seq, sha)
            continue
        if "previous_sha256" not in record:
            if chained_seen:
                problems.append(
                    f"decision {id_}: has no chain link although earlier decisions have: it was inserted "
                    "by another program"
                )
            legacy.append((id_, sha))
            previous = (id_, seq, sha)
            continue
        chained_seen = True
        named = record.get("previous_sha256")
        if previous is None:
            if named is not None:
                problems.append(
                    f"decision {id_}: its record names a previous decision ({str(named)[:SHORT_HASH]}…) "
                    "that is no longer in the store: decisions before it were deleted"
                )
        elif named != previous[2]:
            problems.append(
                f"decision {id_}: its record names the previous seal {str(named)[:SHORT_HASH]}…, but "
                f"{previous[0]} now has {previous[2][:SHORT_HASH]}…: {previous[0]} was rewritten or a "
                f"decision between them was deleted after {id_} was locked"
            )
        if "legacy_sha256" in record and record["legacy_sha256"] != legacy_seals_sha256(legacy):
            problems.append(
                f"decision {id_}: the decisions locked before chaining ({', '.join(i for i, _ in legacy) or 'none'}) "
                "are not those it pinned: one was rewritten or deleted"
            )
        previous = (id_, seq, sha)
    if head is not None:
        wanted = str(head).strip().lower()
        if len(wanted) < 8 or any(c not in "0123456789abcdef" for c in wanted):
            raise InputError(f"--head '{head}': expected the chain head from the minutes, 8 to 64 hex characters")
        matches = [r[0] for r in rows if r[2].startswith(wanted)]
        if not matches:
            problems.append(
                f"the chain head {wanted} from the minutes is not in this store: the decision it names was "
                "deleted or rewritten, or this is another store"
            )
    return problems


def _check_can_supersede(conn: sqlite3.Connection, decision_id: str) -> None:
    row = conn.execute("SELECT id FROM decisions WHERE id = ?", (decision_id,)).fetchone()
    if row is None:
        raise InputError(f"cannot supersede '{decision_id}': no such decision ({_known_ids_hint(conn)})")
    later = conn.execute("SELECT id FROM decisions WHERE supersedes = ?", (decision_id,)).fetchone()
    if later is not None:
        raise InputError(
            f"cannot supersede {decision_id}: it was already superseded by {later[0]}; supersede {_latest_in_chain(conn, later[0])} instead"
        )


def _latest_in_chain(conn: sqlite3.Connection, decision_id: str) -> str:
    current = decision_id
    while True:
        row = conn.execute("SELECT id FROM decisions WHERE supersedes = ?", (current,)).fetchone()
        if row is None:
            return current
        current = row[0]


def _known_ids_hint(conn: sqlite3.Connection) -> str:
    ids = [r[0] for r in conn.execute("SELECT id FROM decisions ORDER BY seq")]
    if not ids:
        return "the store has no decisions yet"
    if len(ids) <= 6:
        return f"expected one of {', '.join(ids)}"
    return f"expected one of {', '.join(ids[:3])} … {', '.join(ids[-2:])}"


def _file_name(source: str) -> str:
    from pathlib import Path

    return Path(str(source)).name or str(source)


def lock_from_draft(
    conn: sqlite3.Connection,
    draft_id: str,
    *,
    meeting: str,
    meeting_date: date | str,
    note: str | None = None,
    supersedes: str | None = None,
    now: datetime | None = None,
) -> Decision:
    """Lock a draft's picks (with its long list, audience, weights, method and settings)."""
    from pmf_select.record.drafts import draft_longlist, load_draft

    state = load_draft(conn, draft_id)
    longlist = draft_longlist(conn, state)
    if longlist is None:
        raise InputError(f"draft {draft_id} has no long list to lock against")
    draft_note = state.get("notes") if isinstance(state.get("notes"), str) else ""
    robustness = dict(state.get("robustness") or {})
    if robustness.get("sampling") == "members" and not robustness.get("members"):
        robustness["members"] = state.get("members") or None
    if robustness.get("sampling") == "order" and not robustness.get("order") and state.get("order"):
        robustness["order"] = _order_groups(state["order"])
    return lock_decision(
        conn,
        longlist,
        state.get("picks") or [],
        meeting=meeting,
        meeting_date=meeting_date,
        audience=state.get("audience", "scrutiny"),
        weights=state.get("weights"),
        method=state.get("method", "wsm"),
        note=note if note is not None else draft_note,
        robustness=robustness,
        constraints=state.get("constraints"),
        supersedes=supersedes,
        now=now,
    )


def _order_groups(order: object) -> object:
    """An order kept as ``{criterion: position}`` (equal positions tied) as groups, most important first."""
    if not isinstance(order, Mapping):
        return order
    groups: dict[float, list[str]] = {}
    for key, position in order.items():
        groups.setdefault(float(position), []).append(str(key))
    return [groups[p] for p in sorted(groups)]


# ---------------------------------------------------------------- reading


def get_decision(conn: sqlite3.Connection, decision_id: str, *, check: bool = True) -> Decision:
    """A decision by id. With ``check`` (the default) its seal is verified first.

    Raises :class:`InputError` for an unknown id, or a record that no longer matches
    its SHA-256 (the store was altered outside pmf-select).
    """
    decision_id = str(decision_id).strip()
    row = conn.execute("SELECT id, record, sha256 FROM decisions WHERE id = ?", (decision_id,)).fetchone()
    if row is None:
        raise InputError(f"no decision '{decision_id}' in the store: {_known_ids_hint(conn)}")
    if check and sha256_text(row[1]) != row[2]:
        raise InputError(
            f"decision {decision_id} fails its hash check: its record was altered after it was locked; "
            "the store cannot be trusted for it"
        )
    later = conn.execute("SELECT id FROM decisions WHERE supersedes = ?", (decision_id,)).fetchone()
    return Decision(row[0], row[2], json.loads(row[1]), later[0] if later else None)


def decision_longlist(conn: sqlite3.Connection, decision: Decision) -> LongList:
    """The long list the decision was made on, read back from the store and hash-checked."""
    return get_longlist(conn, decision.longlist_hash, decision.criteria_hash)


def list_decisions(conn: sqlite3.Connection, *, include_superseded: bool = True) -> pd.DataFrame:
    """Every decision, oldest first.

    Columns: ``id, locked_at, meeting, meeting_date, size, audience, method,
    supersedes, superseded_by, sha256``. ``superseded_by`` is empty for decisions in
    force.
    """
    rows = conn.execute(
        "SELECT d.id, d.locked_at, d.meeting, d.meeting_date, d.size, d.record, d.supersedes, "
        "(SELECT s.id FROM decisions s WHERE s.supersedes = d.id), d.sha256 FROM decisions d ORDER BY d.seq"
    ).fetchall()
    records = []
    for id_, locked_at, meeting, meeting_date, size, record, supersedes, superseded_by, sha in rows:
        if superseded_by and not include_superseded:
            continue
        data = json.loads(record)
        records.append(
            [
                id_,
                locked_at,
                meeting,
                meeting_date,
                int(size),
                data.get("audience", ""),
                data.get("method", ""),
                supersedes or "",
                superseded_by or "",
                sha,
            ]
        )
    frame = pd.DataFrame(records, columns=LIST_COLUMNS)
    frame["size"] = frame["size"].astype(int)
    return frame


def check_decisions(conn: sqlite3.Connection, head: str | None = None) -> list[str]:
    """Everything wrong with the store's decisions, as sentences; empty when all is sound.

    Runs SQLite's integrity and foreign-key checks, then checks every decision's seal,
    that the columns agree with the sealed record, the chain of seals
    (:func:`chain_problems`, with the minuted ``head`` if given), and every stored
    criteria set and long list against its content hash.
    """
    problems = integrity_problems(conn)
    problems.extend(chain_problems(conn, head))
    problems.extend(stored_content_problems(conn))
    for id_, seq, meeting, meeting_date, size, list_hash, supersedes, record, sha in conn.execute(
        "SELECT id, seq, meeting, meeting_date, size, longlist_hash, supersedes, record, sha256 "
        "FROM decisions ORDER BY seq"
    ):
        if sha256_text(record) != sha:
            problems.append(f"decision {id_}: the record does not match its SHA-256 (altered after locking)")
            continue
        data = json.loads(record)
        expected = {
            "id": id_,
            "seq": seq,
            "meeting": meeting,
            "meeting_date": meeting_date,
            "supersedes": supersedes,
        }
        for key, value in expected.items():
            if data.get(key) != value:
                problems.append(f"decision {id_}: column {key} ({value!r}) differs from the sealed record")
        if len(data.get("agreed", [])) != size:
            problems.append(f"decision {id_}: column size ({size}) differs from the sealed record")
        if data.get("longlist", {}).get("sha256") != list_hash:
            problems.append(f"decision {id_}: column longlist_hash differs from the sealed record")
    return problems


def stored_content_problems(conn: sqlite3.Connection) -> list[str]:
    """Stored criteria and long lists that no longer match their content hash.

    Criteria are checked by the SHA-256 of their stored text. A long list is read
    back with the criteria of a decision (or, failing that, a draft) that uses it and
    its content hash recomputed; a list nothing refers to cannot be read and is skipped.
    """
    from pmf_select.record.store import get_longlist

    problems: list[str] = []
    for hash_, definition in conn.execute("SELECT hash, definition FROM criteria_sets ORDER BY hash"):
        if sha256_text(definition) != hash_:
            problems.append(f"stored criteria {hash_[:SHORT_HASH]}…: do not match their hash (altered)")
    users: dict[str, tuple[str, str]] = {}
    for list_hash, crit_hash, id_ in conn.execute(
        "SELECT longlist_hash, criteria_hash, id FROM decisions ORDER BY seq"
    ):
        users.setdefault(list_hash, (crit_hash, f"decision {id_}"))
    for draft_id, state in conn.execute("SELECT id, state FROM drafts ORDER BY id"):
        try:
            data = json.loads(state)
        except ValueError:
            problems.append(f"draft {draft_id}: its saved state is not readable JSON")
            continue
        if isinstance(data, dict) and data.get("longlist_hash") and data.get("criteria_hash"):
            users.setdefault(str(data["longlist_hash"]), (str(data["criteria_hash"]), f"draft {draft_id}"))
    for (list_hash,) in conn.execute("SELECT hash FROM longlists ORDER BY hash"):
        if list_hash not in users:
            continue
        crit_hash, user = users[list_hash]
        try:
            get_longlist(conn, list_hash, crit_hash)
        except InputError as exc:
            problems.append(f"stored long list {list_hash[:SHORT_HASH]}… (used by {user}): {exc}")
    return problems
