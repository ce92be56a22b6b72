"""Code for live coding (no Streamlit): the core's own source of each step, and a standalone NumPy
script that reproduces one playground run, weight for weight.

The script embeds the training data and the fitted feature map as float literals (``repr`` round-trips
exactly), shuffles each epoch exactly as ``trainer.epoch_order`` does, and spells out the same update
math as ``logreg_core.optim``, so it prints the same final weights as the core's ``Trainer``.
"""

import ast
import inspect
import textwrap
from pathlib import Path
from string import Template

import numpy as np

from logreg_core import ops, optim
from logreg_core.trainer import Trainer

from . import engine

SOURCES = (
    ("The probability", (ops.sigmoid, ops.softmax)),
    ("The loss, from the logits", (ops.binary_cross_entropy, ops.cross_entropy)),
    ("Its gradient", (ops.binary_cross_entropy_grad, ops.cross_entropy_grad)),
    ("The update rules", (optim.sgd, optim.momentum, optim.adam)),
    ("One training step", (Trainer._gradient_step,)),
)
ROOT = Path(__file__).resolve().parents[1]
FILE_NAME = "logreg_run.py"


def source(f):
    """(where, code): 'logreg_core/ops.py, line 12' and the function's source, read from the live code."""
    path = Path(inspect.getsourcefile(f)).resolve()
    where = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    return f"{where}, line {inspect.getsourcelines(f)[1]}", textwrap.dedent(inspect.getsource(f))


def core_sources():
    """[(title, [(where, code), ...])] for each step of training, in the order a workshop builds them."""
    return [(title, [source(f) for f in funcs]) for title, funcs in SOURCES]


# ---- the exported script ---------------------------------------------------------------------------

HEADER = Template('''"""Logistic regression from scratch: one run of the logistic regression playground, reproduced.

Data: $data.
Features: $features.
Training: $optimizer, learning rate $lr, $epochs epochs, $batching, seed $seed, L2 $l2, L1 $l1.
Needs only NumPy: python $file_name
"""

import numpy as np

# ---- settings ---------------------------------------------------------------------------------------
learning_rate = $lr
epochs = $epochs$epochs_note
batch_size = $batch  # $batching
l2 = $l2  # objective += l2 / 2 * ||W||^2
l1 = $l1  # objective += l1 * |W|_1
seed = $seed  # $seed_note
''')

BINARY = '''

# ---- the model: z = X W + b, p = sigmoid(z); the loss and its gradient from the logits -------------


def sigmoid(z):
    """1 / (1 + exp(-z)), without overflow: exp only ever sees -|z|."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def loss(X, Y, W, b):
    """Mean cross-entropy -[y log p + (1 - y) log(1 - p)] = log(1 + e^z) - y z, plus the penalties."""
    z = X @ W + b  # (n, 1)
    return np.mean(np.logaddexp(0, z) - Y * z) + l2 / 2 * np.sum(W * W) + l1 * np.sum(np.abs(W))


def gradient(X1, Y, theta):
    """d loss / d theta, (d + 1, 1): the error p - y times the input, averaged over the batch."""
    p = sigmoid(X1 @ theta)  # (n, 1)
    grad = (X1 * (1.0 / len(X1))).T @ (p - Y)  # the batch mean, taken as the playground takes it
    grad[:-1] += l2 * theta[:-1]  # the penalties leave the intercept, the last row, alone
    grad[:-1] += l1 * np.sign(theta[:-1])
    return grad


def predict(X, W, b):
    """Class 1 where p > 0.5, that is where z > 0."""
    return (X @ W + b)[:, 0] > 0
'''

MULTICLASS = '''

# ---- the model: z = X W + b, p = softmax(z); the loss and its gradient from the logits -------------


def softmax(Z):
    """Row-wise exp(Z) / sum(exp(Z)), the row max subtracted first so exp never overflows."""
    E = np.exp(Z - Z.max(axis=1, keepdims=True))  # (n, k)
    return E / E.sum(axis=1, keepdims=True)


def loss(X, Y, W, b):
    """Mean cross-entropy -sum_k y_k log p_k = logsumexp(z) - z_y, plus the penalties."""
    Z = X @ W + b  # (n, k)
    top = Z.max(axis=1)  # (n,)
    logsumexp = top + np.log(np.exp(Z - top[:, None]).sum(axis=1))
    return np.mean(logsumexp - (Y * Z).sum(axis=1)) + l2 / 2 * np.sum(W * W) + l1 * np.sum(np.abs(W))


def gradient(X1, Y, theta):
    """d loss / d theta, (d + 1, k): the error p - y times the input, averaged over the batch."""
    P = softmax(X1 @ theta)  # (n, k)
    grad = (X1 * (1.0 / len(X1))).T @ (P - Y)  # the batch mean, taken as the playground takes it
    grad[:-1] += l2 * theta[:-1]  # the penalties leave the intercept, the last row, alone
    grad[:-1] += l1 * np.sign(theta[:-1])
    return grad


def predict(X, W, b):
    """The class with the largest logit."""
    return (X @ W + b).argmax(axis=1)
'''

UPDATES = {
    "sgd": Template('''

# ---- the update: plain gradient descent -------------------------------------------------------------


def update(p, g):
    """p <- p - learning_rate * g, in place."""
    p -= learning_rate * g
'''),
    "momentum": Template('''

# ---- the update: gradient descent with momentum -----------------------------------------------------
momentum = $momentum  # how much of its last step each step keeps


def update(p, g, v):
    """v <- momentum * v + g;  p <- p - learning_rate * v, both in place."""
    v[:] = momentum * v + g
    p -= learning_rate * v
'''),
    "adam": Template('''

# ---- the update: Adam -------------------------------------------------------------------------------
beta1, beta2, eps = $beta1, $beta2, $eps


def update(p, g, m, v, t):
    """Running means m of g and v of g^2, bias-corrected at step t; p <- p - lr * m_hat / (sqrt(v_hat) + eps)."""
    m[:] = beta1 * m + (1 - beta1) * g
    v[:] = beta2 * v + (1 - beta2) * g * g
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    p -= learning_rate * m_hat / (np.sqrt(v_hat) + eps)
'''),
}

STATE = {  # optimizer state, and the update call of one step
    "sgd": ("", "update(theta, grad)"),
    "momentum": ("v = np.zeros_like(theta)  # velocity\n", "update(theta, grad, v)"),
    "adam": (
        "m = np.zeros_like(theta)  # running mean of the gradient\n"
        "v = np.zeros_like(theta)  # running mean of its square\n"
        "t = 0  # steps taken\n",
        "t += 1\nupdate(theta, grad, m, v, t)",
    ),
}

TRAIN = Template('''

# ---- training ---------------------------------------------------------------------------------------


def train(X, y):
    """Gradient descent from zero weights on features X (n, d) and class codes y (n,); returns W (d, k), b (k,)."""
    n, d = X.shape
    Y = $targets
    X1 = np.hstack([X, np.ones((n, 1))])  # the intercept is the weight of a feature that is always 1
    theta = np.zeros((d + 1, $k))  # W, with the intercept b as its last row
$state    for epoch in range(epochs):
$loop        if (epoch + 1) % $report == 0:
            print(f"epoch {epoch + 1:4d}  loss {loss(X, Y, theta[:-1], theta[-1]):.6f}")
    return theta[:-1], theta[-1]
''')

MINI_BATCH = """order = np.random.default_rng([seed, epoch]).permutation(n)  # a fresh shuffle each epoch
for start in range(0, n, batch_size):
    batch = order[start : start + batch_size]
    grad = gradient(X1[batch], Y[batch], theta)
$calls
"""
FULL_BATCH = """grad = gradient(X1, Y, theta)  # full batch: every sample, in order, one step per epoch
$calls
"""

MAIN = Template("""

if __name__ == "__main__":
    X = features(X_raw)  # (n, $m)
    W, b = train(X, y)
    print("train accuracy =", np.mean(predict(X, W, b) == y))
    print("coef =", W.T.tolist())  # (k, $m): one row per logit, as scikit-learn's coef_
    print("intercept =", b.tolist())
""")


def _lit(v):
    """An exact Python literal of a float."""
    return repr(float(v))


def _vector(a):
    """np.array([...]) of exact float literals, over several lines when long."""
    one_line = "np.array([" + ", ".join(_lit(v) for v in a) + "])"
    return one_line if len(one_line) <= 90 else "np.array([\n" + _wrapped([_lit(v) for v in a]) + ",\n])"


def _wrapped(items, indent="    "):
    """Comma-separated items over lines of at most 110 characters."""
    return textwrap.fill(", ".join(items), 110, initial_indent=indent, subsequent_indent=indent)


def _features(fm):
    """The feature map's code and its fitted numbers as literals."""
    poly, std = fm.degree > 1, fm.standardize
    if not poly and not std:
        return (
            '\n\ndef features(X_raw):\n    """The raw inputs, as they are (no standardizing, degree 1)."""\n    return X_raw\n',
            "",
        )
    body = ["X = (X_raw - mean) / scale  # z-scores with the training part's mean and std"] if std else ["X = X_raw"]
    literals = [f"mean = {_vector(fm.mean_in_)}", f"scale = {_vector(fm.scale_in_)}"] if std else []
    if poly:
        names = list(fm.get_feature_names_out())
        names = ", ".join(names if len(names) <= 5 else [*names[:4], "..."])
        body.append(f"X = np.prod(X[:, None, :] ** powers, axis=2)  # (n, {len(fm.powers_)}): {names}")
        rows = ", ".join("[" + ", ".join(map(str, p)) + "]" for p in fm.powers_)
        literals.append(f"powers = np.array([{rows}])  # exponents of x1, x2 in each term")
        if std:
            body.append("X = (X - poly_mean) / poly_scale  # and each term standardized again")
            literals += [f"poly_mean = {_vector(fm.mean_out_)}", f"poly_scale = {_vector(fm.scale_out_)}"]
    what = "z-scores" if std else "the raw inputs"
    what += f", then every monomial up to degree {fm.degree}" if poly else ""
    code = f'\n\ndef features(X_raw):\n    """The playground\'s feature map: {what}."""\n'
    code += "".join(f"    {line}\n" for line in body) + "    return X\n"
    return code, "\n".join(literals) + "\n"


def _data(prep, literals, max_rows=None):
    """The training split and the feature map's numbers, embedded exactly (only ``max_rows`` of X when given)."""
    n, d = prep.X_train.shape
    shown = prep.X_train if max_rows is None else prep.X_train[:max_rows]
    rows = "\n".join(f"    [{', '.join(_lit(v) for v in row)}]," for row in shown)
    if len(shown) < n:
        rows += f"\n    # ... {n - len(shown)} more rows in the downloaded script"
    codes = _wrapped([str(int(c)) for c in prep.y_train])
    return (
        "\n\n# ---- the data: the playground's training split and fitted feature map, as exact literals ----------\n"
        f"X_raw = np.array([\n{rows}\n])  # ({n}, {d})\n"
        f"y = np.array([\n{codes}\n])  # ({n},) class codes\n"
        f"classes = {list(map(str, prep.classes))!r}  # the name of each class code\n" + literals
    )


def describe_data(settings, prep):
    """'moons, 200 samples, noise 0.2, seed 0 (150 for training)' for the script's docstring."""
    n = len(prep.y_train)
    if settings.dataset == "custom":
        return f"your data from the Data page ({n} training points, {prep.n_classes} classes)"
    extra = f", {settings.centers} centers" if settings.dataset == "blobs" else ""
    scale = f", x2 scaled by {settings.scale:g}" if settings.scale != 1 else ""
    return (
        f"{settings.dataset}, {settings.samples} samples, noise {settings.noise:g}{extra}{scale}, seed {settings.seed}; "
        f"the {n} training points of a {1 - settings.test_fraction:g} split"
    )


def script(settings, prep, max_rows=None):
    """A standalone NumPy script that trains from zero weights as the core's ``Trainer`` does on ``prep``
    with ``settings`` (epochs capped as the playground caps them) and prints the final coef and intercept.

    ``max_rows`` embeds only that many rows of the data: a shorter text to read, no longer the same run."""
    cfg = engine.config(settings, prep)
    n, k = len(prep.y_train), prep.n_classes
    full = cfg.batch_size >= n
    batching = "full batch" if full else f"mini-batches of {cfg.batch_size}, {engine.steps_per_epoch(settings, prep)} steps per epoch"  # fmt: skip
    fm = prep.feature_map
    features = ("standardized" if fm.standardize else "raw") + f", polynomial degree {fm.degree}"
    capped = f"  # capped from {settings.epochs}: a run is limited in steps" if cfg.epochs != settings.epochs else ""
    header = HEADER.substitute(
        data=describe_data(settings, prep), features=features, optimizer=cfg.optimizer, lr=_lit(cfg.learning_rate),
        epochs=cfg.epochs, epochs_note=capped, batch=cfg.batch_size, batching=batching, seed=cfg.random_state,
        l2=_lit(cfg.l2), l1=_lit(cfg.l1), file_name=FILE_NAME,
        seed_note="unused: a full batch takes the samples in order" if full else "the batch order of epoch e is a permutation drawn from (seed, e)",
    )  # fmt: skip
    model = BINARY if k == 2 else MULTICLASS
    update = UPDATES[cfg.optimizer].substitute(
        momentum=_lit(optim.MOMENTUM), beta1=_lit(optim.BETA1), beta2=_lit(optim.BETA2), eps=_lit(optim.EPS)
    )
    state, calls = STATE[cfg.optimizer]
    loop = Template(FULL_BATCH if full else MINI_BATCH).substitute(
        calls=textwrap.indent(calls, "    " * (0 if full else 1))
    )
    targets = (
        "y.astype(float)[:, None]  # (n, 1): two classes need one logit"
        if k == 2
        else f"(y[:, None] == np.arange({k})).astype(float)  # (n, {k}): one-hot"
    )
    train = TRAIN.substitute(
        targets=targets, k=1 if k == 2 else k, state=textwrap.indent(state, "    "),
        loop=textwrap.indent(loop, "        "), report=max(1, cfg.epochs // 10),
    )  # fmt: skip
    feature_code, literals = _features(fm)
    main = MAIN.substitute(m=prep.F_train.shape[1])
    return header + model + update + train + feature_code + _data(prep, literals, max_rows) + main


def parse_output(text):
    """The final (coef (k, m), intercept (k,)) the script printed."""
    values = {}
    for line in text.splitlines():
        for key in ("coef", "intercept"):
            if line.startswith(f"{key} = "):
                values[key] = np.array(ast.literal_eval(line.split("=", 1)[1].strip()))
    return values["coef"], values["intercept"]
