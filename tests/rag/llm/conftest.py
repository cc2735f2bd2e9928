"""Fixtures for the generative answerer tests."""
from __future__ import annotations

import pytest

from rag.config import Settings
from tests.tuning import tune


@pytest.fixture
def settings() -> Settings:
    return tune(Settings(), top_k=3)


@pytest.fixture(autouse=True)
def fresh_breakers():
    """Every test starts with no backend failures remembered (the breakers are shared by the process)."""
    from rag.llm.backends import reset_breakers

    reset_breakers()
    yield
    reset_breakers()
