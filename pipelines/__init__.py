"""The product's core: reading, validating and storing case-system extracts, and computing indicators.

Nothing in this package imports Streamlit; the pages and the command line are thin layers over it.
"""
