import ast
import inspect
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from logreg_core import ops, optim
from logreg_core.datasets import make_dataset
from logreg_core.trainer import Trainer
from playground import codegen, engine
from playground.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CASES = {
    "binary-sgd-minibatch": {},
    "binary-momentum-fullbatch-degree3-l2": {"optimizer": "momentum", "batch_size": 2000, "degree": 3, "l2": 0.01},
    "binary-adam-l1-raw": {"optimizer": "adam", "batch_size": 8, "l1": 0.001, "standardize": False, "epochs": 40},
    "binary-sgd-batch1": {"batch_size": 1, "samples": 40, "epochs": 30, "learning_rate": 0.03},
    "3class-sgd-l2": {"dataset": "blobs", "batch_size": 16, "l2": 0.001},
    "3class-adam-fullbatch-degree3-l1": {"dataset": "blobs", "optimizer": "adam", "batch_size": 2000, "degree": 3, "l1": 0.001},
    "4class-momentum-degree2": {"dataset": "blobs", "centers": 4, "optimizer": "momentum", "degree": 2, "learning_rate": 0.03},
    "custom-adam": {"dataset": "custom", "optimizer": "adam", "learning_rate": 0.03},
}  # fmt: skip


def custom_data():
    """Moons under class names a script must embed safely (a quote, a newline)."""
    X, y = make_dataset("moons", 90, 0.25, 3)
    return engine.Data(X, y, ("it's", 'two\nlines "quoted"'), ("height", "weight"))


def case(name):
    s = Settings(**{"samples": 100, **CASES[name]})
    data = custom_data() if s.dataset == "custom" else engine.generate(s)
    return s, engine.prepare(s, data)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Every case's script, run at once in its own directory: {name: (settings, prep, script, completed process)}."""
    runs = {}
    for name in CASES:
        s, prep = case(name)
        text = codegen.script(s, prep)
        folder = tmp_path_factory.mktemp(name)
        path = folder / codegen.FILE_NAME
        path.write_text(text)
        proc = subprocess.Popen([sys.executable, str(path)], cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        runs[name] = (s, prep, text, proc)
    done = {}
    for name, (s, prep, text, proc) in runs.items():
        out, err = proc.communicate(timeout=120)
        done[name] = (s, prep, text, subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return done


@pytest.mark.parametrize("name", list(CASES))
def test_script_prints_the_trainers_final_weights(outputs, name):
    s, prep, _, result = outputs[name]
    assert result.returncode == 0, result.stderr
    coef, intercept = codegen.parse_output(result.stdout)
    trainer = engine.new_trainer(s, prep)
    trainer.run(max_snapshots=0)
    assert trainer.state.stopped is None and trainer.state.epoch == s.epochs
    np.testing.assert_array_equal(coef, trainer.state.W.T)  # digit for digit, as the Code page says
    np.testing.assert_array_equal(intercept, trainer.state.b)
    assert "loss" in result.stdout.splitlines()[0] and "train accuracy =" in result.stdout


def test_cases_cover_every_optimizer_batching_and_model():
    settings = [case(n) for n in CASES]
    assert {s.optimizer for s, _ in settings} == set(optim.OPTIMIZERS)
    assert {p.n_classes for _, p in settings} >= {2, 3, 4} and {s.degree for s, _ in settings} >= {1, 3}
    kinds = {engine.batch_label(s, p).split(" ")[0] for s, p in settings}
    assert kinds == {"SGD", "mini-batch", "full"}


def test_script_imports_only_numpy(outputs):
    _, _, text, _ = outputs["3class-sgd-l2"]
    tree = ast.parse(text)
    imported = {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
    assert imported == {"numpy"} and not any(isinstance(node, ast.ImportFrom) for node in ast.walk(tree))


def test_script_reads_like_the_slide(outputs):
    _, _, text, _ = outputs["binary-sgd-minibatch"]
    for line in [
        "def sigmoid(z):",
        "def loss(X, Y, W, b):",
        "def gradient(X1, Y, theta):",
        "X1 = np.hstack([X, np.ones((n, 1))])",
        "def update(p, g):",
        "order = np.random.default_rng([seed, epoch]).permutation(n)",
        "grad = gradient(X1[batch], Y[batch], theta)",
        "update(theta, grad)",
    ]:
        assert line in text
    _, _, text, _ = outputs["3class-adam-fullbatch-degree3-l1"]
    assert "def softmax(Z):" in text and "default_rng" not in text and "beta1, beta2, eps = 0.9, 0.999, 1e-08" in text


def test_custom_class_names_are_embedded_as_literals(outputs):
    _, prep, text, _ = outputs["custom-adam"]
    line = next(x for x in text.splitlines() if x.startswith("classes = "))
    assert ast.literal_eval(line.split("=", 1)[1].split("  #")[0].strip()) == list(prep.classes)


def test_script_passes_ruff(outputs):
    ruff = Path(sys.executable).parent / "ruff"
    if not ruff.exists():
        pytest.skip("ruff is not installed next to this Python")
    for name in ("binary-sgd-minibatch", "4class-momentum-degree2", "binary-adam-l1-raw"):
        text = outputs[name][2]
        result = subprocess.run(
            [str(ruff), "check", "--no-cache", "--stdin-filename", "logreg_run.py", "-"],
            input=text, capture_output=True, text=True, cwd=ROOT,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout


def test_capped_runs_say_so_and_train_the_capped_epochs():
    s = Settings(samples=2000, batch_size=1, epochs=1000)
    prep = engine.prepare(s, engine.generate(s))
    text = codegen.script(s, prep)
    epochs = engine.config(s, prep).epochs
    assert epochs < 1000 and f"epochs = {epochs}  # capped from 1000" in text


def test_shortened_script_shows_a_few_rows():
    s, prep = case("binary-sgd-minibatch")
    text = codegen.script(s, prep, max_rows=3)
    assert f"# ... {len(prep.y_train) - 3} more rows in the downloaded script" in text
    assert text.count("\n    [") == 3


def test_core_sources_are_the_live_functions():
    sources = dict(codegen.core_sources())
    assert list(sources) == [title for title, _ in codegen.SOURCES]
    functions = [ops.sigmoid, ops.binary_cross_entropy, ops.binary_cross_entropy_grad, ops.cross_entropy_grad,
                 optim.sgd, optim.momentum, optim.adam, Trainer._gradient_step]  # fmt: skip
    shown = {code for items in sources.values() for _, code in items}
    for f in functions:
        assert textwrap.dedent(inspect.getsource(f)) in shown
    where, code = sources["One training step"][0]
    assert where.startswith("logreg_core/trainer.py, line ") and code.startswith(
        "def _gradient_step(self, Xb, Yb, Xm):"
    )


def test_parse_output_reads_the_printed_weights():
    coef, b = codegen.parse_output("epoch 1\ncoef = [[1.5, -2.25]]\nintercept = [0.125]\n")
    np.testing.assert_array_equal(coef, [[1.5, -2.25]])
    np.testing.assert_array_equal(b, [0.125])
