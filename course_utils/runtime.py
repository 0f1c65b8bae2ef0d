"""Seeding, fast mode and the cache folder (introduced in notebook 01).

Notebooks read fast mode through :func:`pick` and :func:`full_mode` only, never through
``os.environ``. Every seed a notebook fixes goes through :func:`set_seed`, :func:`generator` or a
library function that takes ``seed=`` (``fit``, ``load_images``): ``COURSE_SEED_OFFSET=K`` moves all of
them together by K, so that a claim can be checked with other random draws, other initial weights
and another train/test split (``python -m course_tools run --seed-offset K``).
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import numpy as np
import torch

_TRUE = {"1", "true", "yes", "on"}

FAST: bool = os.environ.get("COURSE_FAST", "0").strip().lower() in _TRUE
"""True when ``COURSE_FAST`` is set: a shorter run (less training), nothing else changes."""


def _seed_offset() -> int:
    text = os.environ.get("COURSE_SEED_OFFSET", "0").strip() or "0"
    try:
        offset = int(text)
    except ValueError:
        raise ValueError(f"COURSE_SEED_OFFSET must be an integer >= 0, got {text!r}") from None
    if offset < 0:
        raise ValueError(f"COURSE_SEED_OFFSET must be an integer >= 0, got {text!r}")
    return offset


SEED_OFFSET: int = _seed_offset()
"""Added to every seed the notebooks fix (``COURSE_SEED_OFFSET``, default 0)."""


def pick(*, full, fast):
    """Return ``fast`` in fast mode (``COURSE_FAST=1``) and ``full`` otherwise.

    >>> num_epochs = pick(full=60, fast=3)
    """
    return fast if FAST else full


def full_mode() -> bool:
    """True in the full run, False in fast mode: for a claim that needs the whole training."""
    return not FAST


def shifted_seed(seed: int) -> int:
    """``seed`` moved by :data:`SEED_OFFSET`: what every seeded function of the course uses."""
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    return seed + SEED_OFFSET


def set_seed(seed: int) -> None:
    """Seed Python, NumPy and PyTorch so that a notebook gives the same numbers on every run."""
    seed = shifted_seed(seed)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def generator(seed: int) -> torch.Generator:
    """A ``torch.Generator`` of its own, seeded with ``seed`` (moved by :data:`SEED_OFFSET`): for a
    random draw that must not depend on what ran before it."""
    return torch.Generator().manual_seed(shifted_seed(seed))


def cache_dir() -> Path:
    """Where downloads are cached: ``COURSE_CACHE`` or ``~/.cache/generative-models-course``.

    Never inside the repository, so notebooks write nothing into the source tree.
    """
    default = Path.home() / ".cache" / "generative-models-course"
    path = Path(os.environ.get("COURSE_CACHE", default)).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path
