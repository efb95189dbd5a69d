"""pmf-select: choose, and agree on record, the KPIs a committee watches each quarter.

The core (this package, minus ``pmf_select.ui``) never imports Streamlit: the CLI
(``python -m pmf_select``) and the app call the same functions.
"""

__version__ = "0.1.0"
