"""Code: the core's own source for each step of training, and this run as a standalone NumPy script."""

import streamlit as st

from playground import cached, codegen
from playground.deeplink import through_app

through_app()  # first: a deep link on a fresh server must go through app.py

SS = st.session_state
SHOWN_ROWS = 5  # data rows shown on the page unless the whole data is asked for

if "code_show_data" not in SS:
    SS.code_show_data = False


def export_source():
    """(settings, prep, run): the Playground's settings with their prepared data, and its run if it has one."""
    settings, prep, _, run = cached.current(SS)
    return settings, prep, run


st.title("The code")

# ---- the core's own source ------------------------------------------------------------------------
st.header("The core, as it runs")
st.caption(
    "Read from the running core with `inspect.getsource`, so this is exactly the code that trains on the "
    "Playground: each loss sits beside its gradient, all computed from the logits."
)
for title, items in codegen.core_sources():
    st.subheader(title)
    for where, code in items:
        st.caption(where)
        st.code(code, language="python")

# ---- this run as a script -------------------------------------------------------------------------
st.header("Export this run")
settings, prep, run = export_source()
st.write(
    "A standalone script, NumPy only, that trains the Playground's current settings from zero weights: the same "
    "training data (embedded exactly), the same feature map, the same shuffle each epoch and the same update "
    "math. It prints the same final weights as the Playground, digit for digit."
)
if run is not None and run.trainer.state.stopped:
    st.warning(f"The Playground's run stopped early ({run.trainer.state.stopped}); the script runs every epoch.")
text = codegen.script(settings, prep)
st.download_button(
    f"Download {codegen.FILE_NAME}",
    text,
    file_name=codegen.FILE_NAME,
    mime="text/x-python",
    icon=":material/download:",
    on_click="ignore",
    key="code_download",
)
st.toggle("Show all the data rows", key="code_show_data")
shown = text if SS.code_show_data else codegen.script(settings, prep, max_rows=SHOWN_ROWS)
st.code(shown, language="python", line_numbers=True, height=700)
