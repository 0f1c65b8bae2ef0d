"""Answers to notebook 03's checks."""

import torch
import torch.nn.functional as F

from course_utils import checks, data, losses, objectives
from course_utils.data import add_gaussian_noise

from . import Answers


def _denoise(model, x, s, noise=None, target="clean", reduce="sum"):
    eps = torch.randn_like(x) if noise is None else noise(x)
    x_noisy = x + s * eps
    err = (model(x_noisy) - (x if target == "clean" else x_noisy)).pow(2)
    return err.sum(1).mean() if reduce == "sum" else (err.mean() if reduce == "mean" else err.sum(1))


def _fixed_seed(model, x, s):
    g = torch.Generator().manual_seed(0)
    return _denoise(model, x, s, noise=lambda x: torch.randn(x.shape, generator=g))


def _mask(x, p, how="random"):
    if how == "shared":
        return x * (torch.rand(x.shape[1]) >= p)
    if how == "position":
        keep = torch.arange(x.shape[1]) >= round(p * x.shape[1])
        return x * keep
    if how == "seed":
        return x * (torch.rand(x.shape, generator=torch.Generator().manual_seed(0)) >= p)
    if how == "fixed count":  # Vincent et al. (2008): round(p * d) random pixels of every image
        order = torch.rand(x.shape).argsort(dim=1)
        return x * (order >= round(p * x.shape[1]))
    return x * (torch.rand_like(x) >= p)


def _shrink(x_noisy, mean, var, noise_std):
    return mean + var / (var + noise_std**2) * (x_noisy - mean)


def _precision_weighted(x_noisy, mean, var, noise_std):
    prior_precision, noise_precision = 1 / var, 1 / noise_std**2
    return (prior_precision * mean + noise_precision * x_noisy) / (prior_precision + noise_precision)


def _torch_gaussians(x_noisy, mean, var, noise_std):
    # Regression of x on x_noisy: mean + Cov(x, x_noisy) / Var(x_noisy) · (x_noisy − mean).
    var = torch.as_tensor(var, dtype=torch.float64)
    total = torch.distributions.Normal(torch.as_tensor(mean, dtype=torch.float64), (var + noise_std**2).sqrt())
    return total.mean + var / total.variance * (x_noisy - total.mean)


# Aliases bound before the check, as a student would write `from course_utils.losses import sparse_loss as sl`.
_course_denoising = objectives.denoising_autoencoder
_course_sparse = losses.sparse_loss
_course_mask = data.add_masking_noise
_OWN = "course's own"

ANSWERS = {
    "check_denoising_loss": Answers(
        run=checks.check_denoising_loss,
        valid=[
            _denoise,
            lambda model, x, s: F.mse_loss(model(x + s * torch.randn(x.shape)), x, reduction="sum") / len(x),
            lambda model, x, s: (
                losses.squared_error(model(x + torch.normal(0.0, s, size=x.shape)), x).mean()
                if s > 0
                else losses.squared_error(model(x), x).mean()
            ),
            # The corruption of section 1 from the library, the loss written by the student: allowed.
            lambda model, x, s: (model(add_gaussian_noise(x, s)) - x).pow(2).sum(dim=1).mean(),
        ],
        wrong=[
            (lambda m, x, s: _denoise(m, x, s, target="noisy"), "*clean* x"),
            (lambda m, x, s: _denoise(m, x, s, noise=lambda x: torch.zeros_like(x)), "is zero"),
            (lambda m, x, s: _denoise(m, x, s, reduce="mean"), "Sum the squared error"),
            (lambda m, x, s: _denoise(m, x, s, reduce="none"), "one number"),
            (lambda m, x, s: _denoise(m, x, s, noise=lambda x: torch.randn(x.shape[1])), "every image"),
            (lambda m, x, s: _denoise(m, x, s, noise=lambda x: torch.randn(x.shape[0], 1)), "every pixel"),
            (lambda m, x, s: _denoise(m, x, s * s), "a variance"),
            (lambda m, x, s: _denoise(m, x, s, noise=torch.rand_like), "centred"),
            (_fixed_seed, "every call"),
            (lambda m, x, s: _denoise(m, x, s, noise=lambda x: (torch.rand_like(x) - 0.5) * 12**0.5), "Gaussian"),
            # The course's answer key: directly, through a lambda, through an alias.
            (objectives.denoising_autoencoder, _OWN),
            (lambda m, x, s: objectives.denoising_autoencoder(m, x, s), _OWN),
            (lambda m, x, s: _course_denoising(m, x, noise_std=s), _OWN),
        ],
    ),
    "check_sparse_loss": Answers(
        run=checks.check_sparse_loss,
        valid=[
            lambda x_hat, x, z, lam: (
                F.mse_loss(x_hat, x, reduction="none").sum(1) + lam / 2 * z.norm(p=1, dim=1)
            ).mean(),
            lambda x_hat, x, z, lam: ((x - x_hat).square().sum(1) + 0.5 * lam * z.abs().sum(1)).mean(),
            # Notebook 02's squared error and the library's L1 norm, combined by the student: allowed.
            lambda x_hat, x, z, lam: (losses.squared_error(x_hat, x) + lam / 2 * losses.l1_penalty(z)).mean(),
        ],
        wrong=[
            (lambda x_hat, x, z, lam: ((x - x_hat).pow(2).sum(1) + lam * z.abs().sum(1)).mean(), "1/2"),
            (lambda x_hat, x, z, lam: ((x - x_hat).pow(2).sum(1) + 0.5 * lam * z.sum(1)).mean(), "absolute"),
            (lambda x_hat, x, z, lam: ((x - x_hat).pow(2).sum(1) + 0.5 * lam * z.pow(2).sum(1)).mean(), "L2"),
            (
                lambda x_hat, x, z, lam: ((x - x_hat).pow(2).mean(1) + 0.5 * lam * z.abs().sum(1)).mean(),
                "summed over pixels",
            ),
            (lambda x_hat, x, z, lam: ((x - x_hat).pow(2).sum(1) + 0.5 * lam * z.abs().sum(1)).sum(), "sum over"),
            (lambda x_hat, x, z, lam: losses.sparse_loss(x_hat, x, z, lam).mean(), _OWN),
            (lambda x_hat, x, z, lam: _course_sparse(x_hat, x, z, lam=lam).mean(), _OWN),
        ],
    ),
    "check_masking_noise": Answers(
        run=checks.check_masking_noise,
        valid=[
            _mask,
            lambda x, p: torch.where(torch.rand_like(x) < p, torch.zeros_like(x), x),
            lambda x, p: x * torch.bernoulli(torch.full_like(x, 1 - p)),
            lambda x, p: x.masked_fill(torch.empty_like(x).uniform_() < p, 0.0),
        ],
        wrong=[
            (lambda x, p: _mask(x, 1 - p), "zeroed"),
            (lambda x, p: _mask(x, p) + 0.01, "changed but not set to 0"),
            (lambda x, p: _mask(x, p)[:10], "shaped like x"),
            (lambda x, p: _mask(x, p, "shared"), "every image lost the same pixels"),
            (lambda x, p: _mask(x, p, "position"), "same pixels"),
            (lambda x, p: _mask(x, p, "seed"), "fresh mask"),
            (lambda x, p: _mask(x, p, "fixed count"), "fixed-count masking"),
            (data.add_masking_noise, _OWN),
            (lambda x, p: data.add_masking_noise(x, p), _OWN),
            (lambda x, p: _course_mask(x, drop_prob=p), _OWN),
        ],
    ),
    "check_optimal_denoiser": Answers(
        run=checks.check_optimal_denoiser,
        valid=[_shrink, _precision_weighted, _torch_gaussians],
        wrong=[
            (lambda x_noisy, mean, var, noise_std: x_noisy, "ignores the prior"),
            (lambda x_noisy, mean, var, noise_std: torch.zeros_like(x_noisy) + mean, "ignores the measurement"),
            (lambda x_noisy, mean, var, noise_std: mean + var / (var + noise_std) * (x_noisy - mean), "*variances*"),
            (lambda x_noisy, mean, var, noise_std: var / (var + noise_std**2) * x_noisy, "not towards 0"),
            (
                lambda x_noisy, mean, var, noise_std: mean + noise_std**2 / (var + noise_std**2) * (x_noisy - mean),
                "Swapped",
            ),
            # Numbers read off the notebook's runs: its training noise σ = 0.3, its pixel variance 0.38².
            (lambda x_noisy, mean, var, noise_std: mean + var / (var + 0.09) * (x_noisy - mean), "noise_std changes"),
            (
                lambda x_noisy, mean, var, noise_std: mean + 0.1444 / (0.1444 + noise_std**2) * (x_noisy - mean),
                "var changes",
            ),
            # The shrinkage factor measured at σ = 0.3 on digits, 0.1444 / (0.1444 + 0.09), as a constant.
            (lambda x_noisy, mean, var, noise_std: mean + 0.616 * (x_noisy - mean), "noise_std changes"),
        ],
    ),
    "check_sparsity_prediction": Answers(
        run=lambda fn: checks.check_sparsity_prediction(fn, [0.12, 0.48, 0.91], [10.3, 11.0, 14.2]),
        valid=[lambda: "a", lambda: "A", lambda: " (a) "],
        wrong=[
            (lambda: "b", "too few non-zero"),
            (lambda: "c", "*more*"),
            (lambda: "d", "changes the codes"),
            (lambda: "up", "one letter"),
        ],
    ),
}
