"""The cheapest page a click can rerun: one button. bench/load.py measures the app's Train against it."""

import streamlit as st

if __name__ == "__main__":  # `streamlit run` executes the page as __main__; `python -m bench` only imports it
    if st.button("Click"):
        st.write("clicked")
