"""The app under AppTest, opened the way every page test opens it."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).parents[1] / "app.py")


def open_app(**query):
    """A fresh session of the app, opened with ``query`` as its URL parameters, after its first run."""
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def press(at, label):
    """Click the button labelled ``label``; the rerun raises no exception."""
    at = next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception
    return at
