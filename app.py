"""Logistic regression playground: the entry point that lists the pages."""

import streamlit as st

st.set_page_config(page_title="Logistic regression playground", page_icon="📈", layout="wide")

pages = [
    st.Page("pages/playground.py", title="Playground", icon=":material/scatter_plot:", default=True),
    st.Page("pages/compare.py", title="Compare", icon=":material/compare_arrows:"),
    st.Page("pages/data.py", title="Data", icon=":material/table_edit:"),
    st.Page("pages/scenarios.py", title="Scenarios", icon=":material/school:"),
    st.Page("pages/math.py", title="Inside the math", icon=":material/function:"),
    st.Page("pages/code.py", title="Code", icon=":material/code:"),
]
st.navigation(pages).run()
