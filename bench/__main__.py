"""Run the benchmark modules of this package and print one table: name | figure | value | goal.

    python -m bench            # every module
    python -m bench core       # only bench/core.py

Exits with status 1 when a figure misses its goal.
"""

import ast
import importlib
import pkgutil
import sys
from pathlib import Path

import bench


def modules():
    """Names of the benchmark modules: those in this package with a top-level ``def rows``.

    Found by reading their source, not by importing them: a module here may be an app to serve.
    """
    names = []
    for m in pkgutil.iter_modules(bench.__path__):
        tree = ast.parse(Path(bench.__path__[0], f"{m.name}.py").read_text())
        if any(isinstance(node, ast.FunctionDef) and node.name == "rows" for node in tree.body):
            names.append(m.name)
    return sorted(names)


def table(rows):
    """The rows as an aligned text table."""
    cells = [("name", "figure", "value", "goal")]
    for r in rows:
        value = f"{r.value:.2f}{r.unit}" if r.unit == "x" else f"{r.value:.1f} {r.unit}"
        goal = "" if r.goal is None else f"<= {r.goal:g}{r.unit} {'met' if r.met else 'MISSED'}"
        cells.append((r.name, r.figure, value, goal))
    widths = [max(len(row[i]) for row in cells) for i in range(4)]
    lines = [" | ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv):
    known = modules()
    unknown = [a for a in argv if a not in known]
    if unknown:
        print(f"unknown benchmark {', '.join(unknown)}; expected some of: {', '.join(known)}", file=sys.stderr)
        return 2
    rows = []
    for name in argv or known:
        print(f"running bench.{name} ...", file=sys.stderr, flush=True)
        rows += importlib.import_module(f"bench.{name}").rows()
    print(table(rows))
    return 0 if all(r.met for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
