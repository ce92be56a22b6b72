"""Shared caches: only deterministic results that any session may reuse (and anyone may clear).

Everything here is a pure function of its arguments; results are shared objects, never mutated.
"""

import copy
from dataclasses import replace

import streamlit as st

from . import engine, figures
from .settings import Settings

TTL = 3600  # seconds; a cleared or expired entry is rebuilt in milliseconds


@st.cache_resource(max_entries=64, ttl=TTL, show_spinner=False)
def generated(data_key, _settings):
    """The generated data set of ``_settings``, keyed by their data part only (not the training knobs)."""
    return engine.generate(_settings)


@st.cache_resource(max_entries=64, ttl=TTL, show_spinner=False)
def prepared(data_key, data_id, _data, _settings):
    """``engine.prepare``: keyed by the data settings and the data's identity."""
    return engine.prepare(_settings, _data)


class TimedOut(Exception):
    """A run cut by the wall-time limit: its result depends on how busy the server was, so never shared."""


@st.cache_resource(max_entries=64, ttl=TTL, show_spinner=False)
def _full_run(settings, data_id, _prep):
    trainer = engine.new_trainer(settings, _prep)
    snaps = engine.run(trainer)
    if trainer.timed_out:
        raise TimedOut(snaps, copy.deepcopy(trainer.state))  # an exception is not cached
    return snaps, copy.deepcopy(trainer.state)


def full_run(settings, data_id, prep):
    """Snapshots and the final state of a whole run from zero weights (shared unless it timed out)."""
    try:
        return _full_run(settings, data_id, prep)
    except TimedOut as cut:
        return cut.args


@st.cache_resource(max_entries=64, ttl=TTL, show_spinner=False)
def memo(key, _build):
    """``_build()``, shared by everyone asking with the same key; the key must name all it depends on."""
    return _build()


@st.cache_resource(max_entries=64, ttl=TTL, show_spinner=False)
def optimum(settings, data_id, _prep):
    """scikit-learn's optimum of the same objective, or None when l1 > 0."""
    return engine.sklearn_optimum(settings, _prep)


def figure_spec(fig, token):
    """A shallow copy of a (cached) figure carrying a new token; the original is never mutated."""
    return figures.Spec({**fig.spec, "layout": {**fig.spec["layout"], "meta": token}})


def prepared_for(settings, custom=None, custom_id=None):
    """(prep, data_id) of the data ``settings`` name: the Data page's ``custom`` data, or a generated set."""
    if settings.dataset == "custom":
        data, data_id = custom, custom_id
    else:
        data, data_id = generated(settings.data_key(), settings), "generated"
    return prepared(settings.data_key(), data_id, data, settings), data_id


def current(state):
    """(settings, prep, data_id, run) behind the Playground in session ``state``: its run if it has one
    (else ``run`` is None), or the data its settings name (the defaults before it ever ran)."""
    run = state.get("run")
    if run is not None:
        return run.settings, run.prep, state.get("run_data", "generated"), run
    settings = state.get("settings", Settings())
    custom = state.get("custom_data")
    if settings.dataset == "custom" and custom is None:
        settings = replace(settings, dataset="moons")
    prep, data_id = prepared_for(settings, custom, state.get("custom_data_id"))
    return settings, prep, data_id, None
