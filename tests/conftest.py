"""Shared fixtures for every test."""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture(scope="session")
def node() -> str:
    """Node.js, which runs the browser engines' tests. A missing node fails (never skips) the
    tests that need it: a skipped parity test would hide a broken promise. `make test`
    installs it."""
    path = shutil.which("node")
    if path is None:
        pytest.fail("Node.js 18 or later is needed for this test (make test installs it)")
    return path
