"""Page scripts, one per page, so st.navigation and AppTest can address them by file."""
