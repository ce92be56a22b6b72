"""The sweep must give, run for run, exactly what separate ``Trainer.run`` calls give."""

import numpy as np
import pytest

from logreg_core.datasets import make_dataset
from logreg_core.sweep import MAX_RUNS, sweep
from logreg_core.trainer import TrainConfig, Trainer

SEED = 7


def data(n_classes, n_samples=120, scale=1.0):
    """Train and test data: moons for 2 classes, blobs otherwise."""
    if n_classes == 2:
        X, y = make_dataset("moons", n_samples, 0.2, random_state=0)
    else:
        X, y = make_dataset("blobs", n_samples, 0.5, random_state=0, centers=n_classes)
    X = X * scale
    return X[:90], y[:90], X[90:], y[90:]


def configs(name, values):
    """One TrainConfig per value of the hyper-parameter ``name``, all with the same seed."""
    return [TrainConfig(epochs=12, random_state=SEED, **{name: v}) for v in values]


SWEEPS = {
    "learning_rate": configs("learning_rate", [0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 0.5, 0.05]),
    "batch_size": configs("batch_size", [1, 7, 32, 32, None, 90, 500, 16]),
    "optimizer": configs("optimizer", ["adam", "sgd", "momentum", "sgd", "adam", "momentum"]),
    "l2": configs("l2", [0.0, 1e-3, 1e-2, 0.1, 1.0]),
    "l1": configs("l1", [0.0, 1e-3, 1e-2, 0.1]),
    "mixed": [
        TrainConfig(0.5, 10, 16, 0.01, 0.0, "momentum", SEED),
        TrainConfig(0.05, 14, 32, 0.0, 0.01, "adam", SEED),
        TrainConfig(0.2, 12, None, 0.1, 0.0, "sgd", SEED),
        TrainConfig(0.1, 0, 32, 0.0, 0.0, "sgd", SEED),
        TrainConfig(0.3, 12, 16, 0.0, 0.02, "adam", SEED),
        TrainConfig(1, 9, 32, 0.0, 0.0, "sgd", SEED),
    ],
}


def alone(config, X, y, n_classes, X_test=None, y_test=None, max_snapshots=101):
    """The reference: one Trainer.run; returns its state and snapshots."""
    trainer = Trainer(config, X, y, n_classes, X_test, y_test)
    return trainer.state, trainer.run(max_snapshots)


def assert_same_run(run, state, snaps):
    assert run.history == state.history
    assert run.stopped == state.stopped
    assert run.seed == state.seed
    np.testing.assert_array_equal(run.coef, state.W.T)
    np.testing.assert_array_equal(run.intercept, state.b)
    assert len(run.snapshots) == len(snaps)
    for mine, ref in zip(run.snapshots, snaps):
        for field in ("epoch", "step", "train_loss", "train_accuracy", "objective", "test_loss", "test_accuracy"):
            assert getattr(mine, field) == getattr(ref, field), field
        np.testing.assert_array_equal(mine.coef, ref.coef)
        np.testing.assert_array_equal(mine.intercept, ref.intercept)
        assert not mine.coef.flags.writeable


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("name", list(SWEEPS))
def test_sweep_equals_separate_runs(name, n_classes):
    X, y, X_test, y_test = data(n_classes)
    runs = sweep(SWEEPS[name], X, y, n_classes, X_test, y_test)
    assert [run.config for run in runs] == SWEEPS[name]
    for run in runs:
        assert_same_run(run, *alone(run.config, X, y, n_classes, X_test, y_test))


@pytest.mark.parametrize("max_snapshots", [0, 1, 2, 5, 101])
def test_snapshots_are_spaced_as_in_trainer_run(max_snapshots):
    X, y, _, _ = data(2)
    runs = sweep(SWEEPS["mixed"], X, y, 2, max_snapshots=max_snapshots)
    for run in runs:
        assert_same_run(run, *alone(run.config, X, y, 2, max_snapshots=max_snapshots))


def test_one_run_without_test_data_equals_trainer():
    X, y, _, _ = data(4)
    (run,) = sweep([TrainConfig(learning_rate=0.2, epochs=20, random_state=SEED)], X, y, 4)
    assert_same_run(run, *alone(run.config, X, y, 4))
    assert run.history["test_loss"] == [None] * 20


def test_diverging_member_does_not_affect_the_others():
    X, y, X_test, y_test = data(2, scale=100.0)  # unscaled features: a large step overshoots
    calm = [TrainConfig(learning_rate=lr, epochs=15, random_state=SEED) for lr in (1e-4, 3e-4)]
    wild = [TrainConfig(learning_rate=1e6, epochs=15, random_state=SEED)]  # loss explodes in epoch 1
    overflow = [TrainConfig(learning_rate=1e305, epochs=15, random_state=SEED)]  # weights reach inf
    runs = sweep(calm[:1] + wild + calm[1:] + overflow, X, y, 2, X_test, y_test)
    for run in runs:
        assert_same_run(run, *alone(run.config, X, y, 2, X_test, y_test))
    assert [run.stopped is None for run in runs] == [True, False, True, False]
    assert runs[1].stopped.startswith("loss became") and "learning rate 1e+06 is too high" in runs[1].stopped
    assert runs[3].stopped.startswith("loss became inf at epoch 1")
    assert len(runs[1].history["epoch"]) == 1 and len(runs[0].history["epoch"]) == 15
    np.testing.assert_array_equal(runs[3].snapshots[-1].coef, 0)  # back to its last finite weights
    for run, ref in zip([runs[0], runs[2]], sweep(calm, X, y, 2, X_test, y_test)):
        assert run.history == ref.history


def test_first_config_seeds_the_shared_batch_order():
    X, y, _, _ = data(2)
    unseeded = [TrainConfig(learning_rate=lr, epochs=5) for lr in (0.1, 0.5)]
    runs = sweep(unseeded, X, y, 2)
    assert runs[0].seed == runs[1].seed
    for run in runs:
        seeded = TrainConfig(learning_rate=run.config.learning_rate, epochs=5, random_state=run.seed)
        assert_same_run(run, *alone(seeded, X, y, 2))


@pytest.mark.parametrize(
    ("configs", "match"),
    [
        ([], r"configs must hold 1 to 8 TrainConfig; got 0\. Split"),
        ([TrainConfig()] * (MAX_RUNS + 1), r"configs must hold 1 to 8 TrainConfig; got 9\. Split"),
        (TrainConfig(), r"configs must be a list of 1 to 8 TrainConfig; got TrainConfig\. Wrap .* \[config\]"),
        ([TrainConfig(), {"learning_rate": 0.1}], r"configs\[1\] must be a TrainConfig; got dict"),
    ],
)
def test_bad_configs_say_what_was_expected(configs, match):
    X, y, _, _ = data(2)
    with pytest.raises(ValueError, match=match):
        sweep(configs, X, y, 2)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"X": np.zeros(90)}, r"X must be a 2D array of shape \(n_samples, n_features\); got shape \(90,\)"),
        ({"X": np.zeros((0, 2)), "y": np.zeros(0)}, r"X has no rows; got shape \(0, 2\)"),
        ({"X": np.full((90, 2), np.nan)}, r"X contains NaN or infinity"),
        ({"y": np.zeros(89)}, r"y must be a 1D array of shape \(90,\), one label per row of X; got shape \(89,\)"),
        ({"y": np.full(90, 2)}, r"y must hold integer class codes in \[0, 1\]; got \[2, 2, 2, 2, 2\]\. Encode"),
        ({"y": np.full(90, 0.5)}, r"y must hold integer class codes in \[0, 1\]; got \[0\.5"),
        ({"y": np.array(["a"] * 90)}, r"y must hold integer class codes in \[0, 1\]; got \['a'"),
        ({"n_classes": 1}, r"n_classes must be an integer >= 2; got 1\."),
        ({"X_test": np.zeros((5, 2))}, r"X_test and y_test go together; got X_test=an array and y_test=None"),
        ({"X_test": np.zeros((5, 3)), "y_test": np.zeros(5, int)}, r"X_test must be .* shape \(n_samples, 2\); got"),
        ({"y_test": np.zeros(5, int), "X_test": np.zeros((4, 2))}, r"y_test must be a 1D array of shape \(4,\)"),
        ({"max_snapshots": -1}, r"max_snapshots must be an integer >= 0; got -1\."),
    ],
)
def test_bad_data_says_what_was_expected(change, match):
    X, y, _, _ = data(2)
    args = {"X": X, "y": y, "n_classes": 2, **change}
    with pytest.raises(ValueError, match=match):
        sweep([TrainConfig()], **args)
