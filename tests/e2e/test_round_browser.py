"""A members' round in a real browser: one projector, twelve phones, served on the room's network.

The app runs as ``make workshop`` runs it (every interface, ``PMF_SELECT_ROOM=1``). The
projector opens it on this machine (127.0.0.1: officer pages); the members open it on
the machine's network address, so the app sees another machine and gives them the
member page alone. Sliders are driven with the keyboard (Home/End and arrows), as a
phone's accessibility tools would.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest

from pmf_select import rounds
from pmf_select.longlist import load_criteria
from pmf_select.record import load_draft, open_store, workshop
from tests.e2e.conftest import CHROMIUM, ROOT, _free_port, shoot, wait_for_app

pytestmark = pytest.mark.e2e

CRITERIA = load_criteria()
KEYS = CRITERIA.keys
MEMBERS = 12
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1280, "height": 720}


def _lan_ip() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.254.254.254", 1))
            ip = probe.getsockname()[0]
        except OSError:
            return None
    return None if ip.startswith("127.") else ip


@pytest.fixture(scope="module")
def room_server(tmp_path_factory):
    """The app as ``make workshop`` serves it, with its own store."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("chromium not installed (apt-get install chromium)")
    ip = _lan_ip()
    if ip is None:
        pytest.skip("this machine has no network address besides loopback")
    port = _free_port()
    db = tmp_path_factory.mktemp("store") / "room.db"
    log = tmp_path_factory.mktemp("log") / "room.log"
    env = {
        **os.environ,
        "PMF_SELECT_DB": str(db),
        "PMF_SELECT_ROOM": "1",
        "PMF_SELECT_MEMBER_URL": f"http://{ip}:{port}",
    }
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
             "--server.address", "0.0.0.0", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", "--server.enableXsrfProtection", "true"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    local = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the app server exited:\n{log.read_text()}")
        try:
            if urllib.request.urlopen(f"{local}/_stcore/health", timeout=1).read() == b"ok":
                break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail(f"the app server did not become healthy:\n{log.read_text()}")
    yield {"local": local, "room": f"http://{ip}:{port}", "db": db, "log": log}
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def plan(i: int) -> dict[str, int]:
    """Member i's swing points: all different, multiples of 5, never all zero."""
    values = {key: 5 * ((3 * i + 7 * j + 1) % 21) for j, key in enumerate(KEYS)}
    values[KEYS[i % len(KEYS)]] = 100
    return values


def set_slider(page, key: str, value: int) -> None:
    slider = page.locator(f".st-key-member_weight_{key} input[type=range]")
    slider.focus()
    steps = value // 5
    if steps <= 10:
        slider.press("Home")
        for _ in range(steps):
            slider.press("ArrowRight")
    else:
        slider.press("End")
        for _ in range(20 - steps):
            slider.press("ArrowLeft")
    assert slider.input_value() == str(value), (key, value, slider.input_value())


def token_of(page) -> str:
    return parse_qs(urlsplit(page.url).query)["me"][0]


def count_text(projector) -> str:
    return projector.locator(".st-key-round_count").inner_text()


def test_twelve_members_answer_from_phones_and_the_room_sees_it_live(room_server, browser):
    projector_context = browser.new_context(viewport=PROJECTOR)
    projector = projector_context.new_page()
    projector.goto(room_server["local"] + "/round")
    wait_for_app(projector)
    assert projector.get_by_test_id("stSidebarNavLink").filter(has_text="Members' round").count() == 1
    projector.locator(".st-key-round_open button").click()
    projector.wait_for_selector(".st-key-round_code", timeout=30_000)
    wait_for_app(projector)
    code = re.search(r"[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}", projector.locator(".st-key-round_code").inner_text())[0]
    draft_id = parse_qs(urlsplit(projector.url).query)["draft"][0]
    address = projector.locator(".st-key-round_address").inner_text()
    assert f"{room_server['room']}/vote?round={code}" in address
    assert "0 answers" in count_text(projector)
    assert projector.get_by_test_id("stImage").count() == 1  # the QR code

    phones = browser.new_context(viewport=PHONE)
    tokens, planned, labels = [], [], []
    for i in range(MEMBERS):
        page = phones.new_page()
        typed = code.lower() if i % 3 == 0 else code  # members may type it in lower case
        page.goto(f"{room_server['room']}/vote?round={typed}")
        wait_for_app(page)
        assert page.get_by_test_id("stSidebarNav").count() == 0
        name = f"Cllr Member{i:02d}" if i % 2 == 0 else ""
        if name:
            page.locator(".st-key-member_name input").fill(name)
        values = plan(i)
        for key in KEYS:
            set_slider(page, key, values[key])
        if i == 0:
            page.locator("h1").first.scroll_into_view_if_needed()
            shoot(page, "round-member-page-390x844")
        page.locator(".st-key-member_submit button").click()
        page.wait_for_selector(".st-key-member_thanks", timeout=30_000)
        if i == 0:
            wait_for_app(page)
            page.locator(".st-key-member_thanks").scroll_into_view_if_needed()
            shoot(page, "round-member-thanks-390x844")
            # the projector follows within about 2 s, with no reload
            projector.wait_for_function(
                "document.querySelector('.st-key-round_count').innerText.includes('1 answer')", timeout=8_000
            )
        tokens.append(token_of(page))
        planned.append(values)
        labels.append(name)
        page.close()

    projector.wait_for_function(
        f"document.querySelector('.st-key-round_count').innerText.includes('{MEMBERS} answers')", timeout=8_000
    )

    # what each member set is what the store holds, once each
    conn = open_store(room_server["db"])
    round_ = rounds.find_round(conn, code)
    assert rounds.count_answers(conn, round_.id) == MEMBERS
    anonymous = 0
    for token, values, name in zip(tokens, planned, labels, strict=True):
        stored = rounds.get_answer(conn, round_.id, token)
        assert stored.weights == {k: float(v) for k, v in values.items()}
        if name:
            assert stored.label == name
        else:
            anonymous += 1
            assert stored.label == f"Member {anonymous}"

    # the group view on the projector is the median and spread of the members' shares
    wait_for_app(projector)
    rows = projector.locator(".st-key-round_summary tbody tr")
    expected = rounds.group_summary(round_, rounds.list_answers(conn, round_.id))
    assert rows.count() == len(KEYS)
    for r, row in enumerate(expected.itertuples()):
        cells = [c.strip() for c in rows.nth(r).locator("th, td").all_inner_texts()]
        assert cells == [row.criterion, f"{row.median:.0f}%", f"{row.lowest:.0f}%", f"{row.highest:.0f}%"], cells
    shoot(projector, "round-projector-12-answers-1280x720")

    # the chair may show names: the named members appear, the others stay "Member N"
    projector.locator(".st-key-round_show_names label").click()
    projector.wait_for_function(
        "(document.querySelector('.st-key-round_members table') || {}).innerText?.includes('Cllr Member00')",
        timeout=10_000,
    )
    members_table = projector.locator(".st-key-round_members").inner_text()
    assert "Cllr Member00" in members_table and "Member 1" in members_table
    projector.locator(".st-key-round_members").scroll_into_view_if_needed()
    shoot(projector, "round-projector-names-1280x720")

    # a member who refreshes keeps their answer
    again = phones.new_page()
    again.goto(f"{room_server['room']}/vote?round={code}&me={tokens[1]}")
    wait_for_app(again)
    for key in KEYS:
        assert again.locator(f".st-key-member_weight_{key} input[type=range]").input_value() == str(planned[1][key])
    assert again.locator(".st-key-member_thanks").count() == 1

    # members reach nothing but the member page, whatever address they try
    for path in ("/", "/officer", "/weigh", "/round", f"/lock?round={code}", f"/log?draft={draft_id}"):
        probe = phones.new_page()
        probe.goto(room_server["room"] + path)
        wait_for_app(probe)
        text = probe.locator("[data-testid='stMain']").inner_text()
        assert probe.get_by_test_id("stSidebarNav").count() == 0, path
        assert "Officer" not in text and "Decision log" not in text and "Cllr Member" not in text, (path, text)
        assert "Join the members' round" in text or "Weigh the criteria" in text, (path, text)
        assert probe.locator(".st-key-round_open, .st-key-round_close, .st-key-lock_button").count() == 0, path
        probe.close()

    # a thirteenth member has the page open when the chair closes the round
    late = phones.new_page()
    late.goto(f"{room_server['room']}/vote?round={code}")
    wait_for_app(late)
    projector.locator(".st-key-round_close button").click()
    wait_for_app(projector)
    projector.wait_for_function(
        "document.querySelector('.st-key-round_count').innerText.includes('round closed')", timeout=8_000
    )
    for key in KEYS:
        set_slider(late, key, 50)
    late.locator(".st-key-member_submit button").click()
    wait_for_app(late)
    assert "closed" in late.get_by_test_id("stAlertContentWarning").inner_text()
    assert late.locator(".st-key-member_thanks").count() == 0
    assert rounds.count_answers(conn, round_.id) == MEMBERS

    # the members' weights are the draft's members' weights for the analysis
    members = workshop.members_of(load_draft(conn, draft_id))
    assert len(members) == MEMBERS
    conn.close()
    shoot(projector, "round-projector-closed-1280x720")
    phones.close()
    projector_context.close()
