"""Closed-form estimators of notebook 01: Gaussian MLE, least squares, ridge (MAP), lasso, Bayes.

Everything works in float64 torch tensors; ``X`` is a design matrix of shape (n, p), ``y`` (n,).
"""

from __future__ import annotations

import math

import torch


def _as_float64(**tensors) -> list[torch.Tensor]:
    return [torch.as_tensor(t, dtype=torch.float64) for t in tensors.values()]


def _check_design(X: torch.Tensor, y: torch.Tensor) -> None:
    if X.dim() != 2:
        raise ValueError(f"X must have shape (n, p), got {tuple(X.shape)}")
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},) to match X, got {tuple(y.shape)}")


def gaussian_mle(x) -> tuple[torch.Tensor, torch.Tensor]:
    r"""Maximum-likelihood ``(mu, sigma)`` of a 1-D Gaussian.

    $\hat\mu = \frac1n\sum_i x_i$, $\hat\sigma^2 = \frac1n\sum_i (x_i-\hat\mu)^2$ (divides by n, not n-1).
    """
    (x,) = _as_float64(x=x)
    if x.dim() != 1 or len(x) < 1:
        raise ValueError(f"x must be a non-empty 1-D tensor, got shape {tuple(x.shape)}")
    mu = x.mean()
    return mu, (x - mu).pow(2).mean().sqrt()


def gaussian_log_likelihood(x, mu, sigma) -> torch.Tensor:
    r"""$\log \prod_i N(x_i\mid\mu,\sigma^2) = -\frac{1}{2\sigma^2}\sum_i(x_i-\mu)^2 - n\log\sigma - \frac n2\log 2\pi$.

    Summed over the n points, a scalar (<= 0 is *not* guaranteed: densities can exceed 1).
    """
    x, mu, sigma = _as_float64(x=x, mu=mu, sigma=sigma)
    if (sigma <= 0).any():
        raise ValueError(f"sigma must be > 0, got {sigma}")
    n = x.numel()
    return -0.5 * ((x - mu) / sigma).pow(2).sum() - n * torch.log(sigma) - 0.5 * n * math.log(2 * math.pi)


def polynomial_features(x, degree: int) -> torch.Tensor:
    r"""Design matrix $[1, x, x^2, \dots, x^{degree}]$, shape (n, degree + 1)."""
    (x,) = _as_float64(x=x)
    if not isinstance(degree, int) or degree < 0:
        raise ValueError(f"degree must be an int >= 0, got {degree!r}")
    return torch.stack([x**k for k in range(degree + 1)], dim=1)  # (n, degree + 1)


def least_squares(X, y) -> torch.Tensor:
    r"""$\hat\theta = \arg\min_\theta \frac12\|y - X\theta\|^2$ (maximum likelihood under Gaussian noise)."""
    X, y = _as_float64(X=X, y=y)
    _check_design(X, y)
    return torch.linalg.lstsq(X, y.unsqueeze(1)).solution.squeeze(1)  # (p,)


def ridge(X, y, lam: float) -> torch.Tensor:
    r"""MAP with a Gaussian prior: $\arg\min_\theta \frac12\|y-X\theta\|^2 + \frac\lambda2\|\theta\|^2$.

    $\hat\theta = (X^\top X + \lambda I)^{-1} X^\top y$ with $\lambda = \sigma^2/\tau^2$ (noise / prior variance).
    """
    X, y = _as_float64(X=X, y=y)
    _check_design(X, y)
    if lam < 0:
        raise ValueError(f"lam must be >= 0, got {lam!r}")
    A = X.T @ X + lam * torch.eye(X.shape[1], dtype=X.dtype)  # (p, p)
    return torch.linalg.solve(A, X.T @ y)  # (p,)


def lasso(X, y, lam: float, num_steps: int = 5000) -> torch.Tensor:
    r"""MAP with a Laplace prior: $\arg\min_\theta \frac12\|y-X\theta\|^2 + \lambda\|\theta\|_1$.

    Solved by proximal gradient descent (ISTA): a gradient step on the squared error, then
    soft-thresholding, which sets small coefficients exactly to zero.
    """
    X, y = _as_float64(X=X, y=y)
    _check_design(X, y)
    if lam < 0:
        raise ValueError(f"lam must be >= 0, got {lam!r}")
    step = 1.0 / torch.linalg.matrix_norm(X, ord=2).pow(2)  # 1 / Lipschitz constant of the gradient
    theta = torch.zeros(X.shape[1], dtype=X.dtype)
    for _ in range(num_steps):
        theta = theta - step * (X.T @ (X @ theta - y))
        theta = torch.sign(theta) * torch.clamp(theta.abs() - step * lam, min=0.0)
    return theta


def gaussian_posterior(x, sigma: float, prior_mu: float, prior_std: float) -> tuple[float, float]:
    r"""Posterior of a Gaussian mean with known noise ``sigma`` and prior $N(\mu_0, \tau^2)$ (conjugate).

    $\frac{1}{\tau_n^2} = \frac{1}{\tau^2} + \frac{n}{\sigma^2}$,
    $\mu_n = \tau_n^2\left(\frac{\mu_0}{\tau^2} + \frac{\sum_i x_i}{\sigma^2}\right)$; returns ``(mu_n, tau_n)``.
    """
    (x,) = _as_float64(x=x)
    if sigma <= 0 or prior_std <= 0:
        raise ValueError(f"sigma and prior_std must be > 0, got {sigma!r} and {prior_std!r}")
    precision = 1.0 / prior_std**2 + x.numel() / sigma**2
    post_var = 1.0 / precision
    post_mu = post_var * (prior_mu / prior_std**2 + x.sum().item() / sigma**2)
    return post_mu, math.sqrt(post_var)
