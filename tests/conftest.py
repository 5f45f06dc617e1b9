"""Fixtures: the reference attachment, read once per session."""

from __future__ import annotations

import pytest

from pipeline.records import NormalizedDocument
from tests.helpers import REFERENCE, normalize_bytes


@pytest.fixture(scope="session")
def reference() -> NormalizedDocument:
    """The Dazhou reference attachment, parsed and normalized."""
    return normalize_bytes(REFERENCE.read_bytes(), REFERENCE.name)
