"""Data: bring your own CSV or edit points; the Playground then trains on them."""

import streamlit as st

st.title("Your data")
st.write("Coming in the next step.")
