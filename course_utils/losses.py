"""Per-example terms: reconstruction losses, KL divergences, penalties, ELBO and IWAE.

The contract of this module: every function returns **one value per example**, summed over the
pixels or the latent dimensions, with the batch as its last axis: shape ``(batch,)``, or
``(num_samples, batch)`` for per-sample terms. Signs are stated on each docstring. Training
objectives, the batch means that ``fit`` minimises, live in :mod:`course_utils.objectives`.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F


def _check_same_shape(**tensors: torch.Tensor) -> None:
    (name_a, a), *rest = tensors.items()
    for name_b, b in rest:
        if a.shape != b.shape:
            raise ValueError(
                f"{name_a} and {name_b} must have the same shape, got {tuple(a.shape)} and {tuple(b.shape)}"
            )


def bernoulli_nll(logits: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    r"""Bernoulli negative log-likelihood = binary cross-entropy, from logits (notebook 01).

    $-\log p(x\mid\pi) = -\sum_j [x_j \log \pi_j + (1-x_j)\log(1-\pi_j)]$, $\pi = \sigma(\text{logits})$;
    >= 0, summed over pixels, shape (batch,). Computed from logits, so it never takes log(0).
    """
    _check_same_shape(logits=logits, x=x)
    bce = F.binary_cross_entropy_with_logits(logits, x, reduction="none")  # (batch, input_dim)
    return bce.flatten(1).sum(dim=1)  # (batch,)


def gaussian_nll(x_hat: torch.Tensor, x: torch.Tensor, sigma: float | torch.Tensor) -> torch.Tensor:
    r"""Gaussian negative log-likelihood of ``x`` under ``N(x_hat, sigma^2 I)`` (notebooks 01, 02, 05).

    $-\log p(x\mid\hat x) = \frac{1}{2\sigma^2}\|x-\hat x\|^2 + P\log\sigma + \frac{P}{2}\log 2\pi$;
    summed over the P pixels, shape (batch,). For fixed sigma, minimising it is least squares.
    """
    _check_same_shape(x_hat=x_hat, x=x)
    sigma = torch.as_tensor(sigma, dtype=x.dtype, device=x.device)
    if (sigma <= 0).any():
        raise ValueError(f"sigma must be > 0, got {sigma}")
    squared = ((x - x_hat) / sigma).pow(2)  # (batch, P)
    log_norm = torch.log(sigma) + 0.5 * math.log(2 * math.pi)  # () or (batch, P)
    return (0.5 * squared + log_norm).flatten(1).sum(dim=1)  # (batch,)


def bernoulli_entropy(x: torch.Tensor) -> torch.Tensor:
    r"""The floor of the Bernoulli NLL on grey pixels (notebook 04): $\sum_j H(x_j)$ per image, in nats.

    $H(x) = -x\log x - (1-x)\log(1-x)$ is the smallest value of $-[x\log\pi + (1-x)\log(1-\pi)]$ over
    $\pi$ (reached at $\pi = x$), 0 for a black or white pixel. Summed over pixels, >= 0, shape (batch,).
    """
    return torch.special.entr(x).add(torch.special.entr(1 - x)).flatten(1).sum(dim=1)  # (batch,)


def mean_image_nll(x_train: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    r"""Bernoulli NLL of ``x`` under the mean training image: a decoder that knows nothing about
    the image (notebooks 04 and 05). A code that carries information scores below it.

    $-\log p(x\mid\bar\pi)$ with $\bar\pi = \frac1N\sum_n x^{(n)}_{\text{train}}$ (clipped to
    [1e-4, 1 - 1e-4]); >= 0, summed over pixels, shape (batch,).
    """
    mean_logits = torch.logit(x_train.mean(dim=0).clamp(1e-4, 1 - 1e-4))  # (input_dim,)
    return bernoulli_nll(mean_logits.expand_as(x), x)  # (batch,)


def squared_error(x_hat: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    r"""$\|x - \hat x\|^2$ summed over pixels, shape (batch,) (notebook 02, the autoencoder loss)."""
    _check_same_shape(x_hat=x_hat, x=x)
    return (x - x_hat).pow(2).flatten(1).sum(dim=1)  # (batch,)


def kl_terms(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    r"""$KL(N(\mu_j, \sigma_j^2) \| N(0, 1))$ of every latent dimension of every example (notebooks 04, 05).

    $\frac12(\mu_j^2 + \sigma_j^2 - 1 - \log\sigma_j^2)$ with $\log\sigma^2 =$ ``logvar``; >= 0, not summed:
    shape (batch, latent_dim). The one copy of the formula: :func:`kl_to_standard_normal` sums it over
    the latent dims, :func:`course_utils.metrics.kl_per_dimension` averages it over the examples.
    """
    _check_same_shape(mu=mu, logvar=logvar)
    return 0.5 * (mu.pow(2) + logvar.exp() - 1.0 - logvar)  # (batch, latent_dim)


def kl_to_standard_normal(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    r"""Closed-form $KL(N(\mu, \mathrm{diag}\,\sigma^2) \| N(0, I))$ (notebook 04).

    $KL = \frac12\sum_j (\mu_j^2 + \sigma_j^2 - 1 - \log\sigma_j^2)$, with $\log\sigma^2 =$ ``logvar``;
    KL >= 0, summed over latent dims, shape (batch,).
    """
    return kl_terms(mu, logvar).sum(dim=-1)  # (batch,)


def gaussian_samples(
    mu: torch.Tensor,
    logvar: torch.Tensor,
    num_samples: int,
    generator: torch.Generator | None = None,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    r"""``num_samples`` reparameterised draws $z = \mu + \sigma\epsilon$ from $q = N(\mu, \mathrm{diag}\,\sigma^2)$,
    with $\log q(z)$ and $\log p(z)$ under the prior $p = N(0, I)$ (notebooks 04 and 05).

    Returns ``(z, log_q, log_p)`` of shapes (num_samples, batch, latent_dim), (num_samples, batch) and
    (num_samples, batch): the log-densities are summed over the latent dims.
    """
    _check_same_shape(mu=mu, logvar=logvar)
    if not isinstance(num_samples, int) or num_samples < 1:
        raise ValueError(f"num_samples must be an int >= 1, got {num_samples!r}")
    eps = torch.randn((num_samples, *mu.shape), generator=generator, dtype=mu.dtype)  # (S, batch, d)
    z = mu + (0.5 * logvar).exp() * eps  # (S, batch, d)
    log_q = -0.5 * (eps.pow(2) + logvar + math.log(2 * math.pi)).sum(dim=-1)  # (S, batch)
    log_p = -0.5 * (z.pow(2) + math.log(2 * math.pi)).sum(dim=-1)  # (S, batch)
    return z, log_q, log_p


def kl_monte_carlo(
    mu: torch.Tensor,
    logvar: torch.Tensor,
    num_samples: int,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    r"""Monte Carlo estimate of $KL(q\|p) = E_{z\sim q}[\log q(z) - \log p(z)]$, $p = N(0, I)$ (notebook 04).

    Averages ``num_samples`` reparameterised draws (:func:`gaussian_samples`); unbiased, shape (batch,).
    Each draw may be negative; the average converges to the closed form as num_samples grows.
    """
    _, log_q, log_p = gaussian_samples(mu, logvar, num_samples, generator)  # (S, batch) each
    return (log_q - log_p).mean(dim=0)  # (batch,)


def l1_penalty(z: torch.Tensor) -> torch.Tensor:
    r"""$\sum_i |z_i|$ per example, shape (batch,) (notebooks 01 and 03, sparse autoencoder).

    The lecture's sparse loss is $\|x-\hat x\|^2 + \frac{\lambda}{2}\sum_i|z_i|$: multiply by lambda/2 yourself.
    """
    if z.dim() < 2:
        raise ValueError(f"z must have shape (batch, latent_dim), got {tuple(z.shape)}")
    return z.abs().flatten(1).sum(dim=1)  # (batch,)


def negative_elbo(
    x_logits: torch.Tensor,
    x: torch.Tensor,
    mu: torch.Tensor,
    logvar: torch.Tensor,
    beta: float = 1.0,
) -> torch.Tensor:
    r"""Negative ELBO with a Bernoulli decoder, one single-sample estimate per example (notebook 04).

    $-\mathrm{ELBO} = -E_{q(z|x)}[\log p(x|z)] + \beta\,KL(q(z|x)\|p(z))$ (beta = 1 is the ELBO);
    >= 0 here (both terms are), in nats, shape (batch,).
    """
    return bernoulli_nll(x_logits, x) + beta * kl_to_standard_normal(mu, logvar)  # (batch,)


def sparse_loss(x_hat: torch.Tensor, x: torch.Tensor, z: torch.Tensor, lam: float) -> torch.Tensor:
    r"""The lecture's sparse autoencoder loss (notebook 03), per example.

    $\|x - \hat x\|^2 + \frac{\lambda}{2}\sum_i |z_i|$; >= 0, shape (batch,).
    """
    if lam < 0:
        raise ValueError(f"lam must be >= 0, got {lam!r}")
    return squared_error(x_hat, x) + 0.5 * lam * l1_penalty(z)  # (batch,)


def log_importance_weights(
    x: torch.Tensor,
    mu: torch.Tensor,
    logvar: torch.Tensor,
    log_likelihood,
    num_samples: int,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    r"""$\log w_k = \log p(x|z_k) + \log p(z_k) - \log q(z_k|x)$ for $z_k \sim q(z|x) = N(\mu, \sigma^2)$ (notebook 05).

    ``log_likelihood(z, x)`` returns $\log p(x|z)$ with shape (num_samples, batch) for z of shape
    (num_samples, batch, latent_dim). Returns shape (num_samples, batch). $E_q[\log w] = \mathrm{ELBO}$.
    """
    z, log_q, log_p_z = gaussian_samples(mu, logvar, num_samples, generator)  # (K, batch, d), (K, batch) x 2
    return log_likelihood(z, x) + log_p_z - log_q  # (K, batch)


def iwae_bound(log_w: torch.Tensor) -> torch.Tensor:
    r"""$\mathrm{IWAE}_K = \log \frac1K \sum_k w_k$ from log-weights of shape (K, batch), computed stably.

    $\mathrm{ELBO} \le E[\mathrm{IWAE}_K] \le E[\mathrm{IWAE}_{K+1}] \le \log p(x)$ (Burda et al., 2016); shape (batch,).
    """
    return torch.logsumexp(log_w, dim=0) - math.log(log_w.shape[0])  # (batch,)


def iwae_log_likelihood(
    model,
    x: torch.Tensor,
    num_samples: int,
    *,
    chunk_size: int = 256,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    r"""Importance-weighted estimate of $\log p(x)$ for a Bernoulli-decoder VAE, in nats, shape (batch,) (notebook 05).

    ``num_samples = 1`` is a single-sample ELBO estimate; the estimate rises towards $\log p(x)$ as it grows.
    """

    def log_likelihood(z, x):  # z: (K, batch, d) -> (K, batch)
        logits = model.decode(z)  # (K, batch, input_dim)
        return -F.binary_cross_entropy_with_logits(logits, x.expand_as(logits), reduction="none").sum(dim=-1)

    results = []
    with torch.no_grad():
        for start in range(0, len(x), chunk_size):
            x_chunk = x[start : start + chunk_size]  # (chunk, input_dim)
            mu, logvar = model.encode(x_chunk)
            log_w = log_importance_weights(x_chunk, mu, logvar, log_likelihood, num_samples, generator)
            results.append(iwae_bound(log_w))
    return torch.cat(results)  # (batch,)


def elbo_estimate(model, x: torch.Tensor, num_samples: int = 10) -> torch.Tensor:
    r"""The ELBO of each image (nats, shape (batch,)) for a Bernoulli-decoder VAE (notebooks 05 and 06).

    $\mathrm{ELBO} = E_{q(z|x)}[\log p(x|z)] - KL(q(z|x)\|p(z))$: the expectation averaged over
    ``num_samples`` reparameterised draws, the KL in closed form. Always <= 0 here; higher is better.
    """
    if not isinstance(num_samples, int) or num_samples < 1:
        raise ValueError(f"num_samples must be an int >= 1, got {num_samples!r}")
    with torch.no_grad():
        mu, logvar = model.encode(x)  # (batch, latent_dim) each
        reconstruction = torch.stack(
            [bernoulli_nll(model.decode(model.reparameterize(mu, logvar)), x) for _ in range(num_samples)]
        ).mean(dim=0)  # (batch,) estimate of -E_q[log p(x|z)]
        return -(reconstruction + kl_to_standard_normal(mu, logvar))  # (batch,)
