"""course_utils.latent: interpolation and grids, against hand-computed references."""

import math

import pytest
import torch

from course_utils import latent


def test_lerp_endpoints_and_midpoint():
    a, b = torch.tensor([0.0, 2.0]), torch.tensor([4.0, -2.0])
    path = latent.lerp(a, b, 5)
    assert path.shape == (5, 2)
    torch.testing.assert_close(path[0], a)
    torch.testing.assert_close(path[-1], b)
    torch.testing.assert_close(path[2], torch.tensor([2.0, 0.0]))


def test_slerp_follows_the_unit_circle():
    a, b = torch.tensor([1.0, 0.0]), torch.tensor([0.0, 1.0])
    path = latent.slerp(a, b, 7)
    torch.testing.assert_close(path.norm(dim=1), torch.ones(7))
    angles = torch.atan2(path[:, 1], path[:, 0])
    torch.testing.assert_close(angles, torch.linspace(0, math.pi / 2, 7))


def _great_circle(a, b, t):
    """The slerp formula written out in float64, with the angle from arccos (fine away from 0 and pi)."""
    a, b = a.double(), b.double()
    omega = math.acos((a @ b / (a.norm() * b.norm())).item())
    return torch.stack([(math.sin((1 - s) * omega) * a + math.sin(s * omega) * b) / math.sin(omega) for s in t])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_slerp_is_the_great_circle_formula(seed):
    g = torch.Generator().manual_seed(seed)
    a, b = torch.randn(2, 8, generator=g, dtype=torch.float64)
    b = 3 * b  # endpoints of different lengths
    path = latent.slerp(a, b, 7)
    torch.testing.assert_close(path, _great_circle(a, b, torch.linspace(0, 1, 7).tolist()))
    assert torch.allclose(path[0], a, rtol=1e-14, atol=0) and torch.allclose(path[-1], b, rtol=1e-14, atol=0)
    # equal lengths stay on the sphere
    path = latent.slerp(a, a.norm() / b.norm() * b, 9)
    torch.testing.assert_close(path.norm(dim=1), a.norm().expand(9))


@pytest.mark.parametrize("angle", [1e-1, 1e-2, 1e-3, 1e-5, 1e-8])
def test_slerp_tends_to_lerp_as_the_angle_shrinks(angle):
    """sin((1 - t) W) / sin W -> 1 - t and sin(t W) / sin W -> t: the gap to lerp shrinks like W**2."""
    a = torch.tensor([1.0, 0.0, 0.0], dtype=torch.float64)
    b = 2 * torch.tensor([math.cos(angle), math.sin(angle), 0.0], dtype=torch.float64)
    path, straight = latent.slerp(a, b, 11), latent.lerp(a, b, 11)
    assert torch.isfinite(path).all()
    assert (path - straight).norm(dim=1).max() <= 0.07 * angle**2 * (a.norm() + b.norm()) + 1e-15
    if angle > 1e-4:  # still the arc: the formula, not the fallback
        torch.testing.assert_close(path, _great_circle(a, b, torch.linspace(0, 1, 11).tolist()))


@pytest.mark.parametrize(
    "z_start, z_end",
    [
        ([1.0, 1.0], [1.0, 1.0]),  # identical
        ([1.0, 2.0], [3.0, 6.0]),  # parallel, different lengths
        ([0.0, 2.0, 0.0], [0.0, 5.0, 0.0]),
        ([1.0, -2.0], [-2.0, 4.0]),  # antiparallel: no single great circle
        ([0.0, 0.0], [3.0, 4.0]),  # a zero code has no direction
        ([0.0, 0.0], [0.0, 0.0]),
    ],
)
def test_slerp_of_parallel_antiparallel_or_zero_codes_is_lerp_not_nan(z_start, z_end):
    a, b = torch.tensor(z_start), torch.tensor(z_end)
    path = latent.slerp(a, b, 5)
    assert torch.isfinite(path).all()
    torch.testing.assert_close(path, latent.lerp(a, b, 5))


def test_slerp_of_nearly_parallel_float32_codes():
    """In float32 the cosine of two nearly parallel codes rounds to 1 (arccos: angle 0, then 0 / 0) for most
    draws; slerp stays finite, keeps float32 and agrees with lerp to float32's resolution."""
    g = torch.Generator().manual_seed(0)
    for _ in range(200):
        a = torch.randn(8, generator=g)
        for b in (a.clone(), 2 * a, a + 1e-4 * torch.randn(8, generator=g), a + 1e-6 * torch.randn(8, generator=g)):
            path = latent.slerp(a, b, 5)
            assert path.dtype == torch.float32 and torch.isfinite(path).all()
            torch.testing.assert_close(path, latent.lerp(a, b, 5), rtol=1e-5, atol=1e-5)


def test_slerp_of_large_float32_codes_does_not_overflow():
    """|z|**2 of 3e20 overflows float32 (a cosine of inf / inf = NaN, before the fix)."""
    for a, b in (
        (torch.tensor([3e20, 0.0]), torch.tensor([0.0, 3e20])),
        (torch.tensor([3e20, 0.0]), torch.tensor([6e20, 0.0])),
    ):
        path = latent.slerp(a, b, 3)
        assert torch.isfinite(path).all()
        torch.testing.assert_close(path, (3e20 * latent.slerp(a.double() / 3e20, b.double() / 3e20, 3)).float())


def test_grid_order_matches_show_latent_grid():
    points = latent.grid(torch.tensor([0.0, 1.0, 2.0]), torch.tensor([10.0, 20.0]))
    expected = [[0, 20], [1, 20], [2, 20], [0, 10], [1, 10], [2, 10]]  # top row (largest z2) first
    assert points.tolist() == expected


@pytest.mark.parametrize(
    "call, word",
    [
        (lambda: latent.lerp(torch.zeros(2), torch.zeros(3), 4), "z_start"),
        (lambda: latent.lerp(torch.zeros(2), torch.zeros(2), 1), "num_steps"),
        (lambda: latent.slerp(torch.zeros(1, 2), torch.zeros(1, 2), 3), "1-D"),
    ],
)
def test_bad_input(call, word):
    with pytest.raises(ValueError, match=word):
        call()
