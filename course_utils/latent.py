"""Walking the latent space: interpolation and regular grids (notebooks 02, 04 and 06)."""

from __future__ import annotations

import torch


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
    $\cos\Omega = \hat z_{start} \cdot \hat z_{end}$; falls back to :func:`lerp` for (anti)parallel codes.
    """
    _check_pair(z_start, z_end, num_steps)
    cos_omega = torch.dot(z_start, z_end) / (z_start.norm() * z_end.norm()).clamp_min(1e-12)
    omega = torch.arccos(cos_omega.clamp(-1.0, 1.0))
    if torch.sin(omega).abs() < 1e-6:
        return lerp(z_start, z_end, num_steps)
    t = torch.linspace(0, 1, num_steps, dtype=z_start.dtype).unsqueeze(1)  # (num_steps, 1)
    return (torch.sin((1 - t) * omega) * z_start + torch.sin(t * omega) * z_end) / torch.sin(omega)


def grid(z1_values: torch.Tensor, z2_values: torch.Tensor) -> torch.Tensor:
    """The 2-D latent points of a regular grid, top row (largest z2) first, then left to right.

    Shape (len(z2_values) * len(z1_values), 2): decode them in order for :func:`course_utils.plots.show_latent_grid`.
    """
    z2, z1 = torch.meshgrid(torch.as_tensor(z2_values).flip(0), torch.as_tensor(z1_values), indexing="ij")
    return torch.stack([z1.flatten(), z2.flatten()], dim=1).float()  # (n2 * n1, 2)
