"""Fixtures for the generative answerer tests."""
from __future__ import annotations

import pytest

from rag.config import Settings


@pytest.fixture
def settings() -> Settings:
    return Settings(top_k=3)
