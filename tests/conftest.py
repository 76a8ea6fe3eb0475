"""Shared fixtures: the real data.police.uk files (tests/data/real), and running the real `panel-tool` command."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Real data.police.uk files, committed with their provenance (source, licence, SHA-256) beside them.
REAL_DATA = ROOT / "tests" / "data" / "real"
CITY_OF_LONDON = REAL_DATA / "2019-01-city-of-london-stop-and-search.csv"
WEST_YORKSHIRE = REAL_DATA / "2021-08-west-yorkshire-stop-and-search.csv"
PANEL_TOOL = [sys.executable, "-m", "panel_tool.cli"]


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path | None = None) -> Run:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run([*PANEL_TOOL, *map(str, args)], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session", autouse=True)
def real_data_present():
    missing = [p for p in (CITY_OF_LONDON, WEST_YORKSHIRE) if not p.exists()]
    assert not missing, f"the real data files are missing: {missing}"
