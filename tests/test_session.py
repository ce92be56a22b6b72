import copy

import numpy as np
import pytest

from playground import engine
from playground.figures import FRAME_MS
from playground.session import LATENCY_S, Run
from playground.settings import Settings


@pytest.fixture
def run():
    s = Settings(samples=120, epochs=40)
    return Run(s, engine.prepare(s, engine.generate(s)))


def test_train_runs_to_the_end_and_records_replay_frames(run):
    run.train(now=0.0)
    assert run.trainer.state.epoch == 40 and run.view == "play" and run.play_from == 0
    assert [s.epoch for s in run.snaps] == list(range(41))


def test_train_from_a_cached_full_run_lands_on_the_same_state(run):
    other = copy.deepcopy(run)
    t = engine.new_trainer(run.settings, run.prep)
    snaps = engine.run(t)
    run.train(now=0.0, full_run=lambda: (snaps, t.state))
    other.train(now=0.0)
    np.testing.assert_array_equal(run.trainer.state.W, other.trainer.state.W)
    assert run.trainer.state is not t.state  # a private copy, never the shared cached object


def test_pause_rewinds_to_the_frame_on_screen(run):
    run.train(now=100.0)
    frames_shown = 10
    run.pause(now=100.0 + LATENCY_S + frames_shown * FRAME_MS / 1000 + 0.001)
    assert run.view == "pause" and run.trainer.state.epoch == frames_shown
    reference = engine.new_trainer(run.settings, run.prep)
    for _ in range(frames_shown):
        reference.epoch()
    np.testing.assert_array_equal(run.trainer.state.W, reference.state.W)
    run.train(now=200.0)  # Train continues from the paused epoch
    assert run.play_from == frames_shown and run.trainer.state.epoch == 40


def test_pause_after_the_replay_ended_keeps_the_final_state(run):
    run.train(now=0.0)
    run.pause(now=1000.0)
    assert run.trainer.state.epoch == 40 and run.view == "pause"
    assert run.pause(now=1001.0) is False  # nothing is playing any more


def test_step_takes_one_batch_and_reset_returns_to_zero(run):
    snap = run.step()
    assert run.view == "step" and snap.step == 1 and len(snap.batch) == 32
    run.step()
    assert run.trainer.state.step == 2
    run.reset()
    assert run.trainer.state.step == 0 and run.view == "start"
    assert np.all(run.trainer.state.W == 0)


def test_train_after_steps_continues_from_them(run):
    for _ in range(3):
        run.step()
    run.train(now=0.0)
    assert run.play_from == 3 and run.trainer.state.epoch == 40


def test_train_after_a_finished_run_starts_over(run):
    run.train(now=0.0)
    plays = run.plays
    run.train(now=5.0)
    assert run.play_from == 0 and run.trainer.state.epoch == 40 and run.plays == plays + 1


def test_step_on_a_finished_run_changes_nothing(run):
    run.train(now=0.0)
    assert run.step() is None and run.trainer.state.epoch == 40


def test_curves_start_at_log_k_and_have_one_value_per_epoch(run):
    run.train(now=0.0)
    c = run.curves()
    assert len(c["train"]) == len(c["test"]) == 41
    assert c["train"][0] == pytest.approx(np.log(2))


def test_pause_uses_the_frame_the_browser_reports(run):
    run.train(now=0.0)
    run.pause(now=999.0, frame=7)  # the time says "finished", the browser says frame 7: the browser wins
    assert run.trainer.state.epoch == 7 and len(run.snaps) == 8


def test_pause_never_rewinds_before_the_replay_started(run):
    for _ in range(3):
        run.step()
    run.train(now=0.0)
    run.pause(now=0.0, frame=0)  # the slider was dragged back past where this Train began
    assert run.trainer.state.step == 3 and run.view == "pause"


def test_step_losses_follow_each_step(run):
    assert run.step_losses() is None
    run.step()
    run.step()
    x, y = run.step_losses()
    assert x.tolist() == pytest.approx([1 / 3, 2 / 3]) and len(y) == 2
