"""Every exercise check, on a right answer, wrong answers (with their teaching message) and a stub."""

import inspect
import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from course_utils import checks, estimators, latent, losses


def _stub(*args):
    raise NotImplementedError("student stub")


class GoodAE(nn.Module):
    def __init__(
        self,
        input_dim,
        latent_dim,
        hidden_dim,
        *,
        sigmoid=True,
        hidden=True,
        compose=True,
        code=None,
    ):
        super().__init__()
        code = code or latent_dim
        act = nn.ReLU() if hidden else nn.Identity()
        self.enc = nn.Sequential(nn.Linear(input_dim, hidden_dim), act, nn.Linear(hidden_dim, code))
        self.dec = nn.Sequential(nn.Linear(code, hidden_dim), nn.ReLU(), nn.Linear(hidden_dim, input_dim))
        self.sigmoid, self.compose = sigmoid, compose

    def encode(self, x):
        return self.enc(x)

    def decode(self, z):
        out = self.dec(z)
        return torch.sigmoid(out) if self.sigmoid else out

    def forward(self, x):
        return self.decode(self.encode(x)) if self.compose else x


def _variant(**kwargs):
    return lambda n, d, h: GoodAE(n, d, h, **kwargs)


def _pca_uncentred(x_train, x, k):
    _, _, vh = torch.linalg.svd(x_train, full_matrices=False)
    return x @ vh[:k].T @ vh[:k]


def _pca_right(x_train, x, k):
    mean = x_train.mean(0)
    _, _, vh = torch.linalg.svd(x_train - mean, full_matrices=False)
    return (x - mean) @ vh[:k].T @ vh[:k] + mean


def _pca_no_mean(x_train, x, k):
    return _pca_right(x_train, x, k) - x_train.mean(0)


def _pca_last(x_train, x, k):
    mean = x_train.mean(0)
    _, _, vh = torch.linalg.svd(x_train - mean, full_matrices=False)
    return (x - mean) @ vh[-k:].T @ vh[-k:] + mean


def _denoise_right(model, x, s):
    return losses.squared_error(model(x + s * torch.randn_like(x)), x).mean()


def _denoise_noisy_target(model, x, s):
    x_noisy = x + s * torch.randn_like(x)
    return losses.squared_error(model(x_noisy), x_noisy).mean()


def _masking_right(x, p):
    return x * (torch.rand_like(x) >= p)


def _kl_right(mu, logvar):
    return 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).sum(-1)


def _reparam_right(mu, logvar):
    std = torch.exp(0.5 * logvar)
    return mu + std * torch.randn_like(std)


def _vae_loss_right(x_logits, x, mu, logvar):
    return (F.binary_cross_entropy_with_logits(x_logits, x, reduction="none").sum(1) + _kl_right(mu, logvar)).mean()


def _auc_pairs(scores, is_anomaly):
    a, n = scores[is_anomaly == 1], scores[is_anomaly == 0]
    return ((a[:, None] > n[None, :]).float() + 0.5 * (a[:, None] == n[None, :]).float()).mean()


def _rec_score(model, x):
    with torch.no_grad():
        return (x - torch.sigmoid(model.decode(model.encode(x)[0]))).pow(2).sum(1)


# check name -> (a right answer, [(a wrong answer, words the message must contain), ...])
CASES = {
    "check_gaussian_log_likelihood": (
        lambda x, mu, sigma: torch.distributions.Normal(mu, sigma).log_prob(x).sum(),
        [
            (lambda x, mu, sigma: torch.distributions.Normal(mu, sigma).log_prob(x).mean(), "mean"),
            (lambda x, mu, sigma: -torch.distributions.Normal(mu, sigma).log_prob(x).sum(), "sign"),
            (
                lambda x, mu, sigma: torch.distributions.Normal(mu, sigma**0.5).log_prob(x).sum(),
                "sigma^2",
            ),
            (lambda x, mu, sigma: -0.5 * ((x - mu) / sigma).pow(2).sum(), "normaliser"),
        ],
    ),
    "check_bernoulli_nll": (
        lambda logits, x: F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1),
        [
            (
                lambda logits, x: (
                    -(x * torch.log(torch.sigmoid(logits)) + (1 - x) * torch.log(1 - torch.sigmoid(logits))).sum(1)
                ),
                "log(0)",
            ),
            (lambda logits, x: F.binary_cross_entropy_with_logits(logits, x), "shape"),
            (
                lambda logits, x: -F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1),
                "sign",
            ),
        ],
    ),
    "check_ridge": (
        lambda X, y, lam: estimators.ridge(X, y, lam),
        [
            (lambda X, y, lam: estimators.least_squares(X, y), "plain least squares"),
            (lambda X, y, lam: estimators.ridge(X, y, 2 * lam), "factor 2"),
            (lambda X, y, lam: estimators.ridge(X, y, lam + 1.0), "Solve"),
        ],
    ),
    "check_autoencoder_class": (
        GoodAE,
        [
            (_variant(sigmoid=False), "sigmoid"),
            (_variant(code=5), "encode returned (5, 5)"),
            (_variant(hidden=False), "nonlinearity"),
            (_variant(compose=False), "D(E(x))"),
            (lambda n, d, h: GoodAE(n, d, 2 * h), "parameters"),
        ],
    ),
    "check_pca_reconstruction": (
        _pca_right,
        [(_pca_uncentred, "Centre first"), (_pca_no_mean, "mean back"), (_pca_last, "last")],
    ),
    "check_interpolate": (
        latent.lerp,
        [
            (lambda a, b, n: latent.lerp(a, b, n + 2)[1:-1], "first row"),
            (lambda a, b, n: latent.lerp(a, b, n).T, "shape"),
        ],
    ),
    "check_denoising_loss": (
        _denoise_right,
        [
            (_denoise_noisy_target, "clean"),
            (lambda m, x, s: losses.squared_error(m(x), x).mean(), "randn_like"),
            (
                lambda m, x, s: (x - m(x + s * torch.randn_like(x))).pow(2).mean(),
                "Sum the squared error",
            ),
            (lambda m, x, s: losses.squared_error(m(x + s * torch.randn_like(x)), x), "one number"),
        ],
    ),
    "check_sparse_loss": (
        lambda x_hat, x, z, lam: losses.sparse_loss(x_hat, x, z, lam).mean(),
        [
            (lambda x_hat, x, z, lam: losses.sparse_loss(x_hat, x, z, 2 * lam).mean(), "1/2"),
            (
                lambda x_hat, x, z, lam: ((x - x_hat).pow(2).sum(1) + 0.5 * lam * z.sum(1)).mean(),
                "absolute",
            ),
            (
                lambda x_hat, x, z, lam: ((x - x_hat).pow(2).sum(1) + 0.5 * lam * z.pow(2).sum(1)).mean(),
                "L2",
            ),
        ],
    ),
    "check_masking_noise": (
        _masking_right,
        [
            (lambda x, p: _masking_right(x, 1 - p), "zeroed"),
            (lambda x, p: x * (torch.rand_like(x) >= p) + 0.01, "changed but not set to 0"),
            (lambda x, p: _masking_right(x, p)[:10], "shaped like x"),
        ],
    ),
    "check_kl_closed_form": (
        _kl_right,
        [
            (lambda mu, logvar: _kl_right(mu, 2 * logvar), "variance"),
            (lambda mu, logvar: 2 * _kl_right(mu, logvar), "1/2"),
            (
                lambda mu, logvar: 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar),
                "Sum over the latent",
            ),
        ],
    ),
    "check_reparameterize": (
        _reparam_right,
        [
            (
                lambda mu, logvar: torch.distributions.Normal(mu, (0.5 * logvar).exp()).sample(),
                "no gradient path",
            ),
            (
                lambda mu, logvar: mu + torch.exp(logvar) * torch.randn_like(mu),
                "standard deviation is exp(logvar / 2)",
            ),
            (lambda mu, logvar: mu + torch.exp(0.5 * logvar), "must be random"),
            (lambda mu, logvar: mu[:5] + 0 * logvar[:5], "same shape"),
        ],
    ),
    "check_vae_loss": (
        _vae_loss_right,
        [
            (
                lambda xl, x, mu, lv: (losses.bernoulli_nll(xl, x) - _kl_right(mu, lv)).mean(),
                "added",
            ),
            (lambda xl, x, mu, lv: losses.bernoulli_nll(xl, x).mean(), "missing"),
            (
                lambda xl, x, mu, lv: F.binary_cross_entropy_with_logits(xl, x) + _kl_right(mu, lv).mean(),
                "averages over pixels",
            ),
        ],
    ),
    "check_log_evidence": (
        lambda x, w, s: torch.distributions.Normal(0.0, math.sqrt(w**2 + s**2)).log_prob(x),
        [
            (lambda x, w, s: torch.distributions.Normal(0.0, w + s).log_prob(x), "Variances add"),
            (lambda x, w, s: torch.distributions.Normal(0.0, s).log_prob(x), "integrate z out"),
        ],
    ),
    "check_iwae_bound": (
        losses.iwae_bound,
        [
            (lambda log_w: torch.log(log_w.exp().mean(0)), "logsumexp"),
            (lambda log_w: torch.logsumexp(log_w, 0), "subtract log K"),
            (lambda log_w: log_w.mean(0), "ELBO estimate"),
        ],
    ),
    "check_active_units": (
        lambda mu, t: int((mu.var(0) > t).sum()),
        [
            (lambda mu, t: int((mu.pow(2).mean(0) > t).sum()), "offset"),
            (lambda mu, t: int((mu.std(0) > t).sum()), "standard deviation"),
        ],
    ),
    "check_slerp": (
        latent.slerp,
        [
            (latent.lerp, "linear interpolation"),
            (lambda a, b, n: latent.slerp(a / a.norm(), b / b.norm(), n), "unit vectors"),
        ],
    ),
    "check_roc_auc": (
        _auc_pairs,
        [
            (lambda s, y: 1 - _auc_pairs(s, y), "Flipped"),
            (lambda s, y: (s[y == 1][:, None] > s[y == 0][None, :]).float().mean(), "Ties"),
        ],
    ),
    "check_reconstruction_score": (
        _rec_score,
        [
            (lambda m, x: (x - m.decode(m.encode(x)[0])).pow(2).sum(1), "logits"),
            (
                lambda m, x: (x - torch.sigmoid(m.decode(m.reparameterize(*m.encode(x))))).pow(2).sum(1).detach(),
                "mean mu",
            ),
        ],
    ),
}


def test_every_check_is_tested():
    names = {n for n, f in inspect.getmembers(checks, inspect.isfunction) if n.startswith("check_")}
    assert names == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_right_answer_passes(name):
    result = getattr(checks, name)(CASES[name][0])
    assert result.passed and bool(result) and result.status == checks.CORRECT, result


@pytest.mark.parametrize("name, index", [(n, i) for n in sorted(CASES) for i in range(len(CASES[n][1]))])
def test_wrong_answer_gets_a_teaching_message(name, index):
    wrong, words = CASES[name][1][index]
    result = getattr(checks, name)(wrong)
    assert not result and result.status == checks.WRONG
    assert words in result.message and "On " in result.message, result.message


@pytest.mark.parametrize("name", sorted(CASES))
def test_stub_is_not_attempted(name):
    result = getattr(checks, name)(_stub)
    assert result.status == checks.NOT_ATTEMPTED and "not attempted" in repr(result).lower()


@pytest.mark.parametrize("name", sorted(CASES))
def test_crash_and_missing_return_are_reported_not_raised(name):
    def crashes(*args):
        return 1 / 0

    assert "ZeroDivisionError" in getattr(checks, name)(crashes).message
    assert "return" in getattr(checks, name)(lambda *args: None).message


def test_result_renders_in_a_notebook():
    result = checks.check_ridge(CASES["check_ridge"][0])
    assert "correct" in result._repr_html_() and "Exercise 3" in repr(result)
    assert math.isfinite(len(repr(result)))
