"""A fixture that gives back the process-wide settings a test changed (import it into a test module)."""

from __future__ import annotations

import pytest

from dicomconstruct import config


@pytest.fixture(autouse=True)
def process_defaults():
    saved = {name: getattr(config.settings, name) for name in config._DEFAULTS}
    yield
    for name, value in saved.items():
        setattr(config.settings, name, value)
