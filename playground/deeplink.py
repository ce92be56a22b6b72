"""Deep links on a fresh server.

A ``pages/`` folder next to app.py puts Streamlit in its legacy multipage mode until the first
``st.navigation`` call in the process. Until then, a first visit to, say, /compare runs
pages/compare.py on its own: no page config, and a sidebar listing file names ("app", "compare").
Every page calls ``through_app()`` first; in that mode it runs app.py in its place, within the same
script run (so a pressed button's value is not lost), and app.py's navigation shows the page the
URL names (a page's URL path names it in both modes) and ends the legacy mode.
"""

import runpy
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

APP = Path(__file__).resolve().parents[1] / "app.py"


def through_app():
    """Run app.py instead, if Streamlit ran this page script without it."""
    if PagesManager.uses_pages_directory:
        runpy.run_path(str(APP), run_name="__main__")  # sets the page config and runs this page inside it
        st.stop()
