"""The workshop's heartbeat in a real browser: slider key press -> script finished.

Drives Debian's Chromium (``/usr/bin/chromium``; never Playwright's own browser
download) with Playwright against ``streamlit run serve.py`` (what ``make run`` starts).
Every time is taken **in the page**, on the page's own clock (:data:`PAGE_CLOCK`, a
script Playwright adds to every page before Streamlit's): not when Playwright, two
processes away, gets to hear of it.

- **rerun**: focus a weight slider on the Weigh page (react-aria's
  ``input[type=range]``), press ArrowRight, and time from the ``keydown`` event in the
  page to the page receiving the run's ``script_finished`` message (on which it sets
  ``data-test-script-state`` back to ``notRunning``). Median and fastest of ``RUNS``
  presses, each to a weight vector not seen before (nothing served from a cache: each
  page has its own server, since the pages press the same sliders from the same
  weights), on the shipped list and on a 200-candidate synthetic list, in officer mode
  and in presentation mode (``?present=1``). Beside each, the work a move costs, which
  the machine's noise moves less than the time: the page's main-thread task time in
  the browser and the server process's CPU time, from the key press until the page is
  quiet. The same presses on a trivial page (benchmarks/trivial_app.py) are interleaved
  with them, run for run, and each figure is also given as a ratio to it: that cancels
  most of the machine's noise. The trivial page is served with the project's settings
  (``.streamlit/config.toml``), as the app is; since issue 18 these turn off
  Streamlit's full garbage collection after every run, which makes the trivial page
  faster too (its figure with Streamlit's default is printed for information, beside
  it, and is not the baseline). The same presses timed on this process's clock (from
  just before Playwright is asked to press to Playwright reporting the message), as
  this benchmark timed them until 30 November 2026, are printed for information: that
  adds Playwright's round trips (2-5 ms) to both pages, which mostly flatters the
  ratios (the trivial page's whole time is 12-21 ms).
- **first Weigh**: from the server answering ``/_stcore/health`` to the Weigh page
  showing its first run finished, a weight slider and the ranking's first bar and
  first table row, painted (the next frame after the page's DOM first has all four),
  in a fresh browser context (nothing cached in the browser) on a fresh server. The
  median of ``FIRST_RUNS`` fresh servers per list. ``serve.py`` loads the tools and
  warms the caches before the server answers (pmf_select/ui/warmup.py); the seconds
  that takes are printed too, and so is the part of each figure the browser spends
  opening the new tab, before the page's first request. (Until 30 November 2026 this
  waited with Playwright's ``wait_for_selector``, which re-checks the page at growing
  intervals, up to every 500 ms: it reported the page 0.2-0.5 s after it was drawn.)

The draft autosave (each slider change writes the draft to SQLite) is part of every
rerun; its cost is printed separately from the server's own log of one rerun
(``PMF_SELECT_PROFILE``-free: measured by timing ``save_draft`` in-process).

Targets (issue 18): rerun <= 300 ms median and <= 3x the trivial page; first Weigh
<= 2 s. Run: ``python benchmarks/bench_browser.py`` (about 4-6 minutes).
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import ROOT, load_note, synthetic_longlist
from benchmarks.report import Figure, print_figures

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
RUNS = int(os.environ.get("BENCH_BROWSER_RUNS", "20"))
SLIDERS = '[data-testid="stSlider"] input[type="range"]'  # react-aria's (visually hidden) range input
FIRST_RUNS = int(os.environ.get("BENCH_FIRST_RUNS", "5"))
SETTLE_S = 0.25  # after a rerun, let the browser draw before the next press

PAGE_CLOCK = r"""
(() => {
  // keydown events' times, on the page's clock (performance.now)
  window.__pmfKeys = [];
  window.addEventListener("keydown", (event) => window.__pmfKeys.push(event.timeStamp), true);
  // every websocket message's arrival in the page: [time, size], in order
  window.__pmfMessages = [];
  const Socket = window.WebSocket;
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) =>
        window.__pmfMessages.push([performance.now(), event.data.byteLength ?? event.data.size ?? event.data.length]));
    }
  };
  // the Weigh page ready: run finished, a slider, the ranking's first bar and first row shown
  const shown = (selector) => { const node = document.querySelector(selector); return !!node && node.checkVisibility(); };
  const ready = () =>
    !!document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]') &&
    shown('[data-testid="stSlider"]') && shown(".pmf-view .pmf-row") && shown(".pmf-view .pmf-table tbody td");
  const observer = new MutationObserver(() => {
    if (window.__pmfReady || !ready()) return;
    observer.disconnect();
    window.__pmfReady = { dom: performance.now() };
    // painted: the frame after the DOM was complete (a message posted from the frame's callback)
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { window.__pmfReady.painted = performance.now(); };
      channel.port2.postMessage(null);
    });
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
})();
"""
"""Added to every page before Streamlit's scripts: the page's own record of key presses,
websocket messages and (on the Weigh page) when it was first ready. Read by
:class:`Contender` and :func:`first_weigh`."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``streamlit run SCRIPT`` on a free port, with its own store; healthy on return."""

    def __init__(self, script: Path, env: dict[str, str], log: Path, options: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.started_at = time.perf_counter()
        with open(log, "wb") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable, "-m", "streamlit", "run", str(script),
                    "--server.port", str(self.port), "--server.address", "127.0.0.1",
                    "--server.headless", "true", "--browser.gatherUsageStats", "false",
                    "--server.fileWatcherType", "none", "--global.developmentMode", "false", *options,
                ],
                cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.time() + 90
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited:\n{log.read_text()}")
            try:
                if urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1).read() == b"ok":
                    self.healthy_at = time.perf_counter()
                    self.healthy_epoch = time.time()  # the page's clock is on the epoch
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"server not healthy:\n{log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def wait_idle(page, timeout_ms: int = 120_000) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)


def wait_quiet(page, quiet_s: float = SETTLE_S) -> None:
    """Until the script has stayed finished for ``quiet_s`` (a run may follow a run)."""
    while True:
        wait_idle(page)
        time.sleep(quiet_s)
        if page.get_attribute('[data-testid="stApp"]', "data-test-script-state") == "notRunning":
            return


class Contender:
    """One open page whose weight sliders are pressed, run by run.

    A press is timed in the page (:data:`PAGE_CLOCK`): from its ``keydown`` event to the
    page receiving the ``script_finished`` message of the run the press started. (Watching
    ``data-test-script-state`` misses fast runs: React can apply "running" and "finished"
    in one render, so the attribute never changes.) Which message that is, this process
    finds out from Playwright's copy of the websocket's frames, decoded: the page's record
    and Playwright's list the same messages in the same order, which :meth:`press` checks
    by their sizes. Only a run that drew an element counts: the page's stale-draft check
    reruns a small fragment every 4 s that draws nothing, and its ``script_finished``
    arriving just after a press is not that press's (it once gave a 2 ms "fastest").
    The same press on this process's clock is kept in :attr:`harness_times`.
    """

    def __init__(self, name: str, browser, url: str, sliders: str, server: Server | None = None) -> None:
        self.name = name
        self.server = server
        self.context = browser.new_context(viewport={"width": 1280, "height": 720})
        self.context.add_init_script(PAGE_CLOCK)
        self.page = self.context.new_page()
        self.sizes: list[int] = []  # every websocket message's size, in order
        self.finished: list[tuple[float, int]] = []  # (this process's clock, index in sizes)
        self.drawn = True
        self.page.on("websocket", lambda ws: ws.on("framereceived", self._frame))
        self.page.goto(url)
        self.page.wait_for_selector(sliders, state="attached", timeout=120_000)
        wait_quiet(self.page)
        self.sliders = sliders
        self.index = 0
        self.times: list[float] = []  # in the page (the figure)
        self.harness_times: list[float] = []  # on this process's clock (information)
        # the work each move costs, which the machine's noise moves less than the time:
        # the page's main-thread task time (Chrome's Performance.getMetrics) and the
        # server process's CPU time, both from the key press until the page is quiet again
        self.cdp = self.context.new_cdp_session(self.page)
        self.cdp.send("Performance.enable")
        self.browser_ms: list[float] = []
        self.server_ms: list[float] = []

    def _frame(self, payload) -> None:
        self.sizes.append(len(payload))
        if isinstance(payload, str):
            return
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        message = ForwardMsg()
        try:
            message.ParseFromString(bytes(payload))
        except Exception:
            return
        kind = message.WhichOneof("type")
        if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            self.drawn = True
        elif kind == "script_finished" and self.drawn:
            self.finished.append((time.perf_counter(), len(self.sizes) - 1))

    def _slider(self):
        handles = self.page.locator(self.sliders)
        count = handles.count()
        for _ in range(count):
            slider = handles.nth(self.index % count)
            now, top = slider.input_value(), slider.get_attribute("max")
            if float(now) < float(top):
                return slider
            self.index += 1  # this one is at its maximum: the next slider
        raise RuntimeError(f"{self.name}: every slider is at its maximum")

    def press(self, record: bool = True) -> None:
        self.page.bring_to_front()  # a background tab's timers are throttled
        slider = self._slider()
        slider.focus()
        seen = len(self.finished)
        keys = self.page.evaluate("window.__pmfKeys.length")
        self.drawn = False  # the next finished run that drew something is this press's
        tasks = self._task_seconds()
        cpu = process_cpu(self.server.process.pid) if self.server is not None else 0.0
        start = time.perf_counter()
        self.page.keyboard.press("ArrowRight")
        deadline = start + 60
        while len(self.finished) <= seen:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{self.name}: no script_finished within 60 s of the key press")
            self.page.wait_for_timeout(2)  # lets Playwright deliver the frames
        harness = (self.finished[seen][0] - start) * 1000
        wait_quiet(self.page)
        elapsed = self._in_page(keys, self.finished[seen][1])
        if record:
            self.times.append(elapsed)
            self.harness_times.append(harness)
            self.browser_ms.append((self._task_seconds() - tasks) * 1000)
            if self.server is not None:
                self.server_ms.append((process_cpu(self.server.process.pid) - cpu) * 1000)
        if os.environ.get("BENCH_VERBOSE"):
            print(f"  {self.name}: {elapsed:.0f} ms in the page, {harness:.0f} ms here", flush=True)

    def _in_page(self, keys: int, frame: int) -> float:
        """Milliseconds on the page's clock from the press's ``keydown`` to the page
        receiving message number ``frame`` (as Playwright listed them)."""
        pressed, received = self.page.evaluate(
            "([k, f]) => [window.__pmfKeys[k], window.__pmfMessages[f]]", [keys, frame]
        )
        if pressed is None or received is None or received[1] != self.sizes[frame]:
            raise RuntimeError(
                f"{self.name}: the page's record of its messages is out of step with Playwright's "
                f"(message {frame}: {received} in the page, {self.sizes[frame]} bytes here)"
            )
        return received[0] - pressed

    def _task_seconds(self) -> float:
        metrics = self.cdp.send("Performance.getMetrics")["metrics"]
        return next(m["value"] for m in metrics if m["name"] == "TaskDuration")

    def work(self) -> str:
        """The work per move, for the report: the browser's median, the server's mean."""
        text = f"browser main thread {statistics.median(self.browser_ms):.0f} ms"
        if self.server_ms:
            text += f", server CPU {statistics.mean(self.server_ms):.0f} ms (mean)"
        return text

    def close(self) -> None:
        self.context.close()


def process_cpu(pid: int) -> float:
    """Seconds of CPU a process has used, its finished threads included (``/proc/PID/stat``
    user plus system time; Streamlit runs each script run on a new thread, whose time
    per-thread counters lose when it ends). In clock ticks, 10 ms here: report a mean
    over many moves, not a median. 0 where it cannot be read."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def first_weigh(browser, env: dict[str, str], log: Path) -> tuple[float, float, float]:
    """Seconds from a fresh server's health to its Weigh page first shown ready (run
    finished, a slider and the ranking drawn, painted: :data:`PAGE_CLOCK`), the part
    of them before the page's navigation began (the browser opening the tab), and the
    server's seconds from start to health (loading and warming)."""
    server = Server(ROOT / "serve.py", env, log)
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        context.add_init_script(PAGE_CLOCK)
        page = context.new_page()
        page.goto(f"{server.url}/weigh")
        page.wait_for_function("window.__pmfReady && window.__pmfReady.painted !== undefined", timeout=120_000)
        origin, painted = page.evaluate("[performance.timeOrigin, window.__pmfReady.painted]")
        context.close()
        ready = (origin + painted) / 1000 - server.healthy_epoch
        return ready, origin / 1000 - server.healthy_epoch, server.healthy_at - server.started_at
    finally:
        server.stop()


def main() -> list[Figure]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        print(f"chromium not found at {CHROMIUM}: skipped")
        return []
    folder = Path(tempfile.mkdtemp(prefix="bench-browser-"))
    synthetic = folder / "synthetic200.csv"
    from pmf_select.record import save_longlist

    save_longlist(synthetic_longlist(200, 11), synthetic)
    lists = {"shipped": str(ROOT / "candidates" / "longlist.csv"), "200 candidates": str(synthetic)}
    print(f"{load_note()}; {RUNS} presses per page, interleaved with the trivial page")
    figures: list[Figure] = []
    servers: list[Server] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--disable-dev-shm-usage",
                "--disable-background-timer-throttling",
                "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows",
            ],
        )
        try:
            firsts: dict[str, list[tuple[float, float, float]]] = {label: [] for label in lists}
            for run in range(FIRST_RUNS):  # the lists in turn, run for run
                for label, path in lists.items():
                    db = folder / f"first-{label}-{run}.db"
                    env = {"PMF_SELECT_LONGLIST": path, "PMF_SELECT_DB": str(db)}
                    firsts[label].append(first_weigh(browser, env, folder / f"first-{run}.log"))
            for label, runs in firsts.items():
                ready = [r[0] for r in runs]
                print(
                    f"first Weigh page, {label}: median {statistics.median(ready):.2f} s after the server was "
                    f"healthy, fastest {min(ready):.2f} s, over {len(ready)} fresh servers "
                    f"({', '.join(f'{r:.2f}' for r in ready)}); of which the browser opening the tab: median "
                    f"{statistics.median(r[1] for r in runs):.2f} s; start to healthy, loading and warming: "
                    f"median {statistics.median(r[2] for r in runs):.2f} s"
                )
            trivial_server = Server(ROOT / "benchmarks" / "trivial_app.py", {}, folder / "trivial.log")
            servers.append(trivial_server)
            contenders = []
            # one server for each page measured: the pages press the same sliders from the
            # same opening weights, so on a shared server every page after the first would
            # find each new weighting's ranking and robustness already in the cache
            for label, path in lists.items():
                for mode, query in (("officer", ""), ("presentation", "?present=1")):
                    env = {"PMF_SELECT_LONGLIST": path, "PMF_SELECT_DB": str(folder / f"bench-{len(servers)}.db")}
                    server = Server(ROOT / "serve.py", env, folder / f"app-{len(servers)}.log")
                    servers.append(server)
                    contenders.append(
                        Contender(f"{label}, {mode}", browser, f"{server.url}/weigh{query}", SLIDERS, server)
                    )
            trivial = Contender("trivial page", browser, trivial_server.url, SLIDERS, trivial_server)
            # the same page with Streamlit's default post-run garbage collection, which the
            # project's settings turn off for every page served from here, this one included
            gc_server = Server(
                ROOT / "benchmarks" / "trivial_app.py", {}, folder / "trivial-gc.log", ("--runner.postScriptGC", "true")
            )
            servers.append(gc_server)
            trivial_gc = Contender("trivial page, Streamlit's default GC", browser, gc_server.url, SLIDERS)
            for c in [*contenders, trivial, trivial_gc]:  # warm up: imports, first chart, caches
                for _ in range(2):
                    c.press(record=False)
            for _ in range(RUNS):  # interleaved, run for run
                for c in contenders:
                    c.press()
                    trivial.press()
                trivial_gc.press()
            base = statistics.median(trivial.times)
            print(
                f"trivial page: median {base:.1f} ms, fastest {min(trivial.times):.1f} ms in the page "
                f"({statistics.median(trivial.harness_times):.1f} ms on this process's clock); "
                f"work per move: {trivial.work()}"
            )
            with_gc = statistics.median(trivial_gc.times)
            print(
                f"trivial page with Streamlit's default post-run GC (not the baseline): median {with_gc:.1f} ms, "
                f"fastest {min(trivial_gc.times):.1f} ms"
            )
            figures.append(Figure("browser rerun, trivial page (the baseline)", base, None, "ms"))
            figures.append(
                Figure("browser rerun, trivial page with Streamlit's default GC (info)", with_gc, None, "ms")
            )
            harness_base = statistics.median(trivial.harness_times)
            for c in contenders:
                median = statistics.median(c.times)
                ratio = median / base
                harness = statistics.median(c.harness_times)
                print(
                    f"{c.name:>34}: median {median:5.1f} ms, fastest {min(c.times):5.1f} ms in the page, "
                    f"{ratio:.2f}x the trivial page (on this process's clock: {harness:.1f} ms, "
                    f"{harness / harness_base:.2f}x); work per move: {c.work()}"
                )
                figures.append(Figure(f"browser rerun, {c.name} (median)", median, 300, "ms"))
                figures.append(Figure(f"browser rerun, {c.name} / trivial page", ratio, 3, "x"))
            for label, runs in firsts.items():
                figures.append(
                    Figure(f"first Weigh page, {label} (median)", statistics.median(r[0] for r in runs), 2, "s")
                )
            for c in [*contenders, trivial, trivial_gc]:
                c.close()
        finally:
            browser.close()
            for server in servers:
                server.stop()
    figures.append(autosave_cost(folder))
    shutil.rmtree(folder, ignore_errors=True)
    return figures


def autosave_cost(folder: Path) -> Figure:
    """The draft autosave that every slider change does (issue 14 owns it): one
    ``save_draft_versioned`` of a workshop draft through the store connection the app
    keeps open (``shared_session``), median of 21, in this process. The old way (open
    the store, save, close it, which checkpoints the WAL) is printed beside it."""
    from benchmarks.common import timed
    from pmf_select.longlist import load_longlist
    from pmf_select.record import new_draft_id, save_draft
    from pmf_select.record import session as store_session
    from pmf_select.record.drafts import save_draft_versioned
    from pmf_select.record.store import shared_session
    from pmf_select.ui.session import default_draft

    longlist = load_longlist(ROOT / "candidates" / "longlist.csv")
    draft = default_draft(longlist)
    draft_id = new_draft_id()
    path = folder / "autosave.db"
    with store_session(path) as conn:
        _, version = save_draft_versioned(conn, draft_id, draft, None, longlist)
    state = {"version": version}

    def kept_open() -> None:
        draft["weights"]["relevance"] = draft["weights"].get("relevance", 0) + 1
        with shared_session(path) as conn:
            _, state["version"] = save_draft_versioned(conn, draft_id, draft, state["version"])

    def open_and_close() -> None:
        draft["weights"]["relevance"] = draft["weights"].get("relevance", 0) + 1
        with store_session(path) as conn:
            save_draft(conn, draft_id, draft)
        state["version"] += 1

    timing = timed(kept_open, 21, warm_up=True)
    old = timed(open_and_close, 21, warm_up=True)
    print(
        f"draft autosave (kept-open store connection): median {timing.median_ms:.1f} ms, fastest "
        f"{timing.fastest_ms:.1f} ms; opening and closing the store each time: median {old.median_ms:.1f} ms"
    )
    return Figure("draft autosave per slider change (not a target; issue 14)", timing.median_ms, None, "ms")


if __name__ == "__main__":
    print_figures(main())
