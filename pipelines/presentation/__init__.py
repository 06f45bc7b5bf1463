"""Presentation rules in one place: the Plotly template and palette, number formats driven by the
catalogue's units, SPC icons in words and symbols, chart builders and text summaries.

Pure functions returning figures and strings; the pages only display them.
"""
