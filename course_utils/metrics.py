"""Measurements of trained models: KL per latent dimension, active units, and how digit-like
generated images are (a judge that tells one digit from a blend of two).

Introduced in notebook 02 (the judge of decoded images) and notebook 05 (collapse).
"""

from __future__ import annotations

import hashlib
import math
import os
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from . import losses
from .runtime import cache_dir, shifted_seed


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


BLEND = 10
"""The judge's eleventh class: a blend of two different digits, the shape of what a latent-space hole
decodes to."""


def blur(x: torch.Tensor, image_shape, sigma: float) -> torch.Tensor:
    """Images (rows of pixels) blurred by a Gaussian of ``sigma`` pixels (separable, edges repeated)."""
    h, w = image_shape
    radius = max(1, math.ceil(2 * sigma))
    t = torch.arange(-radius, radius + 1, dtype=x.dtype)
    kernel = torch.exp(-(t**2) / (2 * sigma**2))
    kernel = kernel / kernel.sum()  # (2 radius + 1,)
    images = F.pad(x.reshape(-1, 1, h, w), (radius,) * 4, mode="replicate")  # (n, 1, h + 2r, w + 2r)
    images = F.conv2d(F.conv2d(images, kernel.view(1, 1, 1, -1)), kernel.view(1, 1, -1, 1))  # (n, 1, h, w)
    return images.reshape(len(x), -1)


def judge_training_set(
    x: torch.Tensor, y: torch.Tensor, image_shape, *, seed: int = 0, max_images: int = 5000
) -> tuple[torch.Tensor, torch.Tensor]:
    r"""What :func:`fit_digit_judge` learns from: at most ``max_images`` real images (drawn by ``seed``), the
    same images blurred (so that a blurry digit still counts as a digit), and as many blends
    $a\,x_i + (1 - a)\,x_j$ of two digits of different classes, $a \sim U(0.3, 0.7)$, sharp and blurred,
    labelled :data:`BLEND`. Returns ``(images, labels)``."""
    if len(x) != len(y) or x.dim() != 2:
        raise ValueError(
            f"x must be (num_images, num_pixels) with one label each, got {tuple(x.shape)} and {tuple(y.shape)}"
        )
    if not isinstance(max_images, int) or max_images < 10:
        raise ValueError(f"max_images must be an int >= 10, got {max_images!r}")
    generator = torch.Generator().manual_seed(shifted_seed(seed))
    if len(x) > max_images:
        keep = torch.randperm(len(x), generator=generator)[:max_images]
        x, y = x[keep], y[keep]
    n, sigma = len(x), image_shape[0] / 28  # one pixel on 28 x 28 images, half a pixel on 8 x 8
    i, j = torch.randint(n, (2, 4 * n), generator=generator)
    different = y[i] != y[j]
    i, j = i[different][:n], j[different][:n]
    a = 0.3 + 0.4 * torch.rand(len(i), 1, generator=generator)
    mixed = a * x[i] + (1 - a) * x[j]  # (n, input_dim)
    images = torch.cat([x, blur(x, image_shape, sigma), mixed, blur(mixed, image_shape, sigma)])
    labels = torch.cat([y, y, torch.full((2 * len(i),), BLEND, dtype=y.dtype)])
    return images, labels


class DigitJudge(nn.Module):
    """An 11-way classifier of images: ten digits, or :data:`BLEND` (see :func:`fit_digit_judge`)."""

    def __init__(self, input_dim: int, hidden: int = 256):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(input_dim, hidden), nn.ReLU(), nn.Linear(hidden, BLEND + 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)  # (batch, 11) logits

    def predict_proba(self, images: torch.Tensor) -> torch.Tensor:
        """Probabilities of the ten digits and of a blend, shape (num_images, 11)."""
        with torch.no_grad():
            return self(images.detach().float()).softmax(dim=1)

    def predict(self, images: torch.Tensor) -> torch.Tensor:
        """The most probable class of each image, shape (num_images,): 0-9, or :data:`BLEND`."""
        return self.predict_proba(images).argmax(dim=1)

    def blend_fraction(self, images: torch.Tensor) -> float:
        """Fraction of images the judge takes for a blend of two digits rather than for one digit."""
        return (self.predict(images) == BLEND).float().mean().item()


def fit_digit_judge(
    x: torch.Tensor,
    y: torch.Tensor,
    image_shape,
    *,
    seed: int = 0,
    max_images: int = 5000,
    num_steps: int = 3000,
    cache: bool = True,
) -> DigitJudge:
    """The judge of generated images (notebooks 02, 04 and 06): an MLP (one hidden layer of 256) trained
    with ``fit`` on :func:`judge_training_set` for about ``num_steps`` gradient steps (the same on every
    data set: 3,000 take 2-6 s on a laptop CPU). It tells one digit, blurry or sharp, from a blend of two:
    on the test images of ``digits`` / ``mnist_5k`` it names 94 % / 90 % of the digits right, calls 4 % / 7 %
    of them blends, and finds 96 % / 92 % of the half-and-half blends of two test digits.

    What it cannot see: sharpness beyond the blur it was shown, style, and variety (a model that always
    draws the same clean 3 would score perfectly); a scribble unlike any digit or blend may still get a
    confident digit label. Use it to compare models, next to the pictures.

    Notebooks 02, 04 and 06 ask for the same judge: with ``cache`` it is trained once and kept in
    :func:`course_utils.runtime.cache_dir` under :func:`judge_cache_key` (the images, labels, arguments,
    moved seed, torch version and the code that trains it). Either way torch's global generator is left
    seeded with ``seed``, as ``fit`` leaves it (the cross-entropy draws nothing), so the notebook's later
    random draws do not depend on whether the judge came from the cache."""
    from .training import epochs_for, fit

    path = None  # without the cache: no key to hash, no folder to create
    if cache:
        path = cache_dir() / "judges" / f"{judge_cache_key(x, y, image_shape, seed, max_images, num_steps)}.pt"
        if path.exists():
            judge = DigitJudge(x.shape[1])
            judge.load_state_dict(torch.load(path, weights_only=True))
            torch.manual_seed(shifted_seed(seed))  # the state fit leaves behind
            return judge.eval()
    images, labels = judge_training_set(x, y, image_shape, seed=seed, max_images=max_images)
    torch.manual_seed(shifted_seed(seed))
    judge = DigitJudge(x.shape[1])

    def cross_entropy(model, batch):
        return F.cross_entropy(model(batch[0]), batch[1])

    fit(
        judge,
        cross_entropy,
        (images, labels),
        num_epochs=epochs_for(num_steps, len(images), 128),
        batch_size=128,
        lr=1e-3,
        seed=seed,
        progress=False,
    )
    if path is not None:  # written under another name, then renamed: two kernels may train the same judge at once
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.partial")
        torch.save(judge.state_dict(), partial)
        partial.replace(path)
    return judge.eval()


def judge_cache_key(x: torch.Tensor, y: torch.Tensor, image_shape, seed: int, max_images: int, num_steps: int) -> str:
    """The name of a cached :func:`fit_digit_judge`: a SHA-256 of everything the trained weights depend on
    (a change to this module or to ``training.py`` retrains)."""
    digest = hashlib.sha256()
    for tensor in (x, y):
        digest.update(str((tuple(tensor.shape), tensor.dtype)).encode())
        digest.update(tensor.detach().contiguous().numpy().tobytes())
    settings = (tuple(image_shape), shifted_seed(seed), max_images, num_steps, torch.version.__version__)
    digest.update(repr(settings).encode())
    here = Path(__file__).parent
    for source in (here / "metrics.py", here / "training.py"):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:32]


def confident_fraction(judge: DigitJudge, images: torch.Tensor, threshold: float = 0.9, label=None) -> float:
    """Fraction of images the judge reads as one digit with probability > threshold (a blend never counts).

    With ``label`` (an int or a tensor of per-image labels), only a confident vote for *that* digit counts.
    """
    proba = judge.predict_proba(images)[:, :BLEND]  # (num_images, 10) the digits only
    if label is None:
        return (proba.max(dim=1).values > threshold).float().mean().item()
    label = torch.as_tensor(label).expand(len(images))
    return (proba[torch.arange(len(images)), label] > threshold).float().mean().item()
