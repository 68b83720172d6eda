"""The fuzz suite's budget: a few thousand cases in CI, more with RUNWRIGHT_FUZZ_EXAMPLES.

    RUNWRIGHT_FUZZ_EXAMPLES=20000 scripts/test tests/fuzz   # a long run: cases per test

CI runs are derandomised (the same cases every time, so a red build is reproducible);
a long run draws fresh random cases.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

# tests/support holds the scripted OpenAI-compatible server.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LONG_RUN = int(os.environ.get("RUNWRIGHT_FUZZ_EXAMPLES", "0") or 0)

CASE_TIMEOUT = 5.0
"""Seconds one case may take before it counts as a hang (real cases take milliseconds)."""


def fuzz_settings(ci_examples: int) -> settings:
    """Hypothesis settings: ``ci_examples`` cases, or RUNWRIGHT_FUZZ_EXAMPLES in a long run."""
    return settings(
        max_examples=LONG_RUN or ci_examples,
        deadline=None,
        derandomize=not LONG_RUN,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
