"""Read-only, cached access to the store for the pages.

One :class:`StoreReader` per store path, shared by the server; it hands each thread (each browser
session's script run) its own DuckDB connection, never one shared connection. Cached results are
keyed by the published file's version, so a new import shows on the next rerun and results from
before and after an import are never mixed on one screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from pipelines import config, read_models
from pipelines.store import StoreReader


@st.cache_resource
def _reader(path: str) -> StoreReader:
    return StoreReader(Path(path))


def store_path() -> Path:
    return config.store_path()


def store_exists() -> bool:
    return store_path().exists()


def begin_run() -> tuple[int, int]:
    """Pin this session's script run to the store as published now (called by dashboard.py)."""
    return _reader(str(store_path())).refresh()


@st.cache_data(max_entries=512, show_spinner=False)
def _load(path: str, store_version: tuple[int, int], name: str, args: tuple) -> Any:
    function: Callable[..., Any] = getattr(read_models, name)
    return function(_reader(path).connection(), *args)


def load(name: str, *args: Any) -> Any:
    """``pipelines.read_models.<name>(connection, *args)``, cached per store version."""
    path = str(store_path())
    return _load(path, _reader(path).version, name, tuple(args))


def store_has_real_data() -> bool:
    """True once any active import is not synthetic demo data (the reference register aside)."""
    if not store_exists():
        return False
    begin_run()
    summary = load("store_summary")
    return bool(summary["real_imports"])
