"""Data: bring your own CSV or edit points; the Playground then trains on them.

User text (file names, column names, cells) is shown with st.text, or as a code span in messages.
"""

from dataclasses import replace

import streamlit as st

from logreg_core import csvdata
from playground import datapage as D
from playground.deeplink import through_app
from playground.text import literal

through_app()  # first: a deep link on a fresh server must go through app.py

SS = st.session_state


def use(data, source, where):
    """Store ``data`` for the Playground, switch the Playground to it, and rerun so the whole page shows it.

    The rerun matters for the points editor: it is redrawn from the new data at once, so later edits are kept.
    """
    SS.custom_data, SS.custom_data_id, SS.custom_data_source = data, D.data_id(data), source
    if "settings" in SS:
        SS.settings = replace(SS.settings, dataset="custom")
    # The Playground's widget key. Before its first run there are no settings to change: it builds them from
    # the URL on first load and keeps widget keys already set, so this key alone switches it.
    SS.dataset = "custom"
    SS.stored_from = where
    st.rerun()


def stored_message(where):
    """The success message under the button that stored the data, once."""
    if SS.get("stored_from") == where and "custom_data" in SS:
        del SS.stored_from
        data = SS.custom_data
        st.success(f"Stored {len(data.y)} points in {len(data.classes)} classes. The Playground now trains on them.")
        st.page_link("pages/playground.py", label="Train it on the Playground", icon=":material/scatter_plot:")


def forget():
    """Drop the custom data; the Playground goes back to Moons."""
    for key in ("custom_data", "custom_data_id", "custom_data_source"):
        SS.pop(key, None)
    if "settings" in SS and SS.settings.dataset == "custom":
        SS.settings = replace(SS.settings, dataset="moons")
    if SS.get("dataset") == "custom":
        SS.dataset = "moons"


def show_error(e):
    st.error(literal(e), icon=":material/block:")


st.title("Your data")
st.caption(
    f"Limits: a CSV file of up to {csvdata.MAX_BYTES // 2**20} MB, {csvdata.MAX_ROWS:,} rows and "
    f"{csvdata.MAX_COLUMNS} columns, in UTF-8 with a header row; two numeric feature columns and a label "
    f"column with 2 to {csvdata.MAX_CLASSES} classes."
)

# ---- upload a CSV -------------------------------------------------------------------------------
st.header("Upload a CSV")
upload = st.file_uploader("CSV file", type=["csv", "txt"], key="upload")
if upload is None:
    SS.pop("parsed", None)
else:
    if SS.get("parsed", (None,))[0] != upload.file_id:  # parse each upload once, not on every rerun
        try:
            SS.parsed = (upload.file_id, csvdata.read_csv(upload.getvalue()), None)
        except ValueError as e:
            SS.parsed = (upload.file_id, None, str(e))
    _, table, error = SS.parsed
    if error is not None:
        show_error(error)
    else:
        st.text(f"{upload.name}: {len(table.rows)} rows, {len(table.columns)} columns")
        f1, f2, label = D.default_columns(table)
        cols = table.columns
        c1, c2, c3 = st.columns(3)
        f1 = c1.selectbox("Feature 1 (x axis)", cols, index=cols.index(f1))
        f2 = c2.selectbox("Feature 2 (y axis)", cols, index=cols.index(f2))
        label = c3.selectbox("Label (the class)", cols, index=cols.index(label))
        if st.button("Use this data", type="primary", key="use_csv"):
            try:
                chosen = D.from_table(table, (f1, f2), label)
            except ValueError as e:
                show_error(e)
            else:
                use(chosen, upload.name, "csv")
        stored_message("csv")

# ---- edit or add points -------------------------------------------------------------------------
st.header("Edit or add points")
start = D.starting_data(SS.get("custom_data"), SS.get("settings"))
st.caption(
    "Starts from your data, or from the Playground's current data set. Add rows at the bottom, select rows to "
    "delete them. Messages count rows as in a CSV file: the header is row 1, so the first point is row 2."
)
if tuple(start.names) != ("x1", "x2"):
    st.text(f"x1 is {start.names[0]!r}, x2 is {start.names[1]!r}")
edited = st.data_editor(
    D.editor_frame(start),
    num_rows="dynamic",
    hide_index=True,
    key="points",
    column_config={
        "x1": st.column_config.NumberColumn("x1", required=True),
        "x2": st.column_config.NumberColumn("x2", required=True),
        "label": st.column_config.TextColumn("label", required=True),
    },
)
if st.button("Use edited table", key="use_table"):
    try:
        chosen = D.from_editor(edited, start.names)
    except ValueError as e:
        show_error(e)
    else:
        use(chosen, "edited table", "table")
stored_message("table")

# ---- the data the Playground trains on ----------------------------------------------------------
st.header("Your data now")
data = SS.get("custom_data")
if data is None:
    st.info("No data of your own yet: the Playground trains on its generated data sets.")
else:
    st.text(f"{SS.get('custom_data_source', 'your data')}: {len(data.y)} points, {len(data.classes)} classes")
    left, right = st.columns([2, 1])
    left.plotly_chart(D.preview_figure(data), config={"displaylogo": False})
    right.dataframe(D.class_counts(data), hide_index=True)
    st.button("Forget my data", on_click=forget, key="forget")
