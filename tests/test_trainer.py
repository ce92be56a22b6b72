"""The step-wise ``Trainer``: step, epoch and run agree bit for bit; snapshots; pausing; divergence; time limit."""

import copy
import dataclasses
import math

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

from logreg_core import LogisticRegression, ops
from logreg_core.datasets import make_dataset
from logreg_core.trainer import TrainConfig, Trainer, epoch_order, lipschitz_learning_rate, one_hot

SEED = 11


def data(n_classes=2, n=50):
    """Moons for two classes, blobs for more."""
    if n_classes == 2:
        return make_dataset("moons", n, 0.2, random_state=0)
    return make_dataset("blobs", n, 0.5, random_state=0, centers=n_classes)


def trainer(n_classes=2, n=50, **config):
    X, y = data(n_classes, n)
    return Trainer(TrainConfig(**{"random_state": SEED, **config}), X, y, n_classes)


def step_to_the_end(t):
    while not t.done:
        t.step()
    return t


def assert_same_state(a, b):
    np.testing.assert_array_equal(a.W, b.W)
    np.testing.assert_array_equal(a.b, b.b)
    assert (a.epoch, a.pos, a.step, a.seed, a.stopped) == (b.epoch, b.pos, b.step, b.seed, b.stopped)
    assert a.history == b.history


# ---- step and epoch ---------------------------------------------------------------------------


def test_step_advances_the_counters_one_batch_at_a_time():
    t = trainer(n=50, batch_size=16, epochs=2)  # batches of 16, 16, 16 and 2
    assert t.steps_per_epoch == 4
    seen = []
    for i in range(1, 5):
        snap = t.step()
        seen.append((snap.step, snap.epoch, t.state.pos, len(snap.batch)))
        assert len(t.state.history["epoch"]) == (1 if i == 4 else 0)
    assert seen == [(1, 0, 16, 16), (2, 0, 32, 16), (3, 0, 48, 16), (4, 1, 0, 2)]
    assert t.state.history["epoch"] == [1]


def test_batches_are_slices_of_the_epochs_shuffled_order():
    t = trainer(n=50, batch_size=16, epochs=2)
    for epoch in range(2):
        order = epoch_order(t.state.seed, epoch, 50)
        batches = [t.step().batch for _ in range(4)]
        np.testing.assert_array_equal(np.concatenate(batches), order)
        np.testing.assert_array_equal(batches[1], order[16:32])
    assert not np.array_equal(epoch_order(SEED, 0, 50), epoch_order(SEED, 1, 50))
    np.testing.assert_array_equal(epoch_order(SEED, 0, 50), epoch_order(SEED, 0, 50))


@pytest.mark.parametrize("n_classes", [2, 3])
def test_snapshot_gradient_is_the_objective_gradient_on_its_batch(n_classes):
    t = trainer(n_classes, n=40, batch_size=8, epochs=3, l2=0.1, l1=0.01, optimizer="momentum")
    Y = one_hot(t.y, n_classes)
    for _ in range(7):
        W, b = t.state.W.copy(), t.state.b.copy()
        snap = t.step()
        dW, db = ops.objective_grad(t.X[snap.batch], Y[snap.batch], W, b, l2=0.1, l1=0.01)
        np.testing.assert_allclose(snap.grad_coef, dW.T, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(snap.grad_intercept, db, rtol=1e-12, atol=1e-15)


def test_a_plain_sgd_step_moves_against_the_gradient():
    t = trainer(batch_size=10, learning_rate=0.3)
    W, b = t.state.W.copy(), t.state.b.copy()
    snap = t.step()
    np.testing.assert_allclose(snap.coef, (W - 0.3 * snap.grad_coef.T).T)
    np.testing.assert_allclose(snap.intercept, b - 0.3 * snap.grad_intercept)


def test_snapshots_are_immutable_copies():
    t = trainer(batch_size=10)
    snap = t.step()
    coef = snap.coef.copy()
    for array in (snap.coef, snap.intercept, snap.batch, snap.grad_coef, snap.grad_intercept):
        assert not array.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        snap.epoch = 5
    t.epoch()
    np.testing.assert_array_equal(snap.coef, coef)  # training on does not reach into old snapshots
    assert not np.array_equal(t.snapshot().coef, coef)


def test_epoch_finishes_the_current_epoch():
    t = trainer(n=50, batch_size=16, epochs=3)
    t.step()
    snap = t.epoch()
    assert (snap.epoch, snap.step, t.state.pos) == (1, 4, 0)
    assert t.epoch().step == 8


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize(
    "config",
    [
        {"batch_size": 16},  # a short last batch
        {"batch_size": None},
        {"batch_size": 1, "optimizer": "momentum", "l2": 0.05},
        {"batch_size": 7, "optimizer": "adam", "l1": 0.02},
    ],
)
def test_stepping_gives_exactly_what_run_and_fit_give(n_classes, config):
    config = {"epochs": 5, "learning_rate": 0.2, **config}
    stepped = step_to_the_end(trainer(n_classes, **config))
    ran = trainer(n_classes, **config)
    snaps = ran.run()
    assert_same_state(stepped.state, ran.state)
    mixed = trainer(n_classes, **config)  # a few steps, an epoch, then run to the end
    mixed.step(), mixed.step(), mixed.epoch(), mixed.run()
    assert_same_state(mixed.state, ran.state)
    np.testing.assert_array_equal(snaps[-1].coef, stepped.state.W.T)
    X, y = data(n_classes)
    model = LogisticRegression(**config, random_state=SEED).fit(X, y)
    np.testing.assert_array_equal(model.coef_, stepped.state.W.T)
    np.testing.assert_array_equal(model.intercept_, stepped.state.b)


def test_done_trainer_stays_put():
    t = trainer(epochs=1, batch_size=10)
    t.run()
    state = copy.deepcopy(t.state)
    assert t.done and t.step().batch is None
    t.epoch(), t.run()
    assert_same_state(t.state, state)


def test_zero_epochs_train_nothing():
    t = trainer(epochs=0)
    snaps = t.run()
    assert t.done and len(snaps) == 1 and snaps[0].step == 0
    assert snaps[0].train_loss == pytest.approx(math.log(2))


def test_test_data_is_scored_in_snapshots_and_history():
    X, y = data(3, 60)
    t = Trainer(TrainConfig(epochs=3, random_state=SEED), X[:40], y[:40], 3, X[40:], y[40:])
    snap = t.run()[-1]
    ref = Trainer(TrainConfig(epochs=3, random_state=SEED), X[40:], y[40:], 3, state=copy.deepcopy(t.state))
    assert snap.test_loss == pytest.approx(ref.measure()["train_loss"])
    assert snap.test_accuracy == ref.measure()["train_accuracy"]
    assert t.state.history["test_loss"][-1] == snap.test_loss and len(t.state.history["test_loss"]) == 3


# ---- pause and resume ---------------------------------------------------------------------------


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_a_deep_copied_state_resumes_identically(optimizer):
    t = trainer(3, epochs=8, batch_size=8, optimizer=optimizer)
    for _ in range(3):
        t.epoch()
    t.step()  # pause mid-epoch
    paused = copy.deepcopy(t.state)
    t.run()
    resumed = Trainer(t.config, t.X, t.y, 3, state=paused)
    resumed.run()
    assert_same_state(resumed.state, t.state)
    assert_same_state(t.state, step_to_the_end(trainer(3, epochs=8, batch_size=8, optimizer=optimizer)).state)


def test_trainer_copy_branches_independently():
    t = trainer(epochs=6, batch_size=8, optimizer="adam")
    t.epoch(), t.step()
    branch = t.copy()
    assert branch.state is not t.state and branch.state.W is not t.state.W
    branch.run()
    assert t.state.epoch == 1  # the original did not move
    t.run()
    assert_same_state(branch.state, t.state)


# ---- run's snapshots ----------------------------------------------------------------------------


@pytest.mark.parametrize("epochs", [0, 1, 2, 7, 30])
@pytest.mark.parametrize("max_snapshots", [1, 2, 3, 5, 101])
@pytest.mark.parametrize("start", [0, 2])
def test_run_returns_at_most_k_snapshots_with_first_and_last(epochs, max_snapshots, start):
    t = trainer(epochs=epochs, batch_size=25)
    for _ in range(start):
        t.epoch()
    first = t.state.epoch
    snaps = t.run(max_snapshots=max_snapshots)
    got = [s.epoch for s in snaps]
    assert 1 <= len(snaps) <= max_snapshots
    assert got == sorted(set(got))
    assert got[-1] == t.state.epoch == max(epochs, first)
    if max_snapshots >= 2:
        assert got[0] == first
    if max_snapshots >= epochs - first + 1:
        assert got == list(range(first, t.state.epoch + 1))  # room for every epoch: all of them


def test_run_without_snapshots_still_trains():
    t = trainer(epochs=4)
    assert t.run(max_snapshots=0) == [] and t.state.epoch == 4


# ---- stops: time limit and divergence -----------------------------------------------------------


def test_time_limit_stops_with_a_message():
    t = trainer(epochs=10**6, batch_size=25)
    snaps = t.run(max_seconds=0.05)
    assert t.done and 0 < t.state.epoch < 10**6
    assert t.state.stopped.startswith(f"stopped after 0.05 s at epoch {t.state.epoch} of 1000000: the time limit")
    assert "fewer epochs" in t.state.stopped
    assert snaps[-1].epoch == t.state.epoch


@pytest.mark.parametrize(("start", "epochs", "max_snapshots"), [(0, 10, 101), (1, 3, 2), (0, 4, 3), (1, 5, 3)])
def test_time_limit_snapshots_are_distinct_and_at_most_k(start, epochs, max_snapshots):
    t = trainer(epochs=epochs, batch_size=25)
    for _ in range(start):
        t.epoch()
    snaps = t.run(max_snapshots=max_snapshots, max_seconds=0)  # stops after one epoch
    assert t.state.stopped is not None and t.state.epoch == start + 1
    assert [s.epoch for s in snaps] == [start, start + 1]
    assert len(snaps) <= max_snapshots


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize("batch_size", [None, 16])
def test_divergence_stops_and_names_the_learning_rate(optimizer, batch_size):
    X, y = data()
    t = Trainer(TrainConfig(50.0, 20, batch_size, optimizer=optimizer, random_state=SEED), X * 1e3, y, 2)
    t.run()
    msg = t.state.stopped
    assert msg is not None and t.done and t.state.epoch == 1
    assert (
        msg.startswith("loss became ")
        and " at epoch 1: learning rate 50 is too high for features of scale 2e+03" in msg
    )
    safe = lipschitz_learning_rate(X * 1e3, 2)
    assert f"lower it (gradient descent is stable below about {safe:.2g}) or standardize the features." in msg
    assert np.isfinite(t.state.W).all() and np.isfinite(t.state.b).all()
    assert np.isfinite(t.state.history["objective"]).all()


@pytest.mark.parametrize("learning_rate", [50.0, 1e305, 1e308])  # the loss explodes; weights overflow late, at once
def test_stepping_and_running_stop_a_diverging_epoch_on_the_same_weights(learning_rate):
    X, y = data()
    X = X * 1e3
    calm = Trainer(TrainConfig(learning_rate=1e-6, epochs=2, batch_size=10, random_state=SEED), X, y, 2)
    calm.run()  # two good epochs, then the learning rate jumps
    wild = TrainConfig(learning_rate=learning_rate, epochs=5, batch_size=10, random_state=SEED)
    ran, stepped, mixed = (Trainer(wild, X, y, 2, state=copy.deepcopy(calm.state)) for _ in range(3))
    ran.run()
    step_to_the_end(stepped)
    mixed.step(), mixed.epoch()
    for t in (ran, stepped, mixed):
        np.testing.assert_array_equal(t.state.W, calm.state.W)  # back to where epoch 3 began
        np.testing.assert_array_equal(t.state.b, calm.state.b)
        assert t.state.stopped == ran.state.stopped
    assert ran.state.stopped.startswith("loss became") and " at epoch 3: learning rate " in ran.state.stopped
    assert np.any(calm.state.W != 0)


def test_weights_that_overflow_stop_training_at_once_when_stepping():
    X, y = data()
    t = Trainer(TrainConfig(learning_rate=1e308, epochs=5, batch_size=10, random_state=SEED), X * 1e3, y, 2)
    snap = t.step()
    assert t.done and snap.step == 1 and np.isfinite(snap.coef).all()
    assert t.state.stopped.startswith("loss became inf at epoch 1: learning rate 1e+308 is too high")
    assert t.state.pos > 0  # it stopped mid-epoch, as soon as a weight left the float range
    assert np.isfinite(t.measure()["objective"])


def test_fit_warns_when_training_diverges():
    X, y = data()
    with pytest.warns(ConvergenceWarning, match=r"learning rate 50 is too high .* or standardize the features"):
        model = LogisticRegression(learning_rate=50, epochs=20, random_state=SEED).fit(X * 1e3, y)
    assert model.stopped_.startswith("loss became") and model.n_iter_ == 1
    assert np.isfinite(model.coef_).all() and np.isfinite(model.predict_proba(X * 1e3)).all()
    with pytest.warns(ConvergenceWarning, match="learning rate 50 is too high"):
        model.partial_fit(X * 1e3, y)  # a stopped model does not train on: each call says why
    assert model.n_iter_ == 1


def test_fit_that_converges_does_not_warn():
    X, y = data()
    model = LogisticRegression(learning_rate=0.5, epochs=20, random_state=SEED).fit(X, y)  # warnings are errors
    assert model.stopped_ is None


def test_below_the_lipschitz_rate_gradient_descent_never_goes_uphill():
    for n_classes in (2, 3):
        X, y = data(n_classes, 60)
        X = X * 3 + 1  # off-centre and unscaled: the bound must hold anyway
        lr = lipschitz_learning_rate(X, n_classes, 0.01) / 2
        t = Trainer(TrainConfig(lr, 40, None, l2=0.01), X, y, n_classes)
        t.run(max_snapshots=0)
        curve = t.state.history["objective"]
        assert all(b <= a + 1e-12 for a, b in zip(curve, curve[1:]))
        assert curve[-1] < curve[0]
