"""Shared pytest set-up: the tests import :mod:`support` from this folder."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
