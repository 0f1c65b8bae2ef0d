"""course_utils.runtime: fast mode, seeding, cache folder."""

import importlib

import numpy as np
import pytest
import torch

from course_utils import runtime


@pytest.mark.parametrize("value, fast", [("1", True), ("true", True), ("0", False), ("", False)])
def test_fast_mode_reads_course_fast(monkeypatch, value, fast):
    monkeypatch.setenv("COURSE_FAST", value)
    module = importlib.reload(runtime)
    try:
        assert module.FAST is fast
        assert module.pick(full=60, fast=3) == (3 if fast else 60)
    finally:
        monkeypatch.undo()
        importlib.reload(runtime)


def test_set_seed_makes_draws_repeatable():
    runtime.set_seed(7)
    a = (torch.rand(3), np.random.rand(3))
    runtime.set_seed(7)
    b = (torch.rand(3), np.random.rand(3))
    assert torch.equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    with pytest.raises(ValueError, match="seed"):
        runtime.set_seed(-1)


def test_cache_dir_follows_course_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_CACHE", str(tmp_path / "cache"))
    assert runtime.cache_dir() == tmp_path / "cache" and (tmp_path / "cache").is_dir()
