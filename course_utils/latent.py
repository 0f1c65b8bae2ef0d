"""Walking the latent space: interpolation and regular grids (notebooks 02, 04 and 06)."""

from __future__ import annotations

import math

import torch

# Below this angle (radians) slerp and lerp differ by less than 0.07 * angle**2 * (|z_start| + |z_end|), under
# float32's resolution: the straight segment is the limit of the arc.
_PARALLEL = 1e-4


def _check_pair(z_start: torch.Tensor, z_end: torch.Tensor, num_steps: int) -> None:
    if z_start.shape != z_end.shape or z_start.dim() != 1:
        raise ValueError(
            f"z_start and z_end must be 1-D codes of the same shape, got {tuple(z_start.shape)} and {tuple(z_end.shape)}"
        )
    if not isinstance(num_steps, int) or num_steps < 2:
        raise ValueError(f"num_steps must be an int >= 2, got {num_steps!r}")


def lerp(z_start: torch.Tensor, z_end: torch.Tensor, num_steps: int) -> torch.Tensor:
    r"""Linear interpolation $z(t) = (1-t)\,z_{start} + t\,z_{end}$, $t \in [0, 1]$, endpoints included (notebook 02).

    Returns shape (num_steps, latent_dim).
    """
    _check_pair(z_start, z_end, num_steps)
    t = torch.linspace(0, 1, num_steps, dtype=z_start.dtype).unsqueeze(1)  # (num_steps, 1)
    return (1 - t) * z_start + t * z_end  # (num_steps, latent_dim)


def slerp(z_start: torch.Tensor, z_end: torch.Tensor, num_steps: int) -> torch.Tensor:
    r"""Spherical interpolation (notebook 06): follows the great circle between the two codes.

    $z(t) = \frac{\sin((1-t)\Omega)}{\sin\Omega} z_{start} + \frac{\sin(t\Omega)}{\sin\Omega} z_{end}$,
    $\cos\Omega = \hat z_{start} \cdot \hat z_{end}$. Returns shape (num_steps, latent_dim), in the codes' dtype.

    As $\Omega \to 0$ both weights tend to $1 - t$ and $t$: parallel codes (the same direction, any lengths)
    give :func:`lerp`, which is that limit, instead of 0 / 0. So do antiparallel codes and a zero code, for
    which no single great circle exists. The angle is $2\,\mathrm{atan2}(\|\hat a - \hat b\|, \|\hat a + \hat b\|)$,
    computed in float64: accurate at every angle, where $\arccos$ of a rounded cosine loses the small ones.
    """
    _check_pair(z_start, z_end, num_steps)
    a, b = z_start.double(), z_end.double()
    norm_a, norm_b = a.norm(), b.norm()
    if not (norm_a > 0 and norm_b > 0 and torch.isfinite(norm_a) and torch.isfinite(norm_b)):
        return lerp(z_start, z_end, num_steps)  # a zero (or non-finite) code has no direction
    unit_a, unit_b = a / norm_a, b / norm_b
    omega = 2 * torch.atan2((unit_a - unit_b).norm(), (unit_a + unit_b).norm())  # in [0, pi]
    if omega < _PARALLEL or math.pi - omega < _PARALLEL:
        return lerp(z_start, z_end, num_steps)
    t = torch.linspace(0, 1, num_steps, dtype=torch.float64).unsqueeze(1)  # (num_steps, 1)
    path = (torch.sin((1 - t) * omega) * a + torch.sin(t * omega) * b) / torch.sin(omega)
    return path.to(z_start.dtype)  # (num_steps, latent_dim)


def grid(z1_values: torch.Tensor, z2_values: torch.Tensor) -> torch.Tensor:
    """The 2-D latent points of a regular grid, top row (largest z2) first, then left to right.

    Shape (len(z2_values) * len(z1_values), 2): decode them in order for :func:`course_utils.plots.show_latent_grid`.
    """
    z2, z1 = torch.meshgrid(torch.as_tensor(z2_values).flip(0), torch.as_tensor(z1_values), indexing="ij")
    return torch.stack([z1.flatten(), z2.flatten()], dim=1).float()  # (n2 * n1, 2)
