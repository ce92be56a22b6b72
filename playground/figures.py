"""Plotly figures: one figure, loss curve on the left and the data with its boundary on the right,
so the two move together under one slider. Built as plain dicts of compact arrays, validated never."""

import base64

import numpy as np
import plotly.graph_objects as go

from . import engine
from .text import escape_html

COLORS = ("#1971c2", "#e8590c", "#2f9e44", "#9c36b5", "#c2255c", "#0c8599",
          "#f08c00", "#5f3dc4", "#66a80f", "#495057")  # one per class: a CSV may have up to 10  # fmt: skip
FRAME_MS = 16  # replay speed: Plotly steps on the first screen refresh after this, so every refresh at 60 Hz
# px: pages draw the chart at most this wide (st.plotly_chart's width), so the shading squares never leave
# gaps. Never put into the layout: Plotly would draw at that width first and, on a narrower page, the
# replayed traces stayed shifted from their axes after the resize.
WIDTH = 1100
PLAY, PAUSE, REPLAY = "▶ Play", "❚❚ Pause", "⟲ Replay"


class Spec(go.Figure):
    """A figure already in plotly.js form. ``st.plotly_chart`` sends it as it is: no validation pass
    and no deep copy per rerun (the unit tests validate every spec once with ``go.Figure``)."""

    def __init__(self, spec):  # deliberately skips go.Figure's validating constructor
        object.__setattr__(self, "spec", spec)

    def to_dict(self):
        return self.spec

    def to_plotly_json(self):
        return self.spec


DTYPES = {"float32": "f4", "float64": "f8", "uint8": "u1", "int32": "i4"}


def typed(a):
    """A NumPy array as a plotly.js typed array (base64), far smaller than a JSON list of numbers."""
    a = np.ascontiguousarray(a)
    out = {"dtype": DTYPES[str(a.dtype)], "bdata": base64.b64encode(a).decode("ascii")}
    if a.ndim > 1:
        out["shape"] = ", ".join(map(str, a.shape))
    return out


def _tint(hex_color, amount):
    """``hex_color`` mixed with white: amount 0 is white, 1 the colour itself."""
    rgb = np.array([int(hex_color[i : i + 2], 16) for i in (1, 3, 5)])
    mixed = np.round(255 - amount * (255 - rgb)).astype(int)
    return f"rgb({mixed[0]},{mixed[1]},{mixed[2]})"


def colorscale(k):
    """Shading for the uint8 codes of ``engine.shade_codes``."""
    if k == 2:
        return [[0, _tint(COLORS[0], 0.55)], [0.5, "rgb(255,255,255)"], [1, _tint(COLORS[1], 0.55)]]
    band = 256 // k
    scale = []
    for c in range(k):
        lo, hi = c * band / 255, 1.0 if c == k - 1 else (c * band + band - 1) / 255  # must end exactly at 1
        scale += [[lo, _tint(COLORS[c], 0.12)], [hi, _tint(COLORS[c], 0.6)]]
    return scale


def shading_marker(k, width, height, r):
    """Marker of the r x r shading squares over a plot of width x height px: big enough to tile it."""
    size = int(np.ceil(max(width, height) / r)) + 1
    return {"symbol": "square", "size": size, "cmin": 0, "cmax": 255, "colorscale": colorscale(k), "line": {"width": 0}}


def merge_frame(trace, changes):
    """Merge one frame's ``changes`` into ``trace`` as plotly.js does: the marker key by key, the rest whole."""
    trace.update({key: {**trace.get(key, {}), **value} if key == "marker" else value for key, value in changes.items()})


def _frame_traces(f, curves, upto):
    """The changing parts of the animated traces in one frame: loss prefixes, shading colours, boundary,
    misclassified points. Plotly merges them into the traces, so nothing else needs repeating."""
    return [
        {"y": typed(curves["train"][:upto])},
        {"y": typed(curves["test"][:upto])},
        {"marker": {"color": typed(f.shade)}},
        {"x": typed(f.line_x), "y": typed(f.line_y)},
        {"x": typed(f.wrong_x), "y": typed(f.wrong_y)},
    ]


ANIMATED = [0, 1, 2, 3, 4]  # trace indices the frames update


# the gap leaves room for the data panel's tick labels and axis title; its legend sits on its right
LOSS_DOMAIN, DATA_DOMAIN = (0, 0.32), (0.44, 0.85)
# Margins (px) as wide as the axis labels, legends, buttons and slider need. Narrower ones make Plotly
# grow them and lay the whole figure out again on its first draw.
MARGIN = {"l": 74, "r": 22, "t": 46, "b": 70}
MARGIN_REPLAY = {"t": 58, "b": 124}  # room for Play / Pause / Replay above and the slider below


def figure(
    prep, frames, curves, *, start=0, play_from=None, token="", optimum=None, batch=None, steps=None, height=470
):
    """The playground's figure.

    frames : list of engine.Frame, one per snapshot; more than one adds a slider and Play/Pause.
    curves : {"train": (E+1,) float32, "test": (E+1,) float32 or empty}, loss per epoch from epoch 0.
    start : index of the frame this figure opens on.
    play_from : the frame Play starts from (None: from the current frame, or the first).
    optimum : (x, y) of scikit-learn's boundary, drawn dashed.
    batch : (m, 2) points of the last mini-batch, ringed.
    steps : (x, y) of the train loss after each Step (x in fractional epochs), drawn as dots.
    """
    k, has_test = len(prep.classes), len(prep.y_test) > 0
    x0, x1, y0, y1 = prep.box
    r = int(round(np.sqrt(frames[0].shade.size)))
    gx, gy = engine.shade_cells(prep.box, r).astype(np.float32).T
    panel_w = (WIDTH - MARGIN["l"] - MARGIN["r"]) * (DATA_DOMAIN[1] - DATA_DOMAIN[0])  # the data panel at its widest
    shade_marker = shading_marker(k, panel_w, height - MARGIN["t"] - MARGIN["b"], r)
    f = frames[start]
    upto = f.epoch + 1
    loss_top = float(np.nanmax(np.concatenate([curves["train"], curves["test"]]))) if len(curves["train"]) else 1.0
    data = [
        {"type": "scatter", "mode": "lines", "name": "train loss", "x0": 0, "dx": 1, "line": {"color": "#212529", "width": 3}},
        {"type": "scatter", "mode": "lines", "name": "test loss", "x0": 0, "dx": 1, "line": {"color": "#868e96", "width": 3, "dash": "dash"}},
        {
            "type": "scatter", "mode": "markers", "x": typed(gx), "y": typed(gy), "hoverinfo": "skip", "showlegend": False,
            "xaxis": "x2", "yaxis": "y2",
            "marker": shade_marker,
        },
        {"type": "scatter", "mode": "lines", "name": "boundary", "xaxis": "x2", "yaxis": "y2", "line": {"color": "#212529", "width": 3}, "hoverinfo": "skip", "legend": "legend2"},
        {
            "type": "scatter", "mode": "markers", "name": "misclassified", "xaxis": "x2", "yaxis": "y2", "hoverinfo": "skip", "legend": "legend2",
            "marker": {"symbol": "x-thin-open", "size": 12, "color": "#c92a2a", "line": {"width": 2.5, "color": "#c92a2a"}},
        },
    ]  # fmt: skip
    for trace, changes in zip(data, _frame_traces(f, curves, upto)):
        merge_frame(trace, changes)
    data.append(points_trace(*prep.points, len(prep.y_train), k))
    if optimum is not None:
        data.append(
            {"type": "scatter", "mode": "lines", "name": "scikit-learn<br>optimum", "x": typed(optimum[0].astype(np.float32)), "y": typed(optimum[1].astype(np.float32)),
             "xaxis": "x2", "yaxis": "y2", "line": {"color": "#495057", "width": 2, "dash": "dot"}, "hoverinfo": "skip", "legend": "legend2"}
        )  # fmt: skip
    if batch is not None:
        data.append(
            {"type": "scatter", "mode": "markers", "name": "this step's batch", "x": typed(batch[:, 0].astype(np.float32)), "y": typed(batch[:, 1].astype(np.float32)),
             "xaxis": "x2", "yaxis": "y2", "hoverinfo": "skip", "legend": "legend2",
             "marker": {"symbol": "circle-open", "size": 17, "color": "#f59f00", "line": {"width": 3, "color": "#f59f00"}}}
        )  # fmt: skip
    if steps is not None:
        data.append(
            {"type": "scatter", "mode": "lines+markers", "name": "after each step", "x": typed(steps[0]), "y": typed(steps[1]),
             "line": {"color": "#f59f00", "width": 2}, "marker": {"size": 7, "color": "#f59f00"}}
        )  # fmt: skip
        loss_top = max(loss_top, float(np.nanmax(steps[1])))
    layout = {
        "height": height,
        "margin": dict(MARGIN),
        "font": {"size": 15},
        "xaxis": {"domain": LOSS_DOMAIN, "title": {"text": "epoch"}, "range": [0, max(len(curves["train"]) - 1, 1)]},
        "yaxis": {"title": {"text": "cross-entropy"}, "range": [0, loss_top * 1.05], "rangemode": "tozero"},
        "xaxis2": {"domain": DATA_DOMAIN, "range": [x0, x1], "title": {"text": escape_html(prep.names[0])}, "showgrid": False, "zeroline": False},
        "yaxis2": {"anchor": "x2", "range": [y0, y1], "title": {"text": escape_html(prep.names[1])}, "showgrid": False, "zeroline": False},
        "legend": {"orientation": "h", "x": 0, "y": 1.01, "yanchor": "bottom", "font": {"size": 13}},
        "legend2": {"x": DATA_DOMAIN[1] + 0.01, "y": 0, "yanchor": "bottom", "font": {"size": 13}},  # the class key is above
        "annotations": [class_key(prep.classes, has_test)],
        "meta": token,
        "uirevision": "keep",
        "hovermode": False,  # no hover layer to rebuild on every replay frame
    }  # fmt: skip
    fig_frames = []
    if len(frames) > 1:
        names = [str(i) for i in range(len(frames))]
        fig_frames = [
            {"name": n, "data": _frame_traces(fr, curves, fr.epoch + 1), "traces": ANIMATED}
            for n, fr in zip(names, frames)
        ]
        buttons = {"x": DATA_DOMAIN[0], "y": 1.13, "xanchor": "left", "pad": {"r": 6, "t": 0}}
        slider = {
            "x": DATA_DOMAIN[0],
            "len": DATA_DOMAIN[1] - DATA_DOMAIN[0],
            "y": -0.2,
            "yanchor": "top",
            "pad": {"t": 10},
        }
        epochs = [fr.epoch for fr in frames]  # the page's counter follows the replay (playground.replay)
        layout.update(replay_controls(epochs, start, buttons, slider, play_from=play_from, counter_elsewhere=True))
        layout["annotations"] += slider_ends(slider, epochs)
        layout["height"] = height + 60
        layout["margin"].update(MARGIN_REPLAY)
    return Spec({"data": data, "layout": layout, "frames": fig_frames})


def replay_controls(
    epochs, start, buttons, slider, *, play_from=None, frame_ms=FRAME_MS, redraw=False, replay=True, fromcurrent=True,
    counter_elsewhere=False,
):  # fmt: skip
    """Layout of Play / Pause (/ Replay) buttons and an epoch slider over frames named "0", "1", ...

    epochs : the epoch each frame shows (the slider's labels); start : the slider's frame at first.
    buttons, slider : where each goes (x, y, anchors, pad, len). play_from : the frame Play starts
    from (None: the current one, or the first); Replay always starts from the first.
    counter_elsewhere : the page shows the frame's epoch itself, so the slider has no "epoch N" readout
        and no step labels (each step keeps its epoch as its value); ``slider_ends`` labels its ends.
        Plotly measures the text of every distinct label when it draws a slider: 101 labels cost
        about 100 ms of a browser's first draw, and it picks which labels to show by their width.
    """
    names = [str(i) for i in range(len(epochs))]
    play = {
        "frame": {"duration": frame_ms, "redraw": redraw},
        "transition": {"duration": 0},
        "mode": "immediate",
        "fromcurrent": fromcurrent,
    }
    still = {"mode": "immediate", "frame": {"duration": 0, "redraw": redraw}, "transition": {"duration": 0}}
    menu = [
        {"label": PLAY, "method": "animate", "args": [names[play_from:] if play_from else None, play]},
        {"label": PAUSE, "method": "animate", "args": [[None], still]},
    ]
    if replay:
        menu.append({"label": REPLAY, "method": "animate", "args": [None, {**play, "fromcurrent": False}]})
    steps = [
        {"label": "" if counter_elsewhere else str(e), "value": str(e), "method": "animate", "args": [[n], still]}
        for n, e in zip(names, epochs)
    ]
    current = {"visible": False} if counter_elsewhere else {"prefix": "epoch ", "font": {"size": 14}}
    return {
        "updatemenus": [{"type": "buttons", "direction": "left", "showactive": False, **buttons, "buttons": menu}],
        "sliders": [{"active": start, "currentvalue": current, **slider, "steps": steps}],
    }  # fmt: skip


def slider_ends(slider, epochs):
    """Annotations naming the first and last epoch above the ends of a slider without step labels."""
    ends = [(0, "left", 10, f"epoch {epochs[0]}"), (1, "right", -10, f"epoch {epochs[-1]}")]  # steps sit 10 px in
    return [
        {"xref": "paper", "yref": "paper", "x": slider["x"] + f * slider["len"], "y": slider["y"], "xanchor": anchor,
         "yanchor": "bottom", "xshift": shift, "showarrow": False, "text": text,
         "font": {"size": 13, "color": "#868e96"}}
        for f, anchor, shift, text in ends
    ]  # fmt: skip


def points_trace(X, y, n_train, k, size=9, widths=(1.0, 2.5)):
    """Every data point in one trace, the first ``n_train`` of X (n, 2), y (n,) train, the rest test: train
    points filled with their class colour, test points ringed (outline widths ``widths``). One trace, not two
    per class: Plotly's replay revisits every trace on every frame, at about a millisecond each however small."""
    X, code = X.astype(np.float32), y.astype(np.uint8)  # colour c of the palette below
    test = np.arange(len(code)) >= n_train
    white = np.uint8(k)
    palette = [COLORS[c % len(COLORS)] for c in range(k)] + ["white"]
    scale = [[i / k, color] for i, color in enumerate(palette)]  # code i sits exactly on stop i
    return {
        "type": "scatter", "mode": "markers", "name": "data", "x": typed(X[:, 0]), "y": typed(X[:, 1]),
        "xaxis": "x2", "yaxis": "y2", "showlegend": False, "hoverinfo": "skip",
        "marker": {"size": size, "color": typed(np.where(test, white, code)), "colorscale": scale, "cmin": 0, "cmax": k,
                   "line": {"color": typed(np.where(test, code, white)), "colorscale": scale, "cmin": 0, "cmax": k,
                            "width": typed(np.where(test, *widths[::-1]).astype(np.float32))}},
    }  # fmt: skip


def class_key(classes, has_test, x=DATA_DOMAIN[1] + 0.01, y=1, yanchor="top"):
    """A key to the data points, its left edge at paper x and its ``yanchor`` edge at paper y: a coloured
    dot and the name of each class (a legend without a trace per class), and how train and test points differ."""
    lines = [
        f'<span style="color:{COLORS[c % len(COLORS)]};font-size:17px">●</span> {escape_html(name)}'
        for c, name in enumerate(classes)
    ]
    lines += ['<span style="color:#868e96">filled: train</span>'] + (
        ['<span style="color:#868e96">ringed: test</span>'] if has_test else []
    )
    return {
        "xref": "paper", "yref": "paper", "x": x, "y": y, "xanchor": "left", "yanchor": yanchor,
        "align": "left", "showarrow": False, "text": "<br>".join(lines), "font": {"size": 13},
    }  # fmt: skip


def roc_figure(fpr, tpr, auc, threshold_point=None):
    """ROC curve with the chance diagonal and the current threshold's point."""
    data = [
        {"type": "scatter", "x": [0, 1], "y": [0, 1], "mode": "lines", "line": {"dash": "dot", "color": "#adb5bd"}, "name": "chance"},
        {"type": "scatter", "x": typed(fpr.astype(np.float32)), "y": typed(tpr.astype(np.float32)), "mode": "lines", "line": {"color": COLORS[0], "width": 3}, "name": f"AUC {auc:.3f}"},
    ]  # fmt: skip
    if threshold_point is not None:
        data.append({"type": "scatter", "x": [threshold_point[0]], "y": [threshold_point[1]], "mode": "markers",
                     "marker": {"size": 13, "color": COLORS[1]}, "name": "threshold"})  # fmt: skip
    layout = {
        "height": 320, "margin": {"l": 50, "r": 10, "t": 10, "b": 40}, "font": {"size": 14},
        "xaxis": {"title": {"text": "false positive rate"}, "range": [0, 1]},
        "yaxis": {"title": {"text": "true positive rate"}, "range": [0, 1.02]},
        "legend": {"x": 0.55, "y": 0.1},
    }  # fmt: skip
    return Spec({"data": data, "layout": layout})
