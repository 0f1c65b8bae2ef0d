r"""Training objectives: what :func:`course_utils.training.fit` minimises.

The contract of this module: ``objective(model, batch) -> scalar tensor``, the **batch mean** of a
per-example loss from :mod:`course_utils.losses`. Extra settings (noise level, ``lam``, ``beta``)
are keyword arguments; bind them with a lambda: ``fit(model, lambda m, x: denoising_autoencoder(m,
x, noise_std=0.3), x_train, ...)``. Random draws (noise, reparameterised samples) come from torch's
global generator, which ``fit`` seeds.
"""

from __future__ import annotations

import torch

from . import losses
from .data import add_gaussian_noise


def autoencoder(model, x: torch.Tensor) -> torch.Tensor:
    r"""Notebook 02: $\frac1B\sum_b \|x_b - D(E(x_b))\|^2$, the squared error of a deterministic autoencoder."""
    return losses.squared_error(model(x), x).mean()


def denoising_autoencoder(model, x: torch.Tensor, noise_std: float) -> torch.Tensor:
    r"""Notebook 03: reconstruct the *clean* x from $\tilde x = x + \epsilon$, $\epsilon \sim N(0, \sigma^2 I)$.

    $\frac1B\sum_b \|x_b - D(E(\tilde x_b))\|^2$, with a fresh $\epsilon$ for every pixel of every image.
    """
    x_noisy = add_gaussian_noise(x, noise_std)  # (batch, input_dim)
    return losses.squared_error(model(x_noisy), x).mean()


def sparse_autoencoder(model, x: torch.Tensor, lam: float) -> torch.Tensor:
    r"""Notebook 03: the batch mean of the lecture's $\|x - \hat x\|^2 + \frac{\lambda}{2}\sum_i |z_i|$, $z = E(x)$."""
    z = model.encode(x)  # (batch, latent_dim)
    return losses.sparse_loss(model.decode(z), x, z, lam).mean()


def vae(model, x: torch.Tensor, beta: float = 1.0) -> torch.Tensor:
    r"""Notebooks 04-06: the batch mean of the ($\beta$-weighted) negative ELBO of a :class:`~course_utils.models.VAE`.

    $-E_{q(z|x)}[\log p(x|z)] + \beta\,KL(q(z|x)\|p(z))$ with one reparameterised sample per image; in nats.
    """
    x_logits, mu, logvar = model(x)
    return losses.negative_elbo(x_logits, x, mu, logvar, beta=beta).mean()


def vae_free_bits(model, x: torch.Tensor, free_nats: float) -> torch.Tensor:
    r"""Notebook 05: the negative ELBO with "free bits" (Kingma et al. 2016, the inverse autoregressive flow paper).

    $-\frac1B\sum_b E_q[\log p(x_b|z)] + \sum_j \max\big(\delta, \frac1B\sum_b KL(q(z_j|x_b)\|N(0,1))\big)$ with
    $\delta =$ ``free_nats`` (Kingma et al. call it $\lambda$; notebook 05 writes $\delta$, because $\lambda$ already
    weighs the penalties of notebooks 01 and 03): a latent dimension pays nothing for its first $\delta$ nats of
    (batch-average) KL, so the optimiser gains nothing by pushing it all the way to the prior.
    """
    x_logits, mu, logvar = model(x)
    kl_dims = losses.kl_terms(mu, logvar).mean(dim=0)  # (latent_dim,) batch-mean KL
    return losses.bernoulli_nll(x_logits, x).mean() + kl_dims.clamp(min=free_nats).sum()


class KLAnnealing:
    r"""Notebook 05: the negative ELBO with KL annealing (Bowman et al. 2016): $\beta$ rises linearly from 0 to
    1 over the first ``warmup_steps`` calls, then stays at 1. A callable objective for ``fit``; it counts
    its own calls, so use a fresh one per training run."""

    def __init__(self, warmup_steps: int):
        if warmup_steps < 1:
            raise ValueError(f"warmup_steps must be >= 1, got {warmup_steps}")
        self.warmup_steps, self.step = warmup_steps, 0

    @property
    def beta(self) -> float:
        return min(1.0, self.step / self.warmup_steps)

    def __call__(self, model, x: torch.Tensor) -> torch.Tensor:
        self.step += 1
        return vae(model, x, beta=self.beta)


def conditional_vae(model, batch: tuple[torch.Tensor, torch.Tensor], beta: float = 1.0) -> torch.Tensor:
    r"""Notebook 06: the batch mean of the negative ELBO of a :class:`~course_utils.models.ConditionalVAE`.

    ``batch`` is ``(x, y)``, as ``fit`` passes it when ``x_train`` is the tuple ``(x_train, y_train)``.
    """
    x, y = batch
    x_logits, mu, logvar = model(x, y)
    return losses.negative_elbo(x_logits, x, mu, logvar, beta=beta).mean()
