"""Published figures as they come: the areas they cover (Welsh councils by ONS code, Wales), the
publishers' symbols for figures that are not given (suppressed, not applicable, not available,
low), the reporting periods they use, and the published layouts read as downloaded (StatsWales
CSV exports, Explore Education Statistics tidy CSVs).

Nothing here imports Streamlit; the contract (``indicator_values``) validates what these modules
produce, so every rule and message of the contract applies.
"""
