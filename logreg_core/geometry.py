"""Where the model draws its line: probability grids over the data and decision boundaries as polylines."""

import numpy as np

from . import ops


def bounds(X, margin=0.1):
    """(x_min, x_max, y_min, y_max) covering X (n, 2) with ``margin`` of the span on every side."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = np.maximum(hi - lo, 1e-9) * margin + (hi == lo)  # a flat axis still gets a span of 2
    return float(lo[0] - pad[0]), float(hi[0] + pad[0]), float(lo[1] - pad[1]), float(hi[1] + pad[1])


def grid(box, resolution=50):
    """Axes xs (r,), ys (r,) and points (r*r, 2) of a square grid over ``box``, x varying fastest."""
    xs = np.linspace(box[0], box[1], resolution)
    ys = np.linspace(box[2], box[3], resolution)
    gx, gy = np.meshgrid(xs, ys)  # (r, r) each
    return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])


def logits(feature_map, coef, intercept, points):
    """Logits (m, k) of a model (coef (k, d), intercept (k,)) at raw points (m, 2)."""
    F = points if feature_map is None else feature_map.map(points)
    return F @ coef.T + intercept


def class_probabilities(feature_map, coef, intercept, points):
    """Probabilities (m, n_classes) of every class at raw points (m, 2); two classes give two columns."""
    return probabilities_of(logits(feature_map, coef, intercept, points))


def probabilities_of(Z):
    """Probabilities (m, n_classes) from logits (m, k): two columns for the one-logit model too."""
    P = ops.probabilities(Z)
    return np.concatenate([1 - P, P], axis=1) if P.shape[1] == 1 else P


def probability_grid(feature_map, coef, intercept, box, resolution=50):
    """xs, ys and class probabilities P of shape (r, r, n_classes) over ``box``."""
    xs, ys, pts = grid(box, resolution)
    P = class_probabilities(feature_map, coef, intercept, pts)
    return xs, ys, P.reshape(len(ys), len(xs), -1)


def boundary(feature_map, coef, intercept, box, resolution=50, threshold=0.5, grid_features=None):
    """The decision boundary as a list of polylines, each an (m, 2) array of raw points.

    Two classes: where P(class 1) = threshold; the exact clipped segment for a linear model.
    More classes: the borders between the regions where each class is the most probable.
    ``grid_features`` may hold ``feature_map.map`` of ``grid(box, resolution)``'s points, to reuse
    across many models on one grid.
    """
    linear = feature_map is None or getattr(feature_map, "degree", 1) == 1
    if coef.shape[0] == 1 and linear:
        w, b = coef[0], intercept[0] - np.log(threshold / (1 - threshold))
        if feature_map is not None:
            A, c = feature_map.raw_affine()
            w, b = w * A, b + w @ c
        seg = linear_segment(w, b, box)
        return [] if seg is None else [seg]
    xs, ys, pts = grid(box, resolution)
    F = (pts if feature_map is None else feature_map.map(pts)) if grid_features is None else grid_features
    Z = (F @ coef.T + intercept).reshape(len(ys), len(xs), -1)  # (r, r, k)
    if Z.shape[2] == 1:
        return contour(xs, ys, Z[:, :, 0], np.log(threshold / (1 - threshold)))
    lines = []
    for c in range(Z.shape[2] - 1):  # every border touches a class other than the last
        others = np.delete(Z, c, axis=2).max(axis=2)
        lines += contour(xs, ys, Z[:, :, c] - others, 0.0)
    return lines


def linear_segment(w, b, box):
    """The part of the line w . x + b = 0 inside ``box``, as a (2, 2) array, or None if it misses."""
    x0, x1, y0, y1 = box
    pts = []
    if abs(w[1]) > 1e-12:
        for x in (x0, x1):
            pts.append((x, -(b + w[0] * x) / w[1]))
    if abs(w[0]) > 1e-12:
        for y in (y0, y1):
            pts.append((-(b + w[1] * y) / w[0], y))
    eps = 1e-9 * max(x1 - x0, y1 - y0)
    inside = [p for p in pts if x0 - eps <= p[0] <= x1 + eps and y0 - eps <= p[1] <= y1 + eps]
    if len(inside) < 2:
        return None
    inside.sort()
    return np.array([inside[0], inside[-1]])


def contour(xs, ys, F, level=0.0):
    """Marching squares: the level set F = level of a grid F (ny, nx) as a list of (m, 2) polylines."""
    ny, nx = F.shape
    above = F > level
    # crossing points on horizontal edges (ny, nx-1) and vertical edges (ny-1, nx), linearly interpolated
    with np.errstate(divide="ignore", invalid="ignore"):
        th = np.clip((level - F[:, :-1]) / (F[:, 1:] - F[:, :-1]), 0, 1)
        tv = np.clip((level - F[:-1, :]) / (F[1:, :] - F[:-1, :]), 0, 1)
    hx = xs[:-1] + th * np.diff(xs)  # (ny, nx-1)
    hy = np.broadcast_to(ys[:, None], hx.shape)
    vy = ys[:-1, None] + tv * np.diff(ys)[:, None]  # (ny-1, nx)
    vx = np.broadcast_to(xs[None, :], vy.shape)
    points = np.concatenate([np.column_stack([hx.ravel(), hy.ravel()]), np.column_stack([vx.ravel(), vy.ravel()])])
    H = ny * (nx - 1)
    hid = np.arange(H).reshape(ny, nx - 1)
    vid = H + np.arange((ny - 1) * nx).reshape(ny - 1, nx)
    # each cell's four edges, counter-clockwise: bottom, right, top, left
    ids = np.stack([hid[:-1], vid[:, 1:], hid[1:], vid[:, :-1]], axis=-1)  # (ny-1, nx-1, 4)
    a, b, c, d = above[:-1, :-1], above[:-1, 1:], above[1:, 1:], above[1:, :-1]
    cross = np.stack([a != b, b != c, d != c, a != d], axis=-1)  # (ny-1, nx-1, 4)
    count = cross.sum(axis=-1)
    pairs = [ids[count == 2][cross[count == 2]].reshape(-1, 2)]
    saddle = count == 4
    if saddle.any():
        s_ids = ids[saddle]  # (m, 4)
        center = (F[:-1, :-1] + F[:-1, 1:] + F[1:, 1:] + F[1:, :-1])[saddle] / 4 > level
        same = center == a[saddle]  # the centre joins corner a's side: cut off corners b and d
        pairs.append(np.where(same[:, None], s_ids[:, [0, 1]], s_ids[:, [0, 3]]))
        pairs.append(np.where(same[:, None], s_ids[:, [2, 3]], s_ids[:, [1, 2]]))
    return [points[chain] for chain in _chains(np.concatenate(pairs))]


def _chains(pairs):
    """Join segments (m, 2) of point ids into chains of ids (open ones first, then closed loops)."""
    nbrs = {}
    for p, q in pairs.tolist():
        nbrs.setdefault(p, []).append(q)
        nbrs.setdefault(q, []).append(p)
    seen, chains = set(), []
    starts = [p for p, ns in nbrs.items() if len(ns) == 1] + list(nbrs)
    for start in starts:
        if start in seen:
            continue
        chain, prev, cur = [start], None, start
        seen.add(start)
        while True:
            nxt = [n for n in nbrs[cur] if n != prev and n not in seen]
            if not nxt:
                if len(chain) > 2 and start in nbrs[cur]:
                    chain.append(start)  # close the loop
                break
            prev, cur = cur, nxt[0]
            seen.add(cur)
            chain.append(cur)
        if len(chain) > 1:
            chains.append(chain)
    return chains


def as_xy(polylines):
    """Polylines joined into x and y arrays with NaN gaps between them, as a line chart wants."""
    if not polylines:
        return np.array([]), np.array([])
    parts = []
    for line in polylines:
        parts += [line, np.full((1, 2), np.nan)]
    xy = np.concatenate(parts[:-1])
    return xy[:, 0], xy[:, 1]
