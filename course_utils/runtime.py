"""Seeding, fast mode and the cache folder (introduced in notebook 01).

Notebooks read fast mode through :func:`pick` only, never through ``os.environ``.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import numpy as np
import torch

_TRUE = {"1", "true", "yes", "on"}

FAST: bool = os.environ.get("COURSE_FAST", "0").strip().lower() in _TRUE
"""True when ``COURSE_FAST`` is set (CI): shorter training, nothing else changes."""


def pick(*, full, fast):
    """Return ``fast`` in fast mode (``COURSE_FAST=1``) and ``full`` otherwise.

    >>> num_epochs = pick(full=60, fast=3)
    """
    return fast if FAST else full


def set_seed(seed: int) -> None:
    """Seed Python, NumPy and PyTorch so that a notebook gives the same numbers on every run."""
    if not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def cache_dir() -> Path:
    """Where downloads are cached: ``COURSE_CACHE`` or ``~/.cache/generative-models-course``.

    Never inside the repository, so notebooks write nothing into the source tree.
    """
    default = Path.home() / ".cache" / "generative-models-course"
    path = Path(os.environ.get("COURSE_CACHE", default)).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path
