"""Members' round, on the projector: open a round, show the join code, watch the answers arrive.

The chair opens a round on the current draft with one click. The page shows the join
code, a QR code of the member address (segno) and the address itself, the number of
answers and the group's weights: each member as a dot, the median and the spread
(lowest to highest share) per criterion. The live part is a fragment that reruns
every 2 s, so the room sees each answer within about 2 s with no reload and the rest
of the page does not flicker. Everything comes from the store, so a projector refresh
finds the round again (it belongs to the draft in the address).

Members' answers reach the analysis through the record (``record.drafts.round_answers``
folded by ``workshop.members_of``); :func:`fold_answers` refreshes them in this
browser's copy of the draft on every run, so the ranking and robustness pages follow
the round live.
"""

from __future__ import annotations

import io
import os
import socket
from urllib.parse import quote, urlsplit

import altair as alt
import pandas as pd
import segno
import streamlit as st

from pmf_select import rounds
from pmf_select.record import ROUND_ANSWERS_KEY, round_answers
from pmf_select.record import session as store_session
from pmf_select.ui import session
from pmf_select.ui.text import md

MEMBER_URL_ENV = "PMF_SELECT_MEMBER_URL"
LIVE_SECONDS = 2

ROUND_CSS = """
<style>
.st-key-round_code p.join-code {font-family: "DejaVu Sans Mono", monospace; font-size: 2.7rem; font-weight: 700;
  letter-spacing: 0.03em; white-space: nowrap; margin: 0; line-height: 1.15; color: #0a0a0a;}
.st-key-round_code p.join-label {font-size: 1.05rem; margin: 0;}
.st-key-round_count p.count {font-size: 2.2rem; font-weight: 700; margin: 0; line-height: 1.1;}
.st-key-round_address p {font-size: 1.0rem; word-break: break-all;}
.st-key-round_qr [data-testid="stElementToolbar"] {display: none;}
/* the live part reruns every 2 s: no "Running... Stop" blinking in the corner */
[data-testid="stStatusWidget"] {visibility: hidden;}
</style>
"""


def fold_answers() -> None:
    """Refresh the members' answers in this browser's draft (called by app.py on every officer run)."""
    with store_session(session.db_path()) as conn:
        answers = round_answers(conn, session.draft_id())
    state = session.draft()
    if answers:
        state[ROUND_ANSWERS_KEY] = answers
    else:
        state.pop(ROUND_ANSWERS_KEY, None)


def member_base_url() -> tuple[str, bool]:
    """The address members' phones use, and whether they can reach it.

    ``make workshop`` passes it (``PMF_SELECT_MEMBER_URL``). Otherwise: this machine's
    address on the room's network when the app listens there, or, when it listens only
    on this machine (the safe default), the address in this browser, with a warning.
    """
    given = os.environ.get(MEMBER_URL_ENV)
    if given:
        return given.rstrip("/"), True
    address = str(st.get_option("server.address") or "")
    port = st.get_option("server.port")
    if address in ("127.0.0.1", "localhost", "::1"):
        parts = urlsplit(str(st.context.url or ""))
        origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else f"http://127.0.0.1:{port}"
        return origin, False
    return f"http://{lan_ip()}:{port}", True


def lan_ip() -> str:
    """This machine's address on its network (no packet is sent: a UDP socket only picks a route)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.254.254.254", 1))
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def member_url(code: str) -> tuple[str, bool]:
    base, reachable = member_base_url()
    return f"{base}/vote?round={quote(code)}", reachable


@st.cache_data(show_spinner=False, max_entries=32)
def qr_png(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=6, border=2, dark="#000000", light="#ffffff")
    return out.getvalue()


def render() -> None:
    st.html(ROUND_CSS)
    draft_id = session.draft_id()
    with store_session(session.db_path()) as conn:
        current = rounds.latest_round(conn, draft_id)
    if current is None or not current.is_open:
        st.title("Members' round")
        _opening(current)
        return
    head, *controls = st.columns([2.6, 2.2, 1.7, 2.5], vertical_alignment="bottom")  # one row: it all fits 720 px
    with head:
        st.title("Members' round")
    _controls(current, *controls)
    _live(current.id)


def _opening(previous: rounds.Round | None) -> None:
    st.markdown(
        "Each member weighs the criteria on their own phone or tablet. Open a round, show this "
        "screen: members scan the QR code or type the address, then answer the swing question."
    )
    if previous is not None:
        st.info(
            f"Round {previous.code} is closed. Its answers are the members' weights in the analysis "
            "until a new round is opened."
        )
    st.checkbox("Members may answer without giving a name", value=True, key="round_anonymous")
    if st.button("Open a round", key="round_open", type="primary"):
        with store_session(session.db_path()) as conn:
            rounds.open_round(
                conn, session.draft_id(), session.longlist().criteria, anonymous=st.session_state["round_anonymous"]
            )
        st.rerun()
    if previous is not None:
        _group_view(previous.id)
        _names_table(previous.id)


@st.fragment(run_every=LIVE_SECONDS)
def _live(round_id: int) -> None:
    """Code, QR, address, count and group view; reruns on its own every 2 s."""
    with store_session(session.db_path()) as conn:
        current = rounds.get_round(conn, round_id)
    if not current.is_open:  # closed from another browser: show the page as closed
        st.rerun(scope="app")
    url, reachable = member_url(current.code)
    left, right = st.columns([2, 3], gap="large")
    with left:
        with st.container(key="round_code"):
            st.markdown('<p class="join-label">Join code</p>', unsafe_allow_html=True)
            st.markdown(f'<p class="join-code">{current.code}</p>', unsafe_allow_html=True)
        with st.container(key="round_qr"):
            st.image(qr_png(url), width=200)
        with st.container(key="round_address"):
            st.markdown(f"Or open **{url}**")
        if not reachable:
            st.warning(
                "This app listens on this machine only: phones cannot reach it. Serve the room with `make workshop`."
            )
    with right:
        _group_view(round_id)
    _names_table(round_id)


def _group_view(round_id: int) -> None:
    with store_session(session.db_path()) as conn:
        current = rounds.get_round(conn, round_id)
        answers = rounds.list_answers(conn, round_id)
    with st.container(key="round_count"):
        word = "answer" if len(answers) == 1 else "answers"
        state = "so far" if current.is_open else "(round closed)"
        st.markdown(f'<p class="count">{len(answers)} {word} {state}</p>', unsafe_allow_html=True)
    if not answers:
        st.markdown("The group's weights appear here as members answer.")
        return
    dots = rounds.member_dots(current, answers)
    summary = rounds.group_summary(current, answers)
    st.altair_chart(_chart(dots, summary), theme=None, width="stretch")
    table = pd.DataFrame(
        {
            "Criterion": [md(c) for c in summary["criterion"]],
            "Median share": summary["median"].map(_percent),
            "Lowest": summary["lowest"].map(_percent),
            "Highest": summary["highest"].map(_percent),
        }
    )
    with st.container(key="round_summary"):
        st.table(table.set_index("Criterion"))


def _names_table(round_id: int) -> None:
    """Each member's shares by name: only when the chair chooses to show names."""
    with store_session(session.db_path()) as conn:
        current = rounds.get_round(conn, round_id)
        answers = rounds.list_answers(conn, round_id)
    if not (current.show_names and answers):
        return
    dots = rounds.member_dots(current, answers)
    table = dots.pivot(index="member", columns="criterion", values="share").reindex(
        index=[a.label for a in answers], columns=[c.label for c in current.criteria]
    )
    table.index = [md(label) for label in table.index]  # member names are user text; st.table reads Markdown
    table.columns = [md(c) for c in table.columns]
    table.index.name = "Member"
    with st.container(key="round_members"):
        st.markdown("**Each member's share of their weight**")
        st.table(table.map(_percent))


def _percent(value: float) -> str:
    return "–" if pd.isna(value) else f"{value:.0f}%"


def _chart(dots: pd.DataFrame, summary: pd.DataFrame) -> alt.LayerChart:
    """Each member a dot, the spread a grey bar, the median a black tick; one row per criterion.

    Dots are nudged up and down by the member's place in the round (not at random), so
    they do not sit on top of each other and do not jump when the view refreshes.
    """
    order = summary["criterion"].tolist()
    members = list(dict.fromkeys(dots["member"]))
    dots = dots.assign(nudge=[(members.index(m) % 5 - 2) * 5 for m in dots["member"]])
    y = alt.Y("criterion:N", sort=order, title=None)
    x_scale = alt.Scale(domain=[0, 100])
    spread = (
        alt.Chart(summary)
        .mark_rule(strokeWidth=14, color="#c9d3e0")
        .encode(
            y=y,
            x=alt.X(
                "lowest:Q",
                scale=x_scale,
                axis=alt.Axis(values=list(range(0, 101, 20))),
                title="Share of each member's weight (%)",
            ),
            x2="highest:Q",
        )
    )
    points = (
        alt.Chart(dots)
        .mark_circle(size=130, opacity=0.8, color="#0072B2", stroke="#ffffff", strokeWidth=1)
        .encode(
            y=y,
            yOffset=alt.YOffset("nudge:Q", scale=alt.Scale(domain=[-30, 30])),
            x=alt.X("share:Q", scale=x_scale),
            tooltip=["member:N", "criterion:N", alt.Tooltip("share:Q", format=".0f")],
        )
    )
    median = alt.Chart(summary).mark_tick(color="#000000", thickness=4, size=36).encode(y=y, x="median:Q")
    return (
        alt.layer(spread, points, median)
        .properties(height=40 * len(order))
        .configure(background="white", font="DejaVu Sans, Arial, sans-serif")
        .configure_axis(
            labelFontSize=17, titleFontSize=17, labelColor="#0a0a0a", titleColor="#0a0a0a", labelLimit=320,
            titleFontWeight="normal", gridColor="#e3e7ee",
        )
        .configure_view(stroke=None)
    )  # fmt: skip


def _controls(current: rounds.Round, one, two, three) -> None:
    with one:
        show = st.toggle("Show members' names", value=current.show_names, key="round_show_names")
        if show != current.show_names:
            with store_session(session.db_path()) as conn:
                rounds.set_show_names(conn, current.id, show)
            st.rerun()
    with two:
        if st.button("Close the round", key="round_close", type="primary"):
            with store_session(session.db_path()) as conn:
                rounds.close_round(conn, current.id)
            st.rerun()
    with three:
        use = bool(session.get(("use_members",), False))
        label = "Ranking uses members' weights" if use else "Use members' weights"
        if st.button(label, key="round_use_weights", disabled=use):
            session.set_value("use_members", True)
            st.rerun()
