"""Training runs for the playground and the numbers each chart frame needs (no Streamlit, no Plotly).

A run is a pure function of the settings (and the data): the same settings give the same snapshots,
so a room that starts on the defaults can share one cached run.
"""

import math
import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression as SkLogReg

from logreg_core import LogisticRegression, TrainConfig, Trainer, csvdata
from logreg_core.datasets import make_dataset, train_test_split
from logreg_core.features import FeatureMap
from logreg_core.geometry import as_xy, boundary, bounds, class_probabilities, grid, probabilities_of
from logreg_core.metrics import predict
from logreg_core.trainer import lipschitz_learning_rate

from .settings import capped_epochs, effective_batch

MAX_FRAMES = 101  # replay frames per run (epoch 0 included)
SHADE_RESOLUTION = 12  # per-frame probability grid (r x r cells), small and compact
LINE_TOLERANCE = 0.0015  # boundary points within this many box widths (~0.6 px on the page) of the rest are dropped
MAX_SECONDS = 5.0  # wall time per run


@dataclass(frozen=True)
class Data:
    """A labelled 2-D data set: X (n, 2), y (n,) integer codes, classes (k,) names, column names."""

    X: np.ndarray
    y: np.ndarray
    classes: tuple
    names: tuple = ("x1", "x2")


@dataclass(frozen=True)
class Prepared:
    """The data split, its feature map, and the features the model trains on."""

    X_train: np.ndarray  # (n_train, 2) raw
    X_test: np.ndarray  # (n_test, 2) raw
    y_train: np.ndarray  # (n_train,) codes
    y_test: np.ndarray  # (n_test,) codes
    classes: tuple
    names: tuple
    feature_map: FeatureMap
    F_train: np.ndarray  # (n_train, m) features
    F_test: np.ndarray  # (n_test, m)
    box: tuple  # (x_min, x_max, y_min, y_max) of the plot

    @property
    def n_classes(self):
        return len(self.classes)

    @property
    def points(self):
        """Every point, train then test: raw X (n, 2) and codes y (n,)."""
        return np.vstack([self.X_train, self.X_test]), np.concatenate([self.y_train, self.y_test])


def generate(settings):
    """The generated data set the settings name."""
    options = {"centers": settings.centers} if settings.dataset == "blobs" else {}
    X, y = make_dataset(settings.dataset, settings.samples, settings.noise, settings.seed, **options)
    X[:, 1] *= settings.scale
    k = int(y.max()) + 1
    return Data(X, y, tuple(f"class {i}" for i in range(k)))


def prepare(settings, data):
    """Split ``data``, fit the feature map on the training part only, and transform both parts."""
    X_tr, X_te, y_tr, y_te = train_test_split(data.X, data.y, settings.test_fraction, settings.seed)
    fm = FeatureMap(settings.degree, settings.standardize).fit(X_tr)
    return Prepared(X_tr, X_te, y_tr, y_te, data.classes, data.names, fm, fm.map(X_tr), fm.map(X_te), bounds(data.X))


def config(settings, prep):
    """The trainer's config: the settings with the batch size and the epochs capped to what a run may cost."""
    batch, _ = effective_batch(settings, len(prep.X_train))
    epochs, _ = capped_epochs(settings, len(prep.X_train))
    return TrainConfig(
        settings.learning_rate, epochs, batch, settings.l2, settings.l1, settings.optimizer, settings.seed
    )


def new_trainer(settings, prep):
    """A trainer at zero weights on the prepared data."""
    return Trainer(config(settings, prep), prep.F_train, prep.y_train, prep.n_classes, prep.F_test, prep.y_test)


def run(trainer, max_frames=MAX_FRAMES, max_seconds=None):
    """Train to the end; snapshots for replay (first = where it started, last = the end)."""
    return trainer.run(max_snapshots=max_frames, max_seconds=MAX_SECONDS if max_seconds is None else max_seconds)


def model_of(prep, snap, settings):
    """A fitted ``LogisticRegression`` holding a snapshot's weights (for export and scoring)."""
    m = LogisticRegression(
        learning_rate=settings.learning_rate, epochs=settings.epochs, batch_size=settings.batch_size,
        l2=settings.l2, l1=settings.l1, optimizer=settings.optimizer, random_state=settings.seed,
    )  # fmt: skip
    m.classes_ = np.array(prep.classes, dtype=object)
    m.coef_, m.intercept_ = np.array(snap.coef), np.array(snap.intercept)
    m.n_features_in_ = m.coef_.shape[1]
    return m


def probabilities(prep, coef, intercept, X):
    """Class probabilities (n, k) at raw points X (n, 2)."""
    return class_probabilities(prep.feature_map, np.asarray(coef), np.asarray(intercept), X)


@dataclass(frozen=True)
class Frame:
    """The numbers one chart frame shows (float32 / uint8 to keep the page small)."""

    epoch: int
    shade: np.ndarray  # (r * r,) uint8, x varying fastest: P(class 1) * 255, or class band + confidence for k > 2
    line_x: np.ndarray  # boundary polylines, NaN between them
    line_y: np.ndarray
    wrong_x: np.ndarray  # misclassified points (train and test)
    wrong_y: np.ndarray


def shade_box(box, resolution=SHADE_RESOLUTION):
    """The box spanned by the centres of an r x r grid of cells tiling ``box``."""
    hx, hy = (box[1] - box[0]) / (2 * resolution), (box[3] - box[2]) / (2 * resolution)
    return box[0] + hx, box[1] - hx, box[2] + hy, box[3] - hy


def shade_cells(box, resolution=SHADE_RESOLUTION):
    """Centres (r * r, 2) of the r x r cells tiling ``box``, x varying fastest: where the shading is drawn."""
    return grid(shade_box(box, resolution), resolution)[2]


def shade_codes(P):
    """uint8 codes for probabilities P (..., k): 255 * P(class 1) for two classes; for k classes,
    band k of width 256 // k holds the winning class, its place in the band the winner's confidence."""
    k = P.shape[-1]
    if k == 2:
        return np.round(P[..., 1] * 255).astype(np.uint8)
    band = 256 // k
    win = P.argmax(axis=-1)
    conf = (P.max(axis=-1) - 1 / k) / (1 - 1 / k)  # 0 at a tie, 1 when certain
    return (win * band + np.round(conf * (band - 1))).astype(np.uint8)


def frames(prep, snaps, threshold=0.5, resolution=SHADE_RESOLUTION, line_resolution=40):
    """The chart data of each snapshot; the grid and the points are mapped to features once for all."""
    F_cells = prep.feature_map.map(shade_cells(prep.box, resolution))  # (r * r, m)
    F_points = np.vstack([prep.F_train, prep.F_test])  # (n, m)
    X, y = prep.points
    X = X.astype(np.float32)
    F_line = prep.feature_map.map(grid(prep.box, line_resolution)[2])  # the boundary's grid, mapped once
    out = []
    for snap in snaps:
        coef, b = np.asarray(snap.coef), np.asarray(snap.intercept)
        P = probabilities_of(F_cells @ coef.T + b)  # (r * r, k)
        wrong = predict(probabilities_of(F_points @ coef.T + b), threshold) != y
        lx, ly = as_xy(boundary(prep.feature_map, coef, b, prep.box, line_resolution, threshold, F_line))
        lx, ly = simplify(lx, ly, prep.box)
        if not len(lx):  # no boundary in view (zero weights): one gap keeps the legend entry
            lx, ly = np.array([np.nan]), np.array([np.nan])
        out.append(
            Frame(snap.epoch, shade_codes(P), lx.astype(np.float32), ly.astype(np.float32), X[wrong, 0], X[wrong, 1])
        )
    return out


def frame(prep, snap, threshold=0.5, resolution=SHADE_RESOLUTION):
    """The chart data of one snapshot."""
    return frames(prep, [snap], threshold, resolution)[0]


def simplify(x, y, box, tol=LINE_TOLERANCE):
    """Polylines x, y (NaN between them) with the points dropped that lie within ``tol`` of the rest
    (Ramer-Douglas-Peucker), measured in fractions of the box's width and height."""
    if len(x) < 3:
        return x, y
    x0, x1, y0, y1 = box
    P = np.column_stack([(x - x0) / (x1 - x0), (y - y0) / (y1 - y0)])  # (n, 2) in box units
    gaps = np.flatnonzero(np.isnan(P[:, 0]))
    keep = np.zeros(len(P), dtype=bool)
    keep[gaps] = True
    for lo, hi in zip(np.r_[0, gaps + 1], np.r_[gaps, len(P)]):
        if hi - lo < 1:
            continue
        keep[[lo, hi - 1]] = True
        stack = [(lo, hi - 1)]
        while stack:
            i, j = stack.pop()
            if j <= i + 1:
                continue
            d, ab = P[i + 1 : j] - P[i], P[j] - P[i]  # (m, 2), (2,)
            L = np.hypot(*ab)
            dist = np.abs(ab[0] * d[:, 1] - ab[1] * d[:, 0]) / L if L > 0 else np.hypot(d[:, 0], d[:, 1])
            m = int(np.argmax(dist))
            if dist[m] > tol:
                keep[i + 1 + m] = True
                stack += [(i, i + 1 + m), (i + 1 + m, j)]
    return x[keep], y[keep]


def boundary_xy(prep, coef, intercept, threshold=0.5, resolution=60):
    """x and y (float32, NaN between polylines) of a model's boundary over the plot."""
    x, y = as_xy(boundary(prep.feature_map, np.asarray(coef), np.asarray(intercept), prep.box, resolution, threshold))
    return x.astype(np.float32), y.astype(np.float32)


def data_csv(prep):
    """The data set as CSV text (x1, x2, label, split), safe to open in a spreadsheet."""
    X, y = prep.points
    labels = [prep.classes[c] for c in y]
    return csvdata.to_csv(X, labels, [*prep.names, "label"])


def sklearn_optimum(settings, prep):
    """scikit-learn's optimum of the same objective (l1 = 0): coef (k, m), intercept (k,), or None."""
    return None if settings.l1 > 0 else sklearn_fit(prep.F_train, prep.y_train, settings.l2)


def sklearn_fit(F, y, l2):
    """scikit-learn's solution of mean cross-entropy + l2/2 ||w||^2 on features F (n, m): C = 1 / (l2 n)."""
    C = 1.0 / (l2 * len(F)) if l2 > 0 else np.inf  # C = inf is scikit-learn's "no penalty"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", UserWarning)
        sk = SkLogReg(C=C, tol=1e-10, max_iter=5000).fit(F, y)
    return sk.coef_, sk.intercept_


def diagnose(settings, prep, trainer):
    """Notes on what the run shows: unscaled features, separable data, a capped run."""
    notes = []
    _, cap_note = capped_epochs(settings, len(prep.X_train))
    if cap_note:
        notes.append(cap_note)
    scale = float(np.max(np.abs(prep.F_train))) if prep.F_train.size else 0.0
    if not settings.standardize and scale > 10:
        safe = lipschitz_learning_rate(prep.F_train, prep.n_classes, settings.l2)
        notes.append(
            f"Features reach {scale:.3g} in size without standardization, so gradient steps are large: a learning "
            f"rate above about {safe:.2g} diverges. Turn on Standardize to put every feature on scale 1."
        )
    if settings.l2 == 0 and trainer.state.epoch > 5 and trainer.measure()["train_accuracy"] == 1.0:
        norm = float(np.linalg.norm(trainer.state.W))
        notes.append(
            f"The training data are perfectly separable: the loss can always fall further by making the weights "
            f"larger, so they keep growing (|w| = {norm:.3g} now) and the boundary gets ever sharper. An L2 "
            "penalty gives the weights a finite optimum."
        )
    return notes


def batch_label(settings, prep):
    """'mini-batch of 32', 'full batch (150)' or 'SGD (batch 1)'."""
    b, kind = effective_batch(settings, len(prep.X_train))
    if kind == "SGD":
        return "SGD (batch 1)"
    return f"full batch ({b})" if kind == "full batch" else f"mini-batch of {b}"


def steps_per_epoch(settings, prep):
    b, _ = effective_batch(settings, len(prep.X_train))
    return math.ceil(len(prep.X_train) / b)
