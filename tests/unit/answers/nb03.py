"""Answers to notebook 03's checks."""

import torch
import torch.nn.functional as F

from course_utils import checks, losses

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
    return x * (torch.rand_like(x) >= p)


def _shrink(x_noisy, mean, var, noise_std):
    return mean + var / (var + noise_std**2) * (x_noisy - mean)


def _precision_weighted(x_noisy, mean, var, noise_std):
    prior_precision, noise_precision = 1 / var, 1 / noise_std**2
    return (prior_precision * mean + noise_precision * x_noisy) / (prior_precision + noise_precision)


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
        ],
    ),
    "check_sparse_loss": Answers(
        run=checks.check_sparse_loss,
        valid=[
            lambda x_hat, x, z, lam: losses.sparse_loss(x_hat, x, z, lam).mean(),
            lambda x_hat, x, z, lam: (
                F.mse_loss(x_hat, x, reduction="none").sum(1) + lam / 2 * z.norm(p=1, dim=1)
            ).mean(),
        ],
        wrong=[
            (lambda x_hat, x, z, lam: losses.sparse_loss(x_hat, x, z, 2 * lam).mean(), "1/2"),
            (lambda x_hat, x, z, lam: ((x - x_hat).pow(2).sum(1) + 0.5 * lam * z.sum(1)).mean(), "absolute"),
            (lambda x_hat, x, z, lam: ((x - x_hat).pow(2).sum(1) + 0.5 * lam * z.pow(2).sum(1)).mean(), "L2"),
            (
                lambda x_hat, x, z, lam: ((x - x_hat).pow(2).mean(1) + 0.5 * lam * z.abs().sum(1)).mean(),
                "summed over pixels",
            ),
            (lambda x_hat, x, z, lam: losses.sparse_loss(x_hat, x, z, lam).sum(), "sum over the batch"),
        ],
    ),
    "check_masking_noise": Answers(
        run=checks.check_masking_noise,
        valid=[
            _mask,
            lambda x, p: torch.where(torch.rand_like(x) < p, torch.zeros_like(x), x),
            lambda x, p: x * torch.bernoulli(torch.full_like(x, 1 - p)),
        ],
        wrong=[
            (lambda x, p: _mask(x, 1 - p), "zeroed"),
            (lambda x, p: _mask(x, p) + 0.01, "changed but not set to 0"),
            (lambda x, p: _mask(x, p)[:10], "shaped like x"),
            (lambda x, p: _mask(x, p, "shared"), "every image lost the same pixels"),
            (lambda x, p: _mask(x, p, "position"), "same pixels"),
            (lambda x, p: _mask(x, p, "seed"), "fresh mask"),
        ],
    ),
    "check_optimal_denoiser": Answers(
        run=checks.check_optimal_denoiser,
        valid=[_shrink, _precision_weighted],
        wrong=[
            (lambda x_noisy, mean, var, noise_std: x_noisy, "ignores the prior"),
            (lambda x_noisy, mean, var, noise_std: torch.full_like(x_noisy, mean), "ignores the measurement"),
            (lambda x_noisy, mean, var, noise_std: mean + var / (var + noise_std) * (x_noisy - mean), "*variances*"),
            (lambda x_noisy, mean, var, noise_std: var / (var + noise_std**2) * x_noisy, "not towards 0"),
            (
                lambda x_noisy, mean, var, noise_std: mean + noise_std**2 / (var + noise_std**2) * (x_noisy - mean),
                "Swapped",
            ),
        ],
    ),
    "check_sparsity_prediction": Answers(
        run=lambda fn: checks.check_sparsity_prediction(fn, [0.12, 0.48, 0.91], [10.3, 11.0, 14.2]),
        valid=[lambda: "a", lambda: "A"],
        wrong=[
            (lambda: "b", "for free"),
            (lambda: "c", "*more*"),
            (lambda: "d", "changes the codes"),
            (lambda: "up", "one letter"),
        ],
    ),
}
