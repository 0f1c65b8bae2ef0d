"""Measurements of trained models: KL per latent dimension, active units, and how digit-like
generated images are.

Introduced in notebook 02 (a classifier judges decoded images) and notebook 05 (collapse).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import torch

from . import losses
from .runtime import shifted_seed

if TYPE_CHECKING:  # scikit-learn is imported when a classifier is fitted, not with this module
    from sklearn.linear_model import LogisticRegression


def kl_per_dimension(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    r"""$KL(q(z_j|x) \| N(0, 1))$ for each latent dimension j, averaged over the inputs (notebook 05).

    >= 0, shape (latent_dim,); its sum is the mean of :func:`course_utils.losses.kl_to_standard_normal`.
    A dimension whose KL is close to 0 for every x carries almost no information about x: it has
    (approximately) *collapsed* to the prior.
    """
    if mu.shape != logvar.shape or mu.dim() != 2:
        raise ValueError(
            f"mu and logvar must both have shape (num_examples, latent_dim), got {tuple(mu.shape)} and "
            f"{tuple(logvar.shape)}"
        )
    return losses.kl_terms(mu, logvar).mean(dim=0)  # (latent_dim,)


def active_units(mu: torch.Tensor, threshold: float = 0.01) -> torch.Tensor:
    r"""Which latent dimensions are *active*: $\mathrm{Var}_x(E_{q(z|x)}[z_j]) > $ threshold (Burda et al., 2016).

    ``mu`` holds the encoder means of many inputs, shape (num_examples, latent_dim); returns a boolean mask
    of shape (latent_dim,). An inactive dimension gives (almost) the same code to every input.
    """
    if mu.dim() != 2 or len(mu) < 2:
        raise ValueError(f"mu must have shape (num_examples >= 2, latent_dim), got {tuple(mu.shape)}")
    if threshold < 0:
        raise ValueError(f"threshold must be >= 0, got {threshold!r}")
    return mu.var(dim=0) > threshold  # (latent_dim,)


def fit_digit_classifier(x: torch.Tensor, y: torch.Tensor, seed: int = 0, max_images: int = 5000) -> LogisticRegression:
    """A logistic-regression classifier on raw pixels, trained on real images: the judge of generated ones.

    It learns from at most ``max_images`` of them, drawn by ``seed`` (all of ``digits`` and of ``mnist_5k``;
    5,000 of MNIST's 60,000, which keeps the fit to seconds on a laptop).
    """
    if len(x) != len(y) or x.dim() != 2:
        raise ValueError(
            f"x must be (num_images, num_pixels) with one label each, got {tuple(x.shape)} and {tuple(y.shape)}"
        )
    if not isinstance(max_images, int) or max_images < 10:
        raise ValueError(f"max_images must be an int >= 10, got {max_images!r}")
    seed = shifted_seed(seed)
    if len(x) > max_images:
        keep = torch.randperm(len(x), generator=torch.Generator().manual_seed(seed))[:max_images]
        x, y = x[keep], y[keep]
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(max_iter=2000, random_state=seed).fit(x.numpy(), y.numpy())


def confident_fraction(classifier, images: torch.Tensor, threshold: float = 0.9, label=None) -> float:
    """Fraction of images the classifier assigns to one class with probability > threshold.

    With ``label`` (an int or a tensor of per-image labels), only a confident vote for *that* class counts.
    """
    proba = torch.as_tensor(classifier.predict_proba(images.detach().numpy()))  # (num_images, num_classes)
    if label is None:
        return (proba.max(dim=1).values > threshold).float().mean().item()
    label = torch.as_tensor(label).expand(len(images))
    return (proba[torch.arange(len(images)), label] > threshold).float().mean().item()
