"""Answers to notebook 06's checks."""

import math

import numpy as np
import torch
import torch.nn.functional as F
from scipy import special, stats
from sklearn.metrics import roc_auc_score

from course_utils import checks, latent

from . import Answers


def _slerp(a, b, n, *, unit=False, reverse=False, divide=True):
    if reverse:
        a, b = b, a
    omega = torch.arccos((a @ b / (a.norm() * b.norm())).clamp(-1, 1))
    if unit:
        a, b = a / a.norm(), b / b.norm()
    t = torch.linspace(0, 1, n).unsqueeze(1)
    out = torch.sin((1 - t) * omega) * a + torch.sin(t * omega) * b
    return out / torch.sin(omega) if divide else out


def _slerp_atan2(a, b, n):  # the angle from atan2, the weights written per step
    cross = (a.norm() ** 2 * b.norm() ** 2 - (a @ b) ** 2).clamp(min=0).sqrt()
    omega = torch.atan2(cross, a @ b)
    return torch.stack(
        [(math.sin((1 - t) * omega) * a + math.sin(t * omega) * b) / math.sin(omega) for t in np.linspace(0, 1, n)]
    )


def _auc_pairs(scores, is_anomaly):
    a, n = scores[is_anomaly == 1], scores[is_anomaly == 0]
    return ((a[:, None] > n[None, :]).float() + 0.5 * (a[:, None] == n[None, :]).float()).mean()


def _auc_ranks(scores, is_anomaly):  # Mann-Whitney U from mid-ranks
    ranks = torch.as_tensor(stats.rankdata(scores.numpy()))
    n_a = int(is_anomaly.sum())
    n_n = len(scores) - n_a
    return (ranks[is_anomaly == 1].sum() - n_a * (n_a + 1) / 2) / (n_a * n_n)


def _score(model, x, reduce="sum", decode_logits=False, sample=False, power=2):
    with torch.no_grad():
        mu, logvar = model.encode(x)
        z = model.reparameterize(mu, logvar) if sample else mu
        x_hat = model.decode(z) if decode_logits else torch.sigmoid(model.decode(z))
        err = (x - x_hat).abs().pow(power)
        return {"sum": err.sum(1), "mean": err.mean(1), "all": err.sum()}[reduce]


ANSWERS = {
    "check_slerp": Answers(
        run=checks.check_slerp,
        valid=[latent.slerp, _slerp, _slerp_atan2],
        wrong=[
            (latent.lerp, "linear interpolation"),
            (lambda a, b, n: _slerp(a, b, n, unit=True), "unit vectors"),
            (lambda a, b, n: _slerp(a, b, n, reverse=True), "backwards"),
            (lambda a, b, n: _slerp(a, b, n, divide=False), "sin Ω"),
        ],
    ),
    "check_roc_auc": Answers(
        run=checks.check_roc_auc,
        valid=[_auc_pairs, lambda s, y: roc_auc_score(y.numpy(), s.numpy()), _auc_ranks],
        wrong=[
            (lambda s, y: 1 - _auc_pairs(s, y), "Flipped"),
            (lambda s, y: (s[y == 1][:, None] > s[y == 0][None, :]).float().mean(), "Ties"),
            (lambda s, y: ((s > s.median()).long() == y).float().mean(), "accuracy"),
            (lambda s, y: s[y == 1].mean() - s[y == 0].mean(), "mean scores"),
        ],
    ),
    "check_reconstruction_score": Answers(
        run=checks.check_reconstruction_score,
        valid=[
            _score,
            lambda m, x: F.mse_loss(torch.sigmoid(m.decode(m.encode(x)[0])), x, reduction="none").sum(1).detach(),
        ],
        wrong=[
            (lambda m, x: _score(m, x, decode_logits=True), "logits"),
            (lambda m, x: _score(m, x, sample=True), "mean mu"),
            (lambda m, x: _score(m, x, reduce="mean"), "mean over pixels"),
            (lambda m, x: _score(m, x, power=1), "absolute"),
            (lambda m, x: _score(m, x, reduce="all"), "one score per image"),
        ],
    ),
    "check_norm_probability": Answers(
        run=checks.check_norm_probability,
        valid=[
            lambda r, d: stats.chi2.cdf(r**2, d),
            lambda r, d: special.gammainc(d / 2, r**2 / 2),
            lambda r, d: stats.chi.cdf(r, d),
        ],
        wrong=[
            (lambda r, d: stats.chi2.cdf(r, d), "at r²"),
            (lambda r, d: 1 - stats.chi2.cdf(r**2, d), "complement"),
            (lambda r, d: stats.chi2.cdf(r**2, 1), "dimension d matters"),
            (lambda r, d: (2 * stats.norm.cdf(r) - 1) ** d, "cube"),
        ],
    ),
    "check_midpoint_prediction": Answers(
        run=lambda fn: checks.check_midpoint_prediction(fn, measured_ratio=0.702, latent_dim=8),
        valid=[lambda: 2**-0.5, lambda: 0.7, lambda: np.float32(0.71)],
        wrong=[
            (lambda: 1.0, "nearly orthogonal"),
            (lambda: 0.5, "*squared* norms"),
            (lambda: 0.0, "b = −a"),
            (lambda: 0.25, "Average the vectors"),
        ],
    ),
}
