"""One settings object for the playground, and one table that maps it to and from URL query parameters.

Invalid or unknown URL values never break the page: they fall back to the default and produce a note
that says what was wrong and what is expected.
"""

import math
from dataclasses import asdict, dataclass, fields, replace

from .text import literal

DATASETS = ("moons", "blobs", "circles", "xor", "spiral", "linear", "custom")
OPTIMIZERS = ("sgd", "momentum", "adam")
MAX_SAMPLES = 2000
MAX_EPOCHS = 1000
MAX_STEPS = 100_000  # epochs x batches per run: protects a server shared by a room


@dataclass(frozen=True)
class Settings:
    """Everything that defines an experiment; a copied link carries all of it."""

    dataset: str = "moons"  # one of DATASETS; "custom" trains the data from the Data page
    samples: int = 200  # points generated
    noise: float = 0.2  # std of the Gaussian jitter
    centers: int = 3  # blobs only: number of classes
    test_fraction: float = 0.25  # held out for the test loss and accuracy
    seed: int = 0  # data and batch order
    scale: float = 1.0  # x2 is multiplied by this: unscaled features, as real data often has
    standardize: bool = True  # z-score the features (fitted on the training part)
    degree: int = 1  # polynomial feature degree, 1 = linear boundary
    learning_rate: float = 0.1
    batch_size: int = 32  # 1 = SGD, n = full batch
    epochs: int = 100
    optimizer: str = "sgd"
    l2: float = 0.0
    l1: float = 0.0

    def data_key(self):
        """The part of the settings that decides the data set and its features."""
        return (
            self.dataset,
            self.samples,
            self.noise,
            self.centers,
            self.test_fraction,
            self.seed,
            self.standardize,
            self.degree,
        )


# name -> (parse, check) where check returns an error text or None.  The one table for the URL.
def _int(s):
    return int(s)


def _float(s):
    v = float(s)
    if not math.isfinite(v):
        raise ValueError(s)
    return v


def _bool(s):
    if s.lower() in ("1", "true", "yes", "on"):
        return True
    if s.lower() in ("0", "false", "no", "off"):
        return False
    raise ValueError(s)


def _within(lo, hi):
    return lambda v: None if lo <= v <= hi else f"a value from {lo:g} to {hi:g}"


def _one_of(choices):
    return lambda v: None if v in choices else "one of " + ", ".join(choices)


TABLE = {
    "dataset": (str, _one_of(DATASETS)),
    "samples": (_int, _within(20, MAX_SAMPLES)),
    "noise": (_float, _within(0, 2)),
    "centers": (_int, _within(2, 6)),
    "test_fraction": (_float, _within(0, 0.5)),
    "seed": (_int, _within(0, 2**31 - 1)),
    "scale": (_float, _within(1e-3, 1e4)),
    "standardize": (_bool, lambda v: None),
    "degree": (_int, _within(1, 6)),
    "learning_rate": (_float, _within(1e-4, 1e3)),
    "batch_size": (_int, _within(1, MAX_SAMPLES)),
    "epochs": (_int, _within(1, MAX_EPOCHS)),
    "optimizer": (str, _one_of(OPTIMIZERS)),
    "l2": (_float, _within(0, 1)),
    "l1": (_float, _within(0, 1)),
}
assert set(TABLE) == {f.name for f in fields(Settings)}, "every setting has exactly one URL entry"
EXTRA_KEYS = ("hide", "page", "scenario")  # other parameters the app reads; not settings


def from_query(params, base=None):
    """Settings and a list of notes (markdown; user text in code spans) from {key: [values]}.

    Keys not in the URL, and invalid values, take their value from ``base`` (the defaults if None)."""
    notes, values = [], {}
    defaults = base or Settings()
    for key, raw in params.items():
        raw = [raw] if isinstance(raw, str) else list(raw)
        if key not in TABLE:
            if key not in EXTRA_KEYS:
                notes.append(f"Ignored unknown URL parameter {literal(key[:40])}; expected one of {', '.join(TABLE)}.")
            continue
        if len(raw) > 1:
            notes.append(f"URL parameter {key} appears {len(raw)} times; used the first value, {literal(raw[0][:40])}.")
        parse, check = TABLE[key]
        try:
            v = parse(raw[0].strip())
            problem = check(v)
        except ValueError:
            problem = (
                f"{'a whole number' if parse is _int else 'true or false' if parse is _bool else 'a finite number'}"
            )
        if problem:
            notes.append(
                f"URL parameter {key} = {literal(raw[0][:40])} is invalid; expected {problem}. "
                f"Using {getattr(defaults, key)!r}."
            )
        else:
            values[key] = v
    return replace(defaults, **values), notes


def to_query(settings, **extra):
    """{key: text} for every setting that differs from its default (a short, shareable link), plus ``extra``."""
    out = {k: v for k, v in extra.items() if v}
    for key, v in asdict(settings).items():
        if v != getattr(Settings(), key):
            out[key] = (
                ("true" if v else "false") if isinstance(v, bool) else f"{v:g}" if isinstance(v, float) else str(v)
            )
    return out


def effective_batch(settings, n_train):
    """The batch size actually used and its label: SGD, mini-batch or full batch."""
    b = min(settings.batch_size, n_train)
    kind = "SGD" if b == 1 else "full batch" if b >= n_train else "mini-batch"
    return b, kind


def capped_epochs(settings, n_train):
    """Epochs that fit the step cap, and a note when the cap cut the run."""
    b, _ = effective_batch(settings, n_train)
    per_epoch = math.ceil(n_train / b)
    limit = max(1, MAX_STEPS // per_epoch)
    if settings.epochs <= limit:
        return settings.epochs, None
    return limit, (
        f"{settings.epochs} epochs of {per_epoch} steps is {settings.epochs * per_epoch:,} steps; a run is capped at "
        f"{MAX_STEPS:,}, so this one stops after {limit} epochs. Use a larger batch or fewer epochs."
    )
