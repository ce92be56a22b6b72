"""What Train, Pause, Step and Reset do: one small state machine per user, with no Streamlit in it.

The server trains a whole run at once (it takes milliseconds) and the browser replays it at
``FRAME_MS`` per frame. Pause therefore works out which frame the viewer is looking at from the time
since Train, and rewinds the trainer to exactly that epoch by re-running it from where the replay
began: training is deterministic, so the state it lands on is the one the picture shows.
"""

import copy
import math
import uuid

import numpy as np

from . import engine
from .figures import FRAME_MS

LATENCY_S = 0.15  # time between the Train click and the first replayed frame, roughly


class Run:
    """One user's training run on one set of settings and data."""

    def __init__(self, settings, prep):
        self.settings, self.prep = settings, prep
        self.plays = 0  # counts Train clicks, so the browser can tell a new replay from an old one
        self.id = uuid.uuid4().hex[:8]
        self.reset()

    def reset(self):
        """Back to zero weights, epoch 0."""
        self.trainer = engine.new_trainer(self.settings, self.prep)
        self.snaps = [self.trainer.snapshot()]  # what the chart shows; the last is the current state
        self.view = "start"  # start | play | pause | step
        self.play_from = 0  # frame the replay starts from
        self.started_at = None  # when the replay began (Train's time)
        self.replay_state = None  # trainer state at play_from, to rewind to on Pause
        self.last_step = None
        self.from_cache = False  # True while the replay is a shared whole run from zero weights

    @property
    def fresh(self):
        return self.trainer.state.step == 0

    def train(self, now, full_run=None):
        """Run to the end from wherever the trainer is (from zero after a finished run).

        ``full_run`` is an optional zero-argument function returning (snapshots, final TrainState)
        of a run from zero weights: a shared, cached result for the common case.
        """
        if self.trainer.done:
            self.reset()
        self.replay_state = copy.deepcopy(self.trainer.state)
        self.from_cache = self.fresh and full_run is not None
        if self.from_cache:
            snaps, final = full_run()
            self.trainer.state = copy.deepcopy(final)
        else:
            snaps = engine.run(self.trainer)
        self.play_from = len(self.snaps) - 1
        self.snaps = self.snaps[:-1] + list(snaps)
        self.view, self.started_at, self.last_step = "play", now, None
        self.plays += 1

    def pause(self, now, frame=None):
        """Hold the replay at the frame on screen; the trainer rewinds to that frame's epoch.

        ``frame`` is the index the browser reported; without it, it is estimated from the time since Train.
        """
        if self.view != "play":
            return False
        if frame is None:
            frame = self.play_from + max(0, math.floor((now - self.started_at - LATENCY_S) * 1000 / FRAME_MS))
        shown = min(max(int(frame), self.play_from), len(self.snaps) - 1)  # the rewind starts at play_from
        if shown < len(self.snaps) - 1:
            target = self.snaps[shown].epoch
            t = engine.new_trainer(self.settings, self.prep)
            t.state = copy.deepcopy(self.replay_state)
            while t.state.epoch < target and not t.done:
                t.epoch()
            self.trainer = t
            self.snaps = self.snaps[: shown + 1]
            self.from_cache = False
        self.view = "pause"
        return True

    def step(self):
        """One mini-batch step, shown with its batch and gradient."""
        if self.trainer.done:
            return None
        snap = self.trainer.step()
        self.snaps = self.snaps + [snap]
        self.from_cache = False
        self.view, self.last_step = "step", snap
        return snap

    @property
    def token(self):
        """Names the latest replay: the figure carries it, and the browser starts a replay it has not seen."""
        return f"{self.id}-{self.plays}"

    @property
    def current(self):
        return self.snaps[-1]

    def step_losses(self):
        """(fractional epoch, train loss) of each Step since the last epoch snapshot before them, or None."""
        steps = [s for s in self.snaps if s.batch is not None]
        if not steps:
            return None
        per_epoch = self.trainer.steps_per_epoch
        x = np.array([s.step / per_epoch for s in steps], dtype=np.float32)
        return x, np.array([s.train_loss for s in steps], dtype=np.float32)

    def curves(self):
        """Train and test cross-entropy per epoch, from epoch 0, as float32 arrays."""
        h, start = self.trainer.state.history, self.snaps[0]
        train = np.array([start.train_loss] + h["train_loss"], dtype=np.float32)
        test = [start.test_loss] + h["test_loss"] if start.test_loss is not None else []
        return {"train": train, "test": np.array(test, dtype=np.float32)}
