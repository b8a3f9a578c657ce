"""Shared fixtures: the gazetteer (loaded once) and one build of the seeds per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

from gwr import config, gazetteer
from gwr.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def gaz() -> gazetteer.Gazetteer:
    return gazetteer.load(config.SiteConfig(ROOT / "seeds", ROOT / "output").divisions_file)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The real seeds built into a temporary folder: (output folder, BuildResult)."""
    out = tmp_path_factory.mktemp("seed-site") / "output"
    result = build(config.load(str(ROOT / "seeds"), str(out)))
    return out, result
