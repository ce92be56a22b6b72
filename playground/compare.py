"""The Compare page's numbers and figure (no Streamlit): a table of up to 8 runs, checked, trained in
one ``sweep`` on the same data and batch order, and replayed together in one Plotly figure.

The figure holds the loss curves of every run on top and one small boundary plot per run below; its
frames move all of them in step (redraw False), so it is built like the Playground's: plain plotly.js
dicts with float32 / uint8 typed arrays, and a small shade grid to keep the page light.
"""

import math
from dataclasses import dataclass

import numpy as np

from logreg_core.geometry import probability_grid
from logreg_core.sweep import MAX_RUNS, sweep
from logreg_core.trainer import TrainConfig

from . import engine
from . import settings as S
from .figures import WIDTH, Spec, class_key, merge_frame, points_trace, replay_controls, shading_marker, typed
from .text import escape_html, literal

FRAMES = 51  # replay frames (epoch 0 included); 8 runs x 101 frames weigh 0.9-1.4 MiB (curves grow as frames²)
SHADE = 12  # shade grid of each small plot (r x r cells)
LINE_RESOLUTION = 20  # contour grid for curved boundaries (a small plot is ~230 px wide)
MARGIN = {"l": 74, "r": 22, "t": 20, "b": 122}  # px: as wide as the labels and the slider need (one layout pass)
TOLERANCE = 0.003  # boundary points within this many box widths (~0.7 px) of the simplified line are dropped
MAX_POINTS = 300  # data points drawn per small plot (a fixed subset of larger data sets)
STEP_BUDGET = S.MAX_STEPS // 2  # steps per comparison, summed over its batch sizes: a step moves up to 8 runs
COLUMNS = ("learning_rate", "batch_size", "optimizer", "l2", "l1")  # one run per row
LABELS = {
    "learning_rate": "learning rate",
    "batch_size": "batch size",
    "optimizer": "optimizer",
    "l2": "L2",
    "l1": "L1",
}
SHORT = {"learning_rate": "lr", "batch_size": "batch", "optimizer": "", "l2": "L2", "l1": "L1"}  # legend names
PRESETS = {  # the values each "vary" choice starts from; the other columns come from the Playground
    "learning_rate": (0.01, 0.1, 1.0, 10.0),
    "batch_size": (1, 8, 32, S.MAX_SAMPLES),  # the last is cut to the training set: full batch
    "optimizer": S.OPTIMIZERS,
    "l2": (0.0, 0.001, 0.01, 0.1),
    "l1": (0.0, 0.001, 0.01, 0.1),
}
RUN_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf")
GRID_COLS = 4  # small plots per row
REPLAY_MS = 60  # per frame: 51 frames replay in about 3 s


@dataclass(frozen=True)
class RunSpec:
    """One row of the run table: the hyper-parameters that may differ between runs."""

    learning_rate: float
    batch_size: int
    optimizer: str
    l2: float
    l1: float


def preset(settings, vary, n_train):
    """Rows (dicts) of a starting table: the Playground's settings, with ``vary`` taking PRESETS' values."""
    base = {name: getattr(settings, name) for name in COLUMNS}
    values = PRESETS[vary]
    if vary == "batch_size":
        values = sorted({min(b, n_train) for b in values})
    return [{**base, vary: v} for v in values]


# ---- the run table, checked at the boundary ------------------------------------------------------


def _cell(name, v):
    """The value of one cell, or ValueError saying what is wrong with it and what was expected."""
    parse, check = S.TABLE[name]
    expected = check(math.nan)  # every check rejects NaN, with the text of what it expects
    if v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip()):
        raise ValueError(f"is empty; expected {expected}")
    if parse is str:
        v = str(v).strip()
    else:
        try:
            v = float(v)
        except (TypeError, ValueError):
            raise ValueError(f"is not a number; expected {expected}") from None
        if not math.isfinite(v):
            raise ValueError(f"is not a finite number; expected {expected}")
        if name == "batch_size":
            if v != round(v):
                raise ValueError(f"is not a whole number; expected {expected}")
            v = int(v)
    if check(v):
        raise ValueError(f"is {'not an option' if parse is str else 'out of range'}; expected {expected}")
    return v


def check_runs(rows):
    """RunSpecs from the rows of the run table (dicts keyed by COLUMNS); ValueError names every bad cell.

    The message is markdown: the values a user typed appear as code spans, never as markup.
    """
    rows = list(rows)
    if not 1 <= len(rows) <= MAX_RUNS:
        fix = "Add a row." if not rows else f"Delete rows until at most {MAX_RUNS} are left."
        raise ValueError(f"Compare needs 1 to {MAX_RUNS} runs (rows); got {len(rows)}. {fix}")
    problems, runs = [], []
    for i, row in enumerate(rows, start=1):
        values = {}
        for name in COLUMNS:
            raw = row.get(name) if hasattr(row, "get") else None
            try:
                values[name] = _cell(name, raw)
            except ValueError as e:
                shown = "" if str(e).startswith("is empty") else f" = {literal(str(raw)[:40])}"
                problems.append(f"Run {i}: {LABELS[name]}{shown} {e}.")
        if len(values) == len(COLUMNS):
            runs.append(RunSpec(**values))
    if problems:
        raise ValueError(" ".join(problems) + " Fix these cells or delete their rows.")
    return tuple(runs)


def labels(runs, n_train):
    """Legend names: the values that differ between the runs ('lr 0.1 · batch 8'), unique per run."""
    varying = [name for name in COLUMNS if len({getattr(r, name) for r in runs}) > 1]

    def part(name, v):
        if name == "batch_size" and v >= n_train:
            return "full batch"
        return f"{SHORT[name]} {v:g}".strip() if not isinstance(v, str) else v

    out = [" · ".join(part(name, getattr(r, name)) for name in varying) for r in runs]
    if len(set(out)) < len(out) or not all(out):
        out = [f"run {i}" + (f": {s}" if s else "") for i, s in enumerate(out, start=1)]
    return out


# ---- training ------------------------------------------------------------------------------------


def plan(settings, runs, n_train):
    """TrainConfigs of the runs (the Playground's epochs and seed), and a note when the step cap cut them.

    Every run trains the same epochs. Runs of one batch size share their steps, so the cost is the
    steps per epoch of each distinct batch size, summed, times the epochs; it is capped at STEP_BUDGET.
    """
    sizes = {min(r.batch_size, n_train) for r in runs}
    per_epoch = sum(math.ceil(n_train / b) for b in sizes)
    limit = max(1, STEP_BUDGET // per_epoch)
    epochs, note = settings.epochs, None
    if epochs > limit:
        note = (
            f"{epochs} epochs of {per_epoch} steps (the batch sizes of these runs together) is {epochs * per_epoch:,} "
            f"steps; a comparison is capped at {STEP_BUDGET:,}, so these runs stop after {limit} epochs. Use larger "
            "batches, fewer distinct batch sizes or fewer epochs."
        )
        epochs = limit
    configs = [
        TrainConfig(r.learning_rate, epochs, min(r.batch_size, n_train), r.l2, r.l1, r.optimizer, settings.seed)
        for r in runs
    ]
    return configs, note


@dataclass(frozen=True)
class Comparison:
    """What the page shows: the runs, their sweep results, the figure and the results table."""

    runs: tuple  # RunSpec per run
    labels: list  # legend name per run
    results: list  # logreg_core.sweep.SweepRun per run
    note: str | None  # why the epochs were capped, if they were
    figure: Spec
    table: dict  # column -> values, one per run


def compare(settings, prep, runs, frames=FRAMES, shade=SHADE):
    """Train ``runs`` (RunSpecs) on ``prep`` in one sweep; the figure and table of the results."""
    n_train = len(prep.X_train)
    configs, note = plan(settings, runs, n_train)
    has_test = len(prep.y_test) > 0
    results = sweep(
        configs,
        prep.F_train,
        prep.y_train,
        prep.n_classes,
        prep.F_test if has_test else None,
        prep.y_test if has_test else None,
        max_snapshots=frames,
    )
    names = labels(runs, n_train)
    fig = figure(prep, results, names, frame_epochs(configs[0].epochs, frames), shade)
    return Comparison(tuple(runs), names, results, note, fig, results_table(results, names))


def results_table(results, names):
    """Per run: final losses and accuracies, epochs run, and why it stopped early (a column only if one did)."""
    last = [r.snapshots[-1] for r in results]
    table = {
        "run": names,
        "epochs": [r.history["epoch"][-1] if r.history["epoch"] else 0 for r in results],
        "train loss": [s.train_loss for s in last],
        "test loss": [s.test_loss for s in last],
        "train accuracy": [s.train_accuracy for s in last],
        "test accuracy": [s.test_accuracy for s in last],
    }
    if any(r.stopped for r in results):
        table["stopped"] = [r.stopped or "" for r in results]
    return table


# ---- the figure ----------------------------------------------------------------------------------


def frame_epochs(epochs, frames=FRAMES):
    """The epochs of the replay frames: those of a complete run's snapshots (``Trainer.run``'s spacing)."""
    stride = max(1, math.ceil(epochs / max(frames - 1, 1)))
    out = list(range(0, epochs + 1, stride))
    if out[-1] != epochs:
        out = out[: frames - 1] + [epochs]
    return out


def _curves(run, grid):
    """x (epochs) and (train, test) losses of one run's curve points: the frame epochs it reached, and its last."""
    h = run.history
    first = run.snapshots[0]
    last = h["epoch"][-1] if h["epoch"] else 0
    xs = [e for e in grid if e <= last] + ([last] if last not in grid else [])
    train = np.array([first.train_loss] + h["train_loss"], dtype=np.float32)[xs]  # (len(xs),)
    test = None
    if first.test_loss is not None:
        test = np.array([first.test_loss] + h["test_loss"], dtype=np.float32)[xs]
    return np.array(xs, dtype=np.float32), train, test


def _shown(snapshots, grid):
    """Index of the snapshot each frame shows: the last one at or before the frame's epoch."""
    epochs = [s.epoch for s in snapshots]
    return [max(0, int(np.searchsorted(epochs, e, side="right")) - 1) for e in grid]


def _picture(prep, snap, shade):
    """Shade codes (r * r,) uint8 and the boundary's x, y (float32, simplified) of one snapshot."""
    coef, b = np.asarray(snap.coef), np.asarray(snap.intercept)
    _, _, P = probability_grid(prep.feature_map, coef, b, engine.shade_box(prep.box, shade), shade)
    lx, ly = engine.boundary_xy(prep, coef, b, resolution=LINE_RESOLUTION)
    return engine.shade_codes(P).ravel(), *engine.simplify(lx, ly, prep.box, TOLERANCE)


def _layout_boxes(n):
    """Figure height (px) and paper domains: the loss plot's (x, y), then one (x, y) per small plot,
    GRID_COLS to a row below it; and the height of a small plot in px."""
    rows = math.ceil(n / GRID_COLS)
    loss_h, below, cell_h, gap = 260, 105, 220, 45  # px: loss plot, room for its x title, small plot, row gap
    height = loss_h + below + rows * cell_h + (rows - 1) * gap

    def y(px):  # px from the top of the plot area -> paper y
        return 1 - px / height

    cells = []
    for i in range(n):
        r, c = divmod(i, GRID_COLS)
        top = loss_h + below + r * (cell_h + gap)
        cells.append(([c / GRID_COLS + 0.015, (c + 1) / GRID_COLS - 0.015], [y(top + cell_h), y(top)]))
    return height, ([0, 0.66], [y(loss_h), 1]), cells, cell_h


def figure(prep, results, names, grid, shade=SHADE):
    """One figure: loss curves (train solid, test dashed) over a small plot of every run's boundary.

    results : list of SweepRun; names : legend name per run; grid : the epochs of the frames.
    Each frame sets, per run, its two loss curves so far, its shading and its boundary.
    """
    n, k = len(results), prep.n_classes
    height, loss_box, boxes, cell_h = _layout_boxes(n)
    cell_w = (boxes[0][0][1] - boxes[0][0][0]) * (WIDTH - MARGIN["l"] - MARGIN["r"])  # px, inside the margins
    shade_marker = shading_marker(k, cell_w, cell_h, shade)
    curves = [_curves(r, grid) for r in results]
    shown = [_shown(r.snapshots, grid) for r in results]
    pictures = [[_picture(prep, s, shade) for s in r.snapshots] for r in results]
    has_test = curves[0][2] is not None

    def changing(j):
        """The animated traces at frame j, in the order of ``animated``: only what changes. plotly.js
        merges a frame into its trace, so the shading keeps its marker and the curves their x (a
        scatter draws min(len(x), len(y)) points, so a prefix of y grows the curve)."""
        out = []
        for i, (xs, train, test) in enumerate(curves):
            upto = int(np.searchsorted(xs, grid[j], side="right"))
            out += [{"y": typed(train[:upto])}] + ([{"y": typed(test[:upto])}] if has_test else [])
            codes, lx, ly = pictures[i][shown[i][j]]
            out += [{"marker": {"color": typed(codes)}}, {"x": typed(lx), "y": typed(ly)}]
        return out

    layout = {
        "height": height + 20 + 90, "margin": MARGIN, "font": {"size": 14},
        "xaxis": {"domain": loss_box[0], "title": {"text": "epoch"}, "range": [0, max(grid[-1], 1)]},
        "yaxis": {"domain": loss_box[1], "title": {"text": "cross-entropy"}, "range": [0, _loss_top(curves, k)]},
        "legend": {"x": 0.68, "xanchor": "left", "y": 1, "yanchor": "top", "font": {"size": 13}, "groupclick": "togglegroup",
                   "title": {"text": "train solid, test dashed" if has_test else "train loss"}},
        # right of the runs' legend, at the bottom: just above the small plots it describes
        "annotations": [class_key(prep.classes, has_test, x=0.86, y=loss_box[1][0], yanchor="bottom")],
        "uirevision": "keep",
    }  # fmt: skip
    data, animated = [], []
    points = points_trace(*_thinned(prep), k, size=6, widths=(0.5, 1.5))  # the same in every small plot
    shading = (*engine.shade_cells(prep.box, shade).astype(np.float32).T, shade_marker)
    for i, (run, name) in enumerate(zip(results, map(escape_html, names))):
        color, ax = RUN_COLORS[i % len(RUN_COLORS)], i + 2
        traces = _run_traces(name, color, i, curves[i][0], has_test, shading, points)
        animated += [len(data) + t for t in range(3 + has_test)]  # the first traces of a run change
        data += traces
        (dx, dy), (x0, x1, y0, y1) = boxes[i], prep.box
        axis = {"showticklabels": False, "showgrid": False, "zeroline": False}
        layout[f"xaxis{ax}"] = {"domain": dx, "anchor": f"y{ax}", "range": [x0, x1], **axis}
        layout[f"yaxis{ax}"] = {"domain": dy, "anchor": f"x{ax}", "range": [y0, y1], **axis}
        title = name if run.stopped is None else f"{name}<br>stopped at epoch {run.history['epoch'][-1]}"
        layout["annotations"].append({"text": f"<b>{title}</b>", "x": sum(dx) / 2, "y": dy[1], "xref": "paper", "yref": "paper",
                                      "xanchor": "center", "yanchor": "bottom", "showarrow": False, "font": {"color": color, "size": 12}})  # fmt: skip

    start = len(grid) - 1  # open on the end; Replay plays it from epoch 0
    for t, changes in zip(animated, changing(start)):
        merge_frame(data[t], changes)
    frames = (
        [{"name": str(j), "data": changing(j), "traces": animated} for j in range(len(grid))] if len(grid) > 1 else []
    )
    if frames:
        buttons = {"x": 0, "y": 0, "xanchor": "left", "yanchor": "top", "pad": {"t": 40, "r": 6}}
        slider = {"x": 0.3, "len": 0.7, "y": 0, "yanchor": "top", "pad": {"t": 30}}
        layout.update(replay_controls(grid, start, buttons, slider, frame_ms=REPLAY_MS))
    return Spec({"data": data, "layout": layout, "frames": frames})


def _run_traces(name, color, i, xs, has_test, shading, points):
    """Run i's traces: train (and test) loss, then shading and boundary (these change), then its points.

    shading : (x, y, marker) of the shade grid; points : the data points' trace, put on this run's axes.
    """
    hover = {part: "epoch %{x}: %{y:.3f}<extra>" + f"{name} ({part})</extra>" for part in ("train", "test")}
    gx, gy, shade_marker = shading
    group, xa, ya = f"run{i}", f"x{i + 2}", f"y{i + 2}"
    traces = [{"type": "scatter", "mode": "lines", "name": name, "x": typed(xs), "legendgroup": group,
               "line": {"color": color, "width": 2.5}, "hovertemplate": hover["train"]}]  # fmt: skip
    if has_test:
        traces.append({"type": "scatter", "mode": "lines", "name": f"{name} (test)", "x": typed(xs), "legendgroup": group,
                       "showlegend": False, "line": {"color": color, "width": 2, "dash": "dash"}, "hovertemplate": hover["test"]})  # fmt: skip
    on = {"xaxis": xa, "yaxis": ya, "showlegend": False, "legendgroup": group}
    traces.append({"type": "scatter", "mode": "markers", "x": typed(gx), "y": typed(gy), "hoverinfo": "skip", "marker": shade_marker, **on})  # fmt: skip
    traces.append({"type": "scatter", "mode": "lines", "hoverinfo": "skip", "line": {"color": "#212529", "width": 2.5}, **on})  # fmt: skip
    traces.append({**points, **on})
    return traces


def _thinned(prep, limit=MAX_POINTS):
    """The points a small plot draws, all or a fixed random subset of ``limit``: X, y (train first) and how
    many of them are train points."""
    X, y = prep.points
    keep = np.ones(len(y), dtype=bool)
    if len(y) > limit:
        keep[:] = False
        keep[np.random.default_rng(0).choice(len(y), limit, replace=False)] = True
    return X[keep], y[keep], int(np.count_nonzero(keep[: len(prep.y_train)]))


def _loss_top(curves, k):
    """Top of the loss axis: the highest loss shown, but at most 3 x the starting loss log k."""
    values = np.concatenate([c for _, train, test in curves for c in (train, test) if c is not None])
    top = float(np.nanmax(values)) if np.isfinite(values).any() else 1.0
    return min(top, 3 * math.log(k)) * 1.05
