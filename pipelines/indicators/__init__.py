"""Indicator series: computed from the stored extracts, joined with uploaded figures, with SPC.

See :mod:`pipelines.indicators.build`. The SQL for each family of indicators lives in
``pipelines/sql/indicators/<computation>.sql``; the catalogue says which file computes which id.
"""
