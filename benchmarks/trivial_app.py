"""The trivial Streamlit page the browser benchmark measures beside the app.

One slider and one line of text: what any rerun costs in this browser, this server
and this machine, right now. The app's rerun is reported as a ratio to it, which
cancels most of the machine's noise (benchmarks/bench_browser.py).
"""

import streamlit as st

value = st.slider("A value", 0, 10_000, 0, step=5, key="value")  # room for every press
st.write(f"The value is {value}.")
