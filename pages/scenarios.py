"""Scenarios: one click loads a classic experiment on the Playground, with what to watch."""

import streamlit as st

from playground.deeplink import through_app
from playground.scenarios import SCENARIOS, settings_of
from playground.settings import TABLE, to_query

through_app()  # first: a deep link on a fresh server must go through app.py

SS = st.session_state


def load(key):
    """Make the scenario the Playground's settings (its widgets re-seed from them)."""
    SS.settings, SS.scenario, SS.url_notes = settings_of(key), key, []
    for name in TABLE:
        SS.pop(name, None)
    SS.pop("run", None)


st.title("Classroom scenarios")
st.write("Each loads a ready experiment on the Playground. Press **Train** there and watch.")
for key, sc in SCENARIOS.items():
    with st.container(border=True):
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.subheader(sc.title)
        left.write(sc.watch)
        if right.button("Load", key=f"load_{key}", type="primary", use_container_width=True):
            load(key)
            st.switch_page("pages/playground.py")
        query = "&".join(f"{k}={v}" for k, v in {**to_query(settings_of(key)), "scenario": key}.items())
        left.caption(
            "Share link (append it to this app's address; add `&hide=learning_rate,batch_size` to hide controls):"
        )
        left.code(f"?{query}", language=None)  # one line with a copy button, not wrapped mid-word
