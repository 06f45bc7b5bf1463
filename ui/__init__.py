"""Streamlit-side helpers shared by the pages: the page registry, the chrome and data access.

Everything worth a unit test lives in ``pipelines/``; this package only draws.
"""
