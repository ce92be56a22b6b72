"""The numbers behind the Inside-the-math page (no Streamlit): one point's equations, the 1-D toy
problem learning, and the loss landscape with the optimizers' paths.

Every number a formula shows is computed by ``logreg_core.ops``; this module only formats it.
"""

from dataclasses import dataclass, replace

import numpy as np

from logreg_core import ops
from logreg_core.datasets import make_dataset
from logreg_core.trainer import TrainConfig, Trainer, one_hot

from . import engine
from .figures import COLORS, Spec, replay_controls, typed

MAX_TERMS = 4  # terms of w·x written out before the middle is elided (the table shows them all)
MAX_ENTRIES = 6  # entries of a vector written out
PATH_POINTS = 201  # recorded parameters per optimizer path (epoch 0 included)
CURVE_FRAMES = 101  # frames of the toy sigmoid animation
GRID = 60  # landscape grid: GRID x GRID objective values
TOY_L2 = 0.01  # the toy data are separable: without a penalty the optimum is at infinity
LANDSCAPE_COLORS = [[0, "#ffffff"], [0.35, "#d0ebff"], [1, "#339af0"]]  # low objective light, high blue
PATH_COLORS = {"sgd": "#212529", "momentum": "#e8590c", "adam": "#2f9e44"}


# ---- one training point, by the numbers ------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """Forward pass, loss and gradient of the model at one training point."""

    index: int
    x: np.ndarray  # (m,) the features the model sees
    y: int  # class code
    coef: np.ndarray  # (k, m), k = 1 for two classes
    intercept: np.ndarray  # (k,)
    z: np.ndarray  # (k,) logits
    p: np.ndarray  # (k,) sigmoid (P(class 1)) or softmax
    loss: float
    dz: np.ndarray  # (k,) d loss / d z = p - y
    grad_coef: np.ndarray  # (k, m) d loss / d coef = (p - y) x
    grad_intercept: np.ndarray  # (k,)

    @property
    def binary(self):
        return self.coef.shape[0] == 1


def point(F, y, coef, intercept, i):
    """The equations' numbers at training point ``i`` of features F (n, m), labels y (n,), for the
    weights coef (k, m) and intercept (k,); computed with the core's own functions."""
    x, label = np.asarray(F[i], dtype=float), int(y[i])
    coef, intercept = np.asarray(coef, dtype=float), np.asarray(intercept, dtype=float)
    n_classes = 2 if coef.shape[0] == 1 else coef.shape[0]
    X, Y = x[None, :], one_hot(np.array([label]), n_classes)  # (1, m), (1, k)
    Z = X @ coef.T + intercept  # (1, k)
    if n_classes == 2:
        z = Z[:, 0]  # (1,)
        p, loss = ops.sigmoid(z)[:, None], ops.binary_cross_entropy(z, Y[:, 0])
        dZ = ops.binary_cross_entropy_grad(z, Y[:, 0])[:, None]  # (1, 1): the mean over one point
    else:
        p, loss, dZ = ops.softmax(Z), ops.cross_entropy(Z, Y), ops.cross_entropy_grad(Z, Y)  # (1, k) each
    grad_coef = (X.T @ dZ).T  # (k, m): the chain rule's x, as in Trainer._gradient_step
    return Point(i, x, label, coef, intercept, Z[0], p[0], loss, dZ[0], grad_coef, dZ.sum(axis=0))


def num(v):
    """A number for LaTeX: 4 significant digits, powers of ten written out."""
    s = f"{float(v):.4g}"
    if "e" in s:
        mantissa, exp = s.split("e")
        s = rf"{mantissa} \times 10^{{{int(exp)}}}"
    return s


def factor(v):
    """``num`` in parentheses when negative, ready to multiply."""
    return f"({num(v)})" if v < 0 else num(v)


def vector(a):
    """(a_1, a_2, ..., a_m) with the middle elided past MAX_ENTRIES entries."""
    items = [num(v) for v in a]
    if len(items) > MAX_ENTRIES:
        items = items[: MAX_ENTRIES - 2] + [r"\ldots", items[-1]]
    return r"\left(" + r",\ ".join(items) + r"\right)"


def _elide(terms):
    """Terms of a sum, the middle replaced by dots past MAX_TERMS."""
    return terms if len(terms) <= MAX_TERMS else terms[: MAX_TERMS - 2] + [r"\cdots", terms[-1]]


def _dot(w, x, b, c=None):
    """Symbolic and numeric 'w_1 x_1 + ... + b' (class subscript c when given)."""
    sub = "" if c is None else f"{c},"
    symbols = _elide([f"w_{{{sub}{j + 1}}} x_{{{j + 1}}}" for j in range(len(x))])
    numbers = _elide([rf"{factor(wj)} \cdot {factor(xj)}" for wj, xj in zip(w, x)])
    bias = "b" if c is None else f"b_{{{c}}}"
    return " + ".join([*symbols, bias]), " + ".join([*numbers, factor(b)])


def equations(pt):
    """LaTeX for z, p, the loss and its gradient at one point: {name: latex}."""
    if pt.binary:
        symbols, numbers = _dot(pt.coef[0], pt.x, pt.intercept[0])
        z, p, y = pt.z[0], pt.p[0], pt.y
        return {
            "z": rf"\begin{{aligned}} z &= w \cdot x + b = {symbols} \\ &= {numbers} \\ &= {num(z)} \end{{aligned}}",
            "p": rf"p = \sigma(z) = \frac{{1}}{{1 + e^{{-z}}}} = \frac{{1}}{{1 + e^{{{num(-z)}}}}} = {num(p)}",
            "loss": (
                rf"\begin{{aligned}} \ell &= -\left[\,y \log p + (1 - y) \log (1 - p)\,\right] \\ "
                rf"&= -\left[\,{y} \cdot \log {num(p)} + {1 - y} \cdot \log {num(1 - p)}\,\right] = {num(pt.loss)}"
                r" \end{aligned}"
            ),
            "gradient": (
                rf"\begin{{aligned}} \frac{{\partial \ell}}{{\partial w}} &= (p - y)\, x = ({num(p)} - {y}) \cdot "
                rf"{vector(pt.x)} \\ &= {vector(pt.grad_coef[0])} \\[6pt] "
                rf"\frac{{\partial \ell}}{{\partial b}} &= p - y = {num(pt.grad_intercept[0])} \end{{aligned}}"
            ),
        }
    k = len(pt.z)
    lines = []
    for c in range(k):
        symbols, numbers = _dot(pt.coef[c], pt.x, pt.intercept[c], c)
        lines.append(rf"z_{{{c}}} &= {symbols} \\ &= {numbers} = {num(pt.z[c])}")
    y_vec = one_hot(np.array([pt.y]), k)[0]
    grads = [rf"\frac{{\partial \ell}}{{\partial w_{{{c}}}}} &= {factor(pt.dz[c])} \cdot x = {vector(pt.grad_coef[c])}" for c in range(k)]  # fmt: skip
    return {
        "z": r"\begin{aligned} " + r" \\ ".join(lines) + r" \end{aligned}",
        "p": rf"p_c = \mathrm{{softmax}}(z)_c = \frac{{e^{{z_c}}}}{{\sum_j e^{{z_j}}}}, \qquad p = {vector(pt.p)}",
        "loss": (rf"\ell = -\sum_c y_c \log p_c = -\log p_{{{pt.y}}} = -\log {num(pt.p[pt.y])} = {num(pt.loss)}"),
        "gradient": (
            rf"\begin{{aligned}} \frac{{\partial \ell}}{{\partial z}} &= p - y = {vector(pt.p)} - {vector(y_vec)} \\ &= "
            rf"{vector(pt.dz)} \\[6pt] "
            + r" \\[6pt] ".join(grads)
            + rf" \\[6pt] \frac{{\partial \ell}}{{\partial b}} &= "
            rf"p - y = {vector(pt.grad_intercept)} \end{{aligned}}"
        ),
    }


def point_table(pt, feature_names, classes):
    """Columns for a table of the point: each feature's symbol, name, value, weights and gradients."""
    m = len(pt.x)
    rows = {"symbol": [f"x{j + 1}" for j in range(m)] + ["1 (bias)"], "feature": [*map(str, feature_names), "bias"]}
    rows["value"] = np.r_[pt.x, 1.0]
    for c in range(pt.coef.shape[0]):
        label = "" if pt.binary else f" ({classes[c]})"
        rows[f"weight{label}"] = np.r_[pt.coef[c], pt.intercept[c]]
        rows[f"gradient{label}"] = np.r_[pt.grad_coef[c], pt.grad_intercept[c]]
    return rows


# ---- the 1-D toy problem ---------------------------------------------------------------------


def toy_data():
    """X (6, 1) = 1..6 and y = 0, 0, 0, 1, 1, 1: the seeds' toy problem."""
    return make_dataset("toy", 6, 0.0, 0)


def toy_trainer(optimizer, learning_rate, epochs, l2):
    """Full-batch training on the raw toy data (no standardizing: w and b stay in units of x)."""
    X, y = toy_data()
    return Trainer(TrainConfig(learning_rate, epochs, None, l2, 0.0, optimizer, 0), X, y, 2)


def snapshots(trainer, points=PATH_POINTS, max_seconds=engine.MAX_SECONDS):
    """Evenly spaced epoch snapshots of a whole run, the start and the end included."""
    return trainer.run(max_snapshots=points, max_seconds=max_seconds)


def sigmoid_figure(snaps, X, y, height=420):
    """The sigmoid curve p = σ(w x + b) over the toy points, one animation frame per snapshot."""
    xs = np.linspace(0.0, 7.0, 141)  # (141,)
    curve = [ops.sigmoid(s.coef[0, 0] * xs + s.intercept[0]).astype(np.float32) for s in snaps]

    def changing(s, p):
        w, b = float(s.coef[0, 0]), float(s.intercept[0])
        cut = -b / w if w > 0 else None  # where p = 0.5
        text = f"epoch {s.epoch}: w = {w:.3f}, b = {b:.3f}, loss = {s.objective:.4f}"
        return [
            {"type": "scatter", "y": typed(p)},
            {"type": "scatter", "x": [cut, cut], "y": [0, 1]},
            {"type": "scatter", "text": [text]},
        ]

    xs32 = xs.astype(np.float32)
    data = [
        {"type": "scatter", "mode": "lines", "name": "p = σ(w x + b)", "x": typed(xs32), "line": {"color": "#212529", "width": 3}},
        {"type": "scatter", "mode": "lines", "name": "p = 0.5", "line": {"color": "#868e96", "dash": "dash"}, "hoverinfo": "skip"},
        {"type": "scatter", "mode": "text", "x": [0.1], "y": [1.1], "textposition": "middle right", "showlegend": False,
         "textfont": {"size": 15}, "hoverinfo": "skip"},
    ]  # fmt: skip
    for trace, change in zip(data, changing(snaps[-1], curve[-1])):
        trace.update(change)
    for c in (0, 1):
        data.append(
            {"type": "scatter", "mode": "markers", "name": f"class {c}", "x": X[y == c, 0].tolist(), "y": [float(c)] * int((y == c).sum()),
             "marker": {"size": 14, "color": COLORS[c], "line": {"color": "white", "width": 1.5}}}
        )  # fmt: skip
    layout = {
        "height": height, "margin": {"l": 50, "r": 10, "t": 20, "b": 40}, "font": {"size": 15},
        "xaxis": {"title": {"text": "x"}, "range": [0, 7]},
        "yaxis": {"title": {"text": "P(class 1)"}, "range": [-0.08, 1.2]},
        "legend": {"x": 1, "xanchor": "right", "y": 0.5},
    }  # fmt: skip
    spec = {"data": data, "layout": layout}
    if len(snaps) > 1:
        names = [str(i) for i in range(len(snaps))]
        spec["frames"] = [
            {"name": n, "data": changing(s, p), "traces": [0, 1, 2]} for n, s, p in zip(names, snaps, curve)
        ]
        buttons = {"x": 0, "y": -0.12, "xanchor": "left", "yanchor": "top"}
        slider = {"x": 0.25, "len": 0.75, "y": -0.1, "yanchor": "top"}
        layout.update(replay_controls([s.epoch for s in snaps], len(snaps) - 1, buttons, slider,
                                      frame_ms=40, redraw=True, replay=False, fromcurrent=False))  # fmt: skip
        layout["height"] += 70
        layout["margin"]["b"] = 110
    return Spec(spec)


def toy_optimum(l2):
    """scikit-learn's optimum (w, b) of the toy objective, or None for l2 = 0 (at infinity: separable data)."""
    if l2 <= 0:
        return None
    X, y = toy_data()
    coef, intercept = engine.sklearn_fit(X, y, l2)
    return float(coef[0, 0]), float(intercept[0])


# ---- the loss landscape over two parameters ----------------------------------------------------


@dataclass(frozen=True)
class Axes:
    """Two parameters to vary: entries (row, class) of the weights with the intercept as last row."""

    first: tuple  # (row, class): row m is the intercept
    second: tuple
    labels: tuple  # axis titles


def stacked(coef, intercept):
    """The weights with the intercept as one more row: (m + 1, k), the bias as a weight on a constant 1."""
    return np.vstack([np.asarray(coef, dtype=float).T, np.asarray(intercept, dtype=float)[None, :]])


def pick(axes, coef, intercept):
    """The two varied parameters of coef (k, m), intercept (k,)."""
    Wa = stacked(coef, intercept)
    return float(Wa[axes.first]), float(Wa[axes.second])


def objective_grid(F, y, n_classes, coef, intercept, axes, us, vs, l2=0.0, l1=0.0):
    """The training objective (len(vs), len(us)) with the two ``axes`` parameters set to (u, v) and every
    other parameter as in coef (k, m), intercept (k,). Vectorized over the grid, in chunks of rows."""
    Fa = np.hstack([F, np.ones((len(F), 1))])  # (n, m + 1)
    Y = one_hot(np.asarray(y), n_classes)  # (n, k)
    Wa = stacked(coef, intercept)  # (m + 1, k)
    (r1, c1), (r2, c2) = axes.first, axes.second
    assert c1 == c2, f"both parameters must belong to one class column, got {axes}"
    m = len(Wa) - 1
    Wa[r1, c1] = Wa[r2, c2] = 0.0
    base = Fa @ Wa  # (n, k): logits without the two varied parameters
    # penalties (never on the intercept row): the fixed part plus the varied weights'
    fixed = ops.l2_penalty(Wa[:m], l2) + ops.l1_penalty(Wa[:m], l1)
    U, V = np.meshgrid(us, vs)  # (G2, G1)
    pen = fixed + sum(0.5 * l2 * P * P + l1 * np.abs(P) for r, P in ((r1, U), (r2, V)) if r < m)
    out = np.empty(U.shape)
    rows = max(1, 2_000_000 // (len(us) * len(F) * Y.shape[1]))
    for start in range(0, len(vs), rows):
        u, v = U[start : start + rows, :, None], V[start : start + rows, :, None]  # (r, G1, 1)
        z = base[None, None, :, c1] + u * Fa[:, r1] + v * Fa[:, r2]  # (r, G1, n): the varied class's logits
        if Y.shape[1] == 1:
            loss = np.logaddexp(0.0, z) - Y[:, 0] * z  # binary cross-entropy from the logit, as in ops
        else:
            Z = np.broadcast_to(base, z.shape + base.shape[1:]).copy()  # (r, G1, n, k)
            Z[..., c1] = z
            loss = ops.logsumexp(Z.reshape(-1, Z.shape[-1])).reshape(z.shape) - (Y * Z).sum(axis=-1)
        out[start : start + rows] = loss.mean(axis=-1)
    return out + pen


@dataclass(frozen=True)
class Landscape:
    """A contour grid, the optimizers' paths on it and scikit-learn's optimum."""

    us: np.ndarray  # (G,) first parameter
    vs: np.ndarray  # (G,) second parameter
    objective: np.ndarray  # (G, G), rows follow vs
    paths: dict  # optimizer -> (T, 2) parameters after each recorded epoch
    optimum: tuple | None  # (u, v) or None
    labels: tuple
    stopped: dict  # optimizer -> why its run stopped early, if it did


def span(points, pad=0.2, least=1.0):
    """(lo, hi) around the points' coordinates (n, 2) per column, padded, at least ``least`` wide."""
    lo, hi = points.min(axis=0), points.max(axis=0)
    width = np.maximum(hi - lo, least)
    mid = (lo + hi) / 2
    return mid - width * (0.5 + pad), mid + width * (0.5 + pad)


def landscape(F, y, n_classes, coef, intercept, axes, paths, optimum, l2, l1, stopped=None, grid=GRID):
    """The objective on a grid spanning the paths and the optimum (fixed parameters from coef, intercept)."""
    pts = np.vstack(
        [*paths.values(), np.array([pick(axes, coef, intercept)])] + ([np.array([optimum])] if optimum else [])
    )
    pts = pts[np.isfinite(pts).all(axis=1)]
    lo, hi = span(pts)
    us, vs = np.linspace(lo[0], hi[0], grid), np.linspace(lo[1], hi[1], grid)
    obj = objective_grid(F, y, n_classes, coef, intercept, axes, us, vs, l2, l1)
    return Landscape(us, vs, obj, paths, optimum, axes.labels, stopped or {})


def path_of(snaps, axes):
    """The two parameters (T, 2) of each snapshot."""
    return np.array([pick(axes, s.coef, s.intercept) for s in snaps])


TOY_AXES = Axes((0, 0), (1, 0), ("w", "b"))
PLANE_AXES = Axes((0, 0), (1, 0), ("w1", "w2"))  # weights of the first two features (class 0's for k > 2)


def toy_landscape(optimizers, learning_rate, epochs, l2=TOY_L2):
    """The toy objective over (w, b) with each optimizer's path from (0, 0)."""
    X, y = toy_data()
    paths, stopped = {}, {}
    for name in optimizers:
        t = toy_trainer(name, learning_rate, epochs, l2)
        paths[name] = path_of(snapshots(t), TOY_AXES)
        if t.state.stopped:
            stopped[name] = t.state.stopped
    best = toy_optimum(l2)
    return landscape(X, y, 2, np.zeros((1, 1)), np.zeros(1), TOY_AXES, paths, best, l2, 0.0, stopped)


def plane_landscape(settings, prep, coef, intercept, optimizers, optimum=None):
    """The playground data's objective over (w1, w2), every other parameter (the bias included) at coef (k, m),
    intercept (k,); each optimizer's path is the projection of a full run with the playground's settings."""
    paths, stopped = {}, {}
    for name in optimizers:
        t = engine.new_trainer(replace(settings, optimizer=name), prep)
        paths[name] = path_of(snapshots(t), PLANE_AXES)
        if t.state.stopped:
            stopped[name] = t.state.stopped
    if optimum is not None and settings.l2 == 0 and separates(prep.F_train, prep.y_train, *optimum):
        optimum = None  # separable data and no penalty: the optimum is at infinity, scikit-learn stopped somewhere
    best = None if optimum is None else pick(PLANE_AXES, *optimum)
    return landscape(
        prep.F_train, prep.y_train, prep.n_classes, coef, intercept, PLANE_AXES, paths, best,
        settings.l2, settings.l1, stopped,
    )  # fmt: skip


def separates(F, y, coef, intercept):
    """True when the weights coef (k, m), intercept (k,) classify every point of F (n, m), y (n,) right."""
    Z = F @ np.asarray(coef).T + intercept  # (n, k)
    pred = (Z[:, 0] > 0).astype(int) if Z.shape[1] == 1 else Z.argmax(axis=1)
    return bool(np.all(pred == y))


def landscape_figure(ls, height=520):
    """Contour of log10(objective) with the paths (start ○, end ●) and scikit-learn's optimum (★)."""
    data = [
        {"type": "contour", "x": typed(ls.us.astype(np.float32)), "y": typed(ls.vs.astype(np.float32)),
         "z": typed(np.log10(ls.objective).astype(np.float32)), "ncontours": 30, "colorscale": LANDSCAPE_COLORS,
         "colorbar": {"title": {"text": "log₁₀ objective"}}, "line": {"width": 0.5},
         "hovertemplate": f"{ls.labels[0]} = %{{x:.3f}}<br>{ls.labels[1]} = %{{y:.3f}}<br>log₁₀ objective = %{{z:.3f}}<extra></extra>"},
    ]  # fmt: skip
    for name, p in ls.paths.items():
        color = PATH_COLORS.get(name, "#c2255c")
        p32 = p.astype(np.float32)
        data.append(
            {"type": "scatter", "mode": "lines+markers", "name": name, "x": typed(p32[:, 0]), "y": typed(p32[:, 1]),
             "line": {"color": color, "width": 2.5}, "marker": {"size": 4, "color": color},
             "hovertemplate": f"{name}<br>{ls.labels[0]} = %{{x:.3f}}<br>{ls.labels[1]} = %{{y:.3f}}<extra></extra>"}
        )  # fmt: skip
        data.append(
            {"type": "scatter", "mode": "markers", "showlegend": False, "hoverinfo": "skip",
             "x": [float(p[0, 0]), float(p[-1, 0])], "y": [float(p[0, 1]), float(p[-1, 1])],
             "marker": {"size": [11, 12], "color": ["white", color], "line": {"color": color, "width": 2.5}}}
        )  # fmt: skip
    if ls.optimum is not None:
        data.append(
            {"type": "scatter", "mode": "markers", "name": "scikit-learn optimum", "x": [ls.optimum[0]], "y": [ls.optimum[1]],
             "marker": {"symbol": "star", "size": 20, "color": "#fab005", "line": {"color": "#212529", "width": 1.5}}}
        )  # fmt: skip
    layout = {
        "height": height, "margin": {"l": 60, "r": 10, "t": 40, "b": 50}, "font": {"size": 15},
        "xaxis": {"title": {"text": ls.labels[0]}, "range": [float(ls.us[0]), float(ls.us[-1])]},
        "yaxis": {"title": {"text": ls.labels[1]}, "range": [float(ls.vs[0]), float(ls.vs[-1])]},
        "legend": {"orientation": "h", "x": 0, "y": 1.01, "yanchor": "bottom"},
    }  # fmt: skip
    return Spec({"data": data, "layout": layout})
