"""The Streamlit app: pages and session state over the core (the only part that imports Streamlit)."""
