"""Load test over Streamlit's own websocket protocol: N sessions press one button at the same moment.

    python -m bench load                                   # starts app.py and bench/trivial_app.py itself
    BENCH_LOAD_URL=http://127.0.0.1:8080 python -m bench load   # an app that is already running
    python -m bench.load --url http://127.0.0.1:8080 --pids 123,456   # same, with the servers' PIDs for CPU/RSS

Each session does what a browser tab does: GET /_stcore/health (Streamlit sets the XSRF cookie there,
and a load balancer its affinity cookie), open /_stcore/stream with those cookies, the page's Origin
and the subprotocols ["streamlit", <XSRF token>], send BackMsg.rerun_script with the page's query
string, and read every ForwardMsg: the page hash (new_session), the query string the script writes
back (page_info_changed), the button's widget id (the delta that renders it), exceptions, and
script_finished. Then all N sessions send the button's trigger within a millisecond and each waits
for its script_finished. Two things a browser also does are left out: it reports the ids of messages
it has cached (so the server may send references instead) and the values of every widget it holds.

Server CPU is utime + stime from /proc/<pid>/stat around the presses, divided by N (best of
``ROUNDS`` presses). Memory per idle session is the growth of the server's RSS when N sessions open
and sit idle, divided by N. A warm-up session (opened, pressed, closed) goes first, so imports and
shared caches are not charged to the N sessions. Loopback only; the servers it starts are stopped
by their PIDs.
"""

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from bench import Row

ROOT = Path(__file__).resolve().parents[1]
SESSIONS = 30  # browser tabs, all pressing at once
ROUNDS = 2  # presses per session; the round with the least server CPU counts
IDLE_S = 3.0  # how long the opened sessions sit idle before RSS is read
TIMEOUT_S = 120.0  # for any one phase (opening, one round of presses)
WARM_TRIES, WARM_CPU_S = 12, 1.0  # warm-up sessions at most; CPU seconds a first run costs at least
RATIO_GOAL = 1.5  # app Train CPU / trivial click CPU
MEMORY_GOAL_MB = 2.0  # per idle session
TRAINED = "**Epoch 100 / 100**"  # the app's counter after a Train on the default 100 epochs
LOOPBACK = ("127.0.0.1", "localhost", "::1")
SUCCESS = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}  # a page or a fragment
FINAL = {*SUCCESS, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}
SIDEBAR = 1  # the first index of a delta's path into the sidebar (0 is the main area)


# ---- one browser tab -------------------------------------------------------------------------------
def browser_cookies(base):
    """The cookies a browser holds after its first request: Streamlit's XSRF cookie, a balancer's affinity cookie."""
    cookies = {}
    for path in ("/_stcore/health", "/_stcore/host-config"):  # what the frontend fetches before it connects
        header = "; ".join(f"{k}={v}" for k, v in cookies.items())
        req = urllib.request.Request(base + path, headers={"Cookie": header} if header else {})
        with urllib.request.urlopen(req, timeout=30) as r:
            r.read()
            jar = SimpleCookie()
            for line in r.headers.get_all("Set-Cookie") or []:
                jar.load(line)
            cookies.update({k: m.value for k, m in jar.items()})
    return cookies


class Session:
    """One browser tab on ``base``: reruns the page, presses buttons, keeps what the server sent."""

    def __init__(self, base, query=""):
        self.base, self.query = base.rstrip("/"), query
        self.page_hash = ""  # the frontend sends back the page the server says it is on
        self.buttons = {}  # label -> widget id, from the latest run
        self.fragments = {}  # widget id -> the fragment it is drawn in: pressing it reruns only that
        self.texts = []  # markdown bodies of the latest run
        self.sidebar_deltas = 0  # elements the latest run sent to the sidebar
        self.finished = None  # the latest run's script_finished status
        self.errors = []  # exceptions and failed runs, all runs
        self.done = None  # future: perf_counter() of the current run's script_finished
        self.ws = self.reader = None

    async def open(self):
        """Connect as the frontend does and run the page once; returns the run's seconds."""
        cookies = await asyncio.to_thread(browser_cookies, self.base)
        token = cookies.get("_streamlit_xsrf")
        self.ws = await connect(
            "ws" + self.base.removeprefix("http") + "/_stcore/stream",
            origin=self.base,
            subprotocols=["streamlit", token] if token else ["streamlit"],
            additional_headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
            max_size=None,
            ping_interval=None,  # browsers answer the server's pings but send none
            open_timeout=TIMEOUT_S,
        )
        self.reader = asyncio.create_task(self._read())
        return await self.run()

    def rerun_msg(self, trigger=None):
        """BackMsg.rerun_script as the frontend builds it, with ``trigger`` (a widget id) pressed."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string, state.page_script_hash = self.query, self.page_hash
        info = state.context_info
        info.timezone, info.timezone_offset, info.locale = "UTC", 0, "en-US"
        info.url = f"{self.base}/?{self.query}" if self.query else f"{self.base}/"
        if trigger:
            widget = state.widget_states.widgets.add()
            widget.id, widget.trigger_value = trigger, True
            state.fragment_id = self.fragments.get(trigger, "")  # as the frontend does
        return msg.SerializeToString()

    async def send(self, data):
        """Send a rerun; the returned future resolves to the perf_counter() of its script_finished."""
        self.done = asyncio.get_running_loop().create_future()
        await self.ws.send(data)
        return self.done

    async def run(self, trigger=None):
        t0 = time.perf_counter()
        done = await self.send(self.rerun_msg(trigger))
        return await asyncio.wait_for(done, TIMEOUT_S) - t0

    async def _read(self):
        try:
            async for data in self.ws:
                self._handle(ForwardMsg.FromString(data))
            reason = f"websocket closed: {self.ws.close_code} {self.ws.close_reason}"
        except Exception as e:  # a broken connection is an error of this session, not of the test
            reason = f"websocket failed: {e!r}"
        if self.done is not None and not self.done.done():
            self.done.set_exception(ConnectionError(reason))

    def _handle(self, msg):
        kind = msg.WhichOneof("type")
        if kind == "new_session":  # every run starts with one
            self.page_hash, self.buttons, self.texts = msg.new_session.page_script_hash, {}, []
            self.sidebar_deltas = 0
        elif kind == "navigation":
            self.page_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":  # st.query_params changed the URL
            self.query = msg.page_info_changed.query_string
        elif kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
            self.errors.append(f"compile error: {msg.session_event.script_compilation_exception.message}")
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self.sidebar_deltas += msg.metadata.delta_path[:1] == [SIDEBAR]
            el = msg.delta.new_element
            what = el.WhichOneof("type")
            if what == "button":
                self.buttons[el.button.label] = el.button.id
                self.fragments[el.button.id] = msg.delta.fragment_id
            elif what == "markdown":
                self.texts.append(el.markdown.body)
            elif what == "exception":
                self.errors.append(f"{el.exception.type}: {el.exception.message}")
        elif kind == "script_finished" and msg.script_finished in FINAL:
            self.finished = msg.script_finished
            if msg.script_finished not in SUCCESS:
                self.errors.append(f"script finished with status {msg.script_finished}")
            if self.done is not None and not self.done.done():
                self.done.set_result(time.perf_counter())

    async def close(self):
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            await self.reader


# ---- the server process ------------------------------------------------------------------------------
def cpu_seconds(pids):
    """utime + stime of the processes, in seconds."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        total += int(fields[11]) + int(fields[12])  # fields 14 and 15 of proc(5), counted after the name
    return total / os.sysconf("SC_CLK_TCK")


def rss_mb(pids):
    """Resident memory of the processes, in MB."""
    pages = sum(int(Path(f"/proc/{pid}/statm").read_text().split()[1]) for pid in pids)
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def load_average():
    return os.getloadavg()[0]


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``streamlit run script`` on a free loopback port, stopped (by its PID) on exit.

    ``flags`` are extra command-line options, e.g. ["--runner.postScriptGC", "false"]."""

    def __init__(self, script, flags=()):
        self.script, self.port = script, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="bench-load-", suffix=".log", delete=False)
        cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(self.port)]
        cmd += ["--server.address", "127.0.0.1", "--server.headless", "true", *flags]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_healthy(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        tail = Path(self.log.name).read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{self.script} did not become healthy at {self.url} (exit {self.proc.poll()}):\n{tail}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        os.unlink(self.log.name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


# ---- the measurement -----------------------------------------------------------------------------------
def percentile(values, q):
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    s = sorted(values)
    return s[max(0, min(len(s) - 1, round(q / 100 * len(s) + 0.5) - 1))]


async def press_all(sessions, label, expect):
    """Every session presses ``label`` within a millisecond; (latencies in s, errors).

    A press counts only if the run it starts renders a markdown containing ``expect``."""
    ready = [s for s in sessions if label in s.buttons]
    errors = [f"no {label!r} button on the page" for s in sessions if label not in s.buttons]
    messages = [s.rerun_msg(s.buttons[label]) for s in ready]
    starts, futures = [], []
    for s, data in zip(ready, messages):
        starts.append(time.perf_counter())
        futures.append(await s.send(data))
    results = await asyncio.gather(*(asyncio.wait_for(f, TIMEOUT_S) for f in futures), return_exceptions=True)
    latencies = []
    for t0, r in zip(starts, results):
        if isinstance(r, BaseException):
            errors.append(f"no script_finished: {r!r}")
        else:
            latencies.append(r - t0)
    for s in ready:
        if not any(expect in t for t in s.texts):
            errors.append(f"the press did not render {expect!r}; it rendered {[t[:60] for t in s.texts[:3]]}")
    return latencies, errors


async def warm_up(base, label, pids):
    """Open, press and close sessions until every server has imported, run the page and filled its shared caches.

    Behind a balancer each session lands on a random replica, so this goes on until every process in
    ``pids`` has spent the CPU of a first run (at most ``WARM_TRIES`` sessions)."""
    start = [cpu_seconds([p]) for p in pids]
    for _ in range(WARM_TRIES if len(pids) > 1 else 1):
        warm = Session(base)
        await warm.open()
        await warm.run(warm.buttons.get(label))
        await warm.close()
        if all(cpu_seconds([p]) - c0 >= WARM_CPU_S for p, c0 in zip(pids, start)):
            break


async def measure(base, label, expect, n=SESSIONS, pids=(), queries=None, rounds=ROUNDS):
    """Open ``n`` sessions on ``base`` (query strings ``queries``), let them idle, then press ``label`` in all at once.

    Returns a dict: p50/p95 latency (ms), errors, server CPU per press (ms), RSS growth per session (MB)."""
    queries = queries or [""] * n
    await warm_up(base, label, pids)
    await asyncio.sleep(1.0)
    rss0 = rss_mb(pids) if pids else None
    sessions = [Session(base, q) for q in queries]
    opened = await asyncio.wait_for(asyncio.gather(*(s.open() for s in sessions), return_exceptions=True), TIMEOUT_S)
    errors = [f"open failed: {r!r}" for r in opened if isinstance(r, BaseException)]
    sessions = [s for s, r in zip(sessions, opened) if not isinstance(r, BaseException)]
    await asyncio.sleep(IDLE_S)
    rss1 = rss_mb(pids) if pids else None
    best = None
    try:
        for _ in range(rounds):
            each0 = [cpu_seconds([p]) for p in pids]
            latencies, press_errors = await press_all(sessions, label, expect)
            each = [cpu_seconds([p]) - c0 for p, c0 in zip(pids, each0)]
            cpu = sum(each) / max(1, len(sessions)) if pids else None
            if len(pids) > 1:
                print(
                    f"  server CPU of the presses by process: {', '.join(f'{c:.2f} s' for c in each)}", file=sys.stderr
                )
            errors += press_errors
            if best is None or (cpu is not None and cpu < best[0]):
                best = (cpu, latencies)
            await asyncio.sleep(0.5)
        rss2 = rss_mb(pids) if pids else None
    finally:
        await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)
    errors += [e for s in sessions for e in s.errors]
    cpu, latencies = best
    return {
        "p50_ms": 1e3 * statistics.median(latencies) if latencies else float("nan"),
        "p95_ms": 1e3 * percentile(latencies, 95) if latencies else float("nan"),
        "errors": errors,
        "cpu_ms": None if cpu is None else 1e3 * cpu,
        "base_mb": rss0,
        "idle_mb": None if rss0 is None else (rss1 - rss0) / n,
        "trained_mb": None if rss0 is None else (rss2 - rss0) / n,
        "load": load_average(),
    }


def rows_of(name, what, m):
    """Table rows of one ``measure`` result."""
    load = f"load {m['load']:.1f}"
    out = [
        Row("load", f"{what}: p50 latency ({load})", m["p50_ms"], unit="ms"),
        Row("load", f"{what}: p95 latency ({load})", m["p95_ms"], unit="ms"),
        Row("load", f"{what}: errors (exceptions, missing finishes)", len(m["errors"]), unit="", goal=0),
    ]
    if m["cpu_ms"] is not None:
        out.append(Row("load", f"{what}: server CPU per press ({load})", m["cpu_ms"], unit="ms"))
    for e in m["errors"][:5]:
        print(f"  {name}: {e}", file=sys.stderr)
    return out


def check_loopback(url):
    host = urlsplit(url).hostname
    if host not in LOOPBACK:
        raise SystemExit(f"bench.load only talks to loopback; got host {host!r} in {url!r}. Use 127.0.0.1.")


def rows(url=None, pids=None, n=SESSIONS, flags=None):
    """Both servers started here (default), or the app at ``url`` / $BENCH_LOAD_URL (PIDs from $BENCH_LOAD_PIDS).

    ``flags`` (or $BENCH_LOAD_FLAGS, split on spaces) are extra options for both servers started here."""
    url = url or os.environ.get("BENCH_LOAD_URL")
    flags = os.environ.get("BENCH_LOAD_FLAGS", "").split() if flags is None else flags
    if pids is None and os.environ.get("BENCH_LOAD_PIDS"):
        pids = [int(p) for p in os.environ["BENCH_LOAD_PIDS"].split(",")]
    print(f"  load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=sys.stderr)
    if url:
        check_loopback(url)
        m = asyncio.run(measure(url.rstrip("/"), "Train", TRAINED, n, pids or ()))
        out = rows_of("app", f"Train via {url}, {n} sessions", m)
        if m["idle_mb"] is not None:
            out.append(Row("load", f"memory per idle session, {len(pids)} processes", m["idle_mb"], unit="MB"))
            out.append(
                Row("load", f"memory per session after a Train, {len(pids)} processes", m["trained_mb"], unit="MB")
            )
            out.append(Row("load", f"RSS of the {len(pids)} processes, warmed up", m["base_mb"], unit="MB"))
        return out
    # the platform's floor: a one-button page on Streamlit's own defaults (the 55-63 ms per click)
    stock = [*flags, "--runner.postScriptGC", "true", "--server.fileWatcherType", "auto"]
    with Server(ROOT / "bench" / "trivial_app.py", stock) as floor:
        floor.wait_healthy()
        f = asyncio.run(measure(floor.url, "Click", "clicked", n, [floor.proc.pid]))
    with Server(ROOT / "bench" / "trivial_app.py", flags) as trivial, Server(ROOT / "app.py", flags) as app:
        trivial.wait_healthy()
        app.wait_healthy()
        t = asyncio.run(measure(trivial.url, "Click", "clicked", n, [trivial.proc.pid]))
        a = asyncio.run(measure(app.url, "Train", TRAINED, n, [app.proc.pid]))
        own = [f"seed={i + 1}" for i in range(n)]  # every session its own data: nothing is shared in the cache
        u = asyncio.run(measure(app.url, "Train", TRAINED, n, [app.proc.pid], queries=own, rounds=1))
    out = rows_of("trivial", f"trivial click, {n} sessions, Streamlit defaults", f)
    out += rows_of("trivial", f"trivial click, {n} sessions, this repo's config", t)
    out += rows_of("app", f"app Train, {n} sessions, default settings", a)
    out += rows_of("app", f"app Train, {n} sessions, own seed each (uncached)", u)
    out += [
        Row(
            "load",
            "app Train CPU / trivial click CPU on Streamlit defaults",
            a["cpu_ms"] / f["cpu_ms"],
            goal=RATIO_GOAL,
        ),
        Row("load", "app Train CPU / trivial click CPU, both on this repo's config", a["cpu_ms"] / t["cpu_ms"]),
        Row("load", "Trains per second one process serves (default settings)", 1e3 / a["cpu_ms"], unit="/s"),
        Row("load", "Trains per second one process serves (uncached)", 1e3 / u["cpu_ms"], unit="/s"),
        Row("load", "memory per idle session, app", a["idle_mb"], unit="MB", goal=MEMORY_GOAL_MB),
        Row("load", "memory per session after a Train, app", a["trained_mb"], unit="MB"),
        Row("load", "memory per idle session, trivial page", t["idle_mb"], unit="MB"),
        Row("load", "app server RSS, warmed up, before the sessions", a["base_mb"], unit="MB"),
    ]
    print(f"  load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=sys.stderr)
    return out


def main(argv=None):
    from bench.__main__ import table

    p = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n")[0])
    p.add_argument("--url", help="an app already running on loopback (default: start app.py and the trivial page)")
    p.add_argument("--pids", help="comma-separated PIDs of the server processes behind --url, for CPU and RSS")
    p.add_argument("--sessions", type=int, default=SESSIONS)
    p.add_argument("--flags", help='extra options for the servers started here, e.g. "--runner.postScriptGC false"')
    a = p.parse_args(argv)
    pids = [int(x) for x in a.pids.split(",")] if a.pids else None
    out = rows(a.url, pids, a.sessions, a.flags.split() if a.flags is not None else None)
    print(table(out))
    return 0 if all(r.met for r in out) else 1


if __name__ == "__main__":
    sys.exit(main())
