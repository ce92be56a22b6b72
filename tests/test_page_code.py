"""AppTest: the Code page shows the core's source and exports the current settings' run."""

import inspect
import textwrap

from apptest_app import APP, open_app, press
from streamlit.testing.v1 import AppTest

from logreg_core import ops
from playground import codegen, engine
from playground.settings import Settings


def open_code(at=None):
    at = at or AppTest.from_file(APP, default_timeout=60)
    return at.switch_page("pages/code.py").run()


def test_page_loads_with_the_core_source_and_the_script():
    at = open_code()
    assert not at.exception
    assert at.title[0].value == "The code"
    assert (
        at.code[0].value == textwrap.dedent(inspect.getsource(ops.sigmoid)).rstrip()
    )  # st.code drops the last newline
    assert len(at.code) == sum(len(items) for _, items in codegen.core_sources()) + 1
    assert at.get("download_button")[0].label == f"Download {codegen.FILE_NAME}"
    s = Settings()
    assert at.code[-1].value == codegen.script(s, engine.prepare(s, engine.generate(s)), max_rows=5).rstrip()


def test_toggle_shows_the_whole_script():
    at = open_code()
    short = at.code[-1].value
    at.toggle(key="code_show_data").set_value(True).run()
    assert not at.exception
    s = Settings()
    assert at.code[-1].value == codegen.script(s, engine.prepare(s, engine.generate(s))).rstrip() != short


def test_exports_the_playgrounds_settings_and_data():
    at = press(open_app(dataset="blobs", optimizer="adam"), "Train")
    open_code(at)
    at.toggle(key="code_show_data").set_value(True).run()
    assert not at.exception
    text = at.code[-1].value
    assert "# ---- the update: Adam" in text and "np.arange(3)" in text
    assert text == codegen.script(at.session_state.settings, at.session_state.run.prep).rstrip()
