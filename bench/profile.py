"""Where a Train's server CPU goes under load: py-spy samples the app server while N sessions press Train.

    python -m bench.profile                         # 30 sessions, 3 rounds, default settings
    python -m bench.profile --own-seeds --rounds 1  # every session its own data (nothing cached)
    python -m bench.profile --py-spy /path/to/py-spy --raw /tmp/train.txt

py-spy is not a project dependency: ``pip install py-spy`` (anywhere) and pass its path if it is not
on PATH. Only samples of the thread holding the GIL are kept (``--gil``), so a sample is CPU the one
interpreter spent, whichever session it served. Prints, in ms per Train: the statements of
pages/playground.py (and the callback on_train) by inclusive time, and the project and library
functions they spend it in. Has no ``rows()``, so ``python -m bench`` does not run it.
"""

import argparse
import asyncio
import collections
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.load import ROOT, SESSIONS, TRAINED, Server, Session, cpu_seconds, press_all

RATE = 200  # samples per second
PAGE = "pages/playground.py"
FRAME = re.compile(r"^(?P<func>.*) \((?P<file>.*):(?P<line>\d+)\)$")


async def pressed(url, pids, n, rounds, own_seeds, record):
    """Open ``n`` sessions, press Train ``rounds`` times in all of them while ``record()`` samples.

    Returns (presses, server CPU ms per press)."""
    warm = Session(url)
    await warm.open()
    await warm.run(warm.buttons["Train"])
    await warm.close()
    sessions = [Session(url, f"seed={i + 1}" if own_seeds else "") for i in range(n)]
    await asyncio.gather(*(s.open() for s in sessions))
    spy, cpu0 = record(), cpu_seconds(pids)
    try:
        for _ in range(rounds):
            _, errors = await press_all(sessions, "Train", TRAINED)
            for e in errors[:3]:
                print(f"  {e}", file=sys.stderr)
        cpu = cpu_seconds(pids) - cpu0
    finally:
        spy.send_signal(signal.SIGINT)  # py-spy writes its output on SIGINT
        spy.wait(timeout=60)
        await asyncio.gather(*(s.close() for s in sessions))
    return n * rounds, 1e3 * cpu / (n * rounds)


def frames(stack):
    """[(func, path, line)] outermost first, from one collapsed py-spy stack; repo files relative to the repo."""
    out = []
    for f in stack.split(";"):
        m = FRAME.match(f.strip())
        if m:
            out.append((m["func"], m["file"].removeprefix(str(ROOT) + "/"), int(m["line"])))
    return out


def where(path):
    """A short name for a file: repo-relative, or the library it belongs to."""
    if "site-packages/" in path:
        return path.split("site-packages/")[1].split("/")[0]
    return path.rsplit("/lib/python3", 1)[-1].split("/", 1)[-1] if "/lib/python3" in path else path


def summarize(raw, presses, cpu_ms, top=12):
    """Text report of a collapsed py-spy file, in ms per Train: samples are shares of the measured CPU ``cpu_ms``."""
    page_lines = (ROOT / PAGE).read_text().splitlines()
    total, outside = 0, 0
    by_stmt, by_func, by_self = collections.Counter(), collections.Counter(), collections.Counter()
    for row in Path(raw).read_text().splitlines():
        stack, _, count = row.rpartition(" ")
        count, fs = int(count), frames(stack)
        total += count
        page = [f for f in fs if f[1] == PAGE]
        if page:  # the page statement running (or the callback, which runs before the script)
            func, _, line = page[0]
            by_stmt[f"{PAGE}:{line} {func}: {page_lines[line - 1].strip()[:80]}"] += count
        else:
            outside += count
        for key in {f"{func} ({path})" for func, path, _ in fs if path.startswith(("playground/", "logreg_core/"))}:
            by_func[key] += count
        if fs:
            by_self[f"{fs[-1][0]} ({where(fs[-1][1])}:{fs[-1][2]})"] += count
    per = cpu_ms / max(1, total)  # ms per Train of one sample
    lines = [
        f"{presses} Trains, {cpu_ms:.1f} ms server CPU per Train (/proc), {total} GIL-holding samples at {RATE} Hz;",
        f"outside the page script (event loop, websocket, session messages, callbacks' caller): {outside * per:.1f} ms",
        "",
        "page statements, inclusive (ms per Train):",
        *[f"  {n * per:7.1f}  {k}" for k, n in by_stmt.most_common(top)],
        "",
        "project functions, inclusive (ms per Train):",
        *[f"  {n * per:7.1f}  {k}" for k, n in by_func.most_common(top)],
        "",
        "hottest lines anywhere, self time (ms per Train):",
        *[f"  {n * per:7.1f}  {k}" for k, n in by_self.most_common(top)],
    ]
    return "\n".join(lines)


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n")[0])
    p.add_argument("--sessions", type=int, default=SESSIONS)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--own-seeds", action="store_true", help="every session its own data set (no shared cache)")
    p.add_argument("--py-spy", default=shutil.which("py-spy") or "py-spy")
    p.add_argument("--raw", help="keep py-spy's collapsed stacks here")
    p.add_argument("--flags", default="", help='extra server options, e.g. "--runner.postScriptGC false"')
    a = p.parse_args(argv)
    raw = a.raw or tempfile.mktemp(prefix="bench-profile-", suffix=".txt")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=sys.stderr)
    with Server(ROOT / "app.py", a.flags.split()) as app:
        app.wait_healthy()
        cmd = [a.py_spy, "record", "--pid", str(app.proc.pid), "--rate", str(RATE), "--gil"]
        cmd += ["--format", "raw", "--output", raw, "--full-filenames"]

        def record():
            return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        presses, cpu_ms = asyncio.run(pressed(app.url, [app.proc.pid], a.sessions, a.rounds, a.own_seeds, record))
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=sys.stderr)
    print(summarize(raw, presses, cpu_ms))
    if not a.raw:
        os.unlink(raw)
    return 0


if __name__ == "__main__":
    sys.exit(main())
