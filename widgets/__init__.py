"""Widgets, criteria packs and engines for the inspection-readiness book.

`widgets.engine` is pure Python (no Jupyter imports); the widget classes import
anywidget lazily so that batch and test code never needs a notebook stack.
"""
