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


def test_slerp_of_parallel_codes_falls_back_to_lerp():
    a = torch.tensor([1.0, 1.0])
    torch.testing.assert_close(latent.slerp(a, 3 * a, 4), latent.lerp(a, 3 * a, 4))


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
