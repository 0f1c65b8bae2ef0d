"""Answers to notebook 06's checks."""

import math

import numpy as np
import torch
import torch.nn.functional as F
from scipy import special, stats
from sklearn.metrics import roc_auc_score

from course_utils import checks, latent, losses

from . import Answers

OWN = "course's own"  # the words of the message to an answer that calls the course's implementation


def _slerp(a, b, n, *, unit=False, reverse=False, divide=True, fallback=True):
    if reverse:
        a, b = b, a
    omega = torch.arccos((a @ b / (a.norm() * b.norm())).clamp(-1, 1))
    t = torch.linspace(0, 1, n).unsqueeze(1)
    if fallback and torch.sin(omega) < 1e-6:  # parallel codes: the limit of the arc is the segment
        return (1 - t) * a + t * b
    if unit:
        a, b = a / a.norm(), b / b.norm()
    out = torch.sin((1 - t) * omega) * a + torch.sin(t * omega) * b
    return out / torch.sin(omega) if divide else out


def _slerp_atan2(a, b, n):  # the angle from atan2, the weights written per step, lerp (the course's) as limit
    cross = (a.norm() ** 2 * b.norm() ** 2 - (a @ b) ** 2).clamp(min=0).sqrt()
    omega = torch.atan2(cross, a @ b).item()
    if abs(math.sin(omega)) < 1e-6:
        return latent.lerp(a, b, n)
    return torch.stack(
        [(math.sin((1 - t) * omega) * a + math.sin(t * omega) * b) / math.sin(omega) for t in np.linspace(0, 1, n)]
    )


def _slerp_float64(a, b, n):  # in float64, the weights' limit through torch.where (sin(x)/x -> 1)
    a64, b64 = a.double(), b.double()
    omega = torch.arccos((a64 @ b64 / (a64.norm() * b64.norm())).clamp(-1, 1))
    t = torch.linspace(0, 1, n, dtype=torch.float64).unsqueeze(1)
    safe = torch.where(omega > 1e-7, omega, torch.ones_like(omega))
    w0 = torch.where(omega > 1e-7, torch.sin((1 - t) * safe) / torch.sin(safe), 1 - t)
    w1 = torch.where(omega > 1e-7, torch.sin(t * safe) / torch.sin(safe), t)
    return (w0 * a64 + w1 * b64).to(a.dtype)


_my_slerp = latent.slerp  # an alias bound before the check


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


def _score_with_course_squared_error(model, x):
    with torch.no_grad():
        return losses.squared_error(torch.sigmoid(model.decode(model.encode(x)[0])), x)


_sq = losses.squared_error  # an alias bound before the check


def _norm_measured(r, d):  # the frequency the notebook measured at r = 2, d = 8, returned for every input
    return 0.143


ANSWERS = {
    "check_slerp": Answers(
        run=checks.check_slerp,
        valid=[_slerp, _slerp_atan2, _slerp_float64],
        wrong=[
            (latent.lerp, "linear interpolation"),
            (lambda a, b, n: _slerp(a, b, n, unit=True), "unit vectors"),
            (lambda a, b, n: _slerp(a, b, n, reverse=True), "backwards"),
            (lambda a, b, n: _slerp(a, b, n, divide=False), "sin Ω"),
            (lambda a, b, n: _slerp(a, b, n, fallback=False), "parallel codes"),  # 0 / 0 = NaN
            (latent.slerp, OWN),
            (lambda a, b, n: latent.slerp(a, b, n), OWN),
            (lambda a, b, n: _my_slerp(a, b, n), OWN),
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
            (_score_with_course_squared_error, OWN),
            (lambda m, x: losses.squared_error(torch.sigmoid(m.decode(m.encode(x)[0])), x).detach(), OWN),
            (lambda m, x: _sq(torch.sigmoid(m.decode(m.encode(x)[0])), x).detach(), OWN),
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
            (_norm_measured, "same number"),
        ],
    ),
    "check_midpoint_prediction": Answers(
        run=lambda fn: checks.check_midpoint_prediction(fn, measured_ratio=0.702, latent_dim=8),
        valid=[lambda: "b", lambda: "(B)", lambda: " b "],
        wrong=[
            (lambda: "a", "nearly orthogonal"),
            (lambda: "c", "*squared*"),
            (lambda: "d", "b = −a"),
            (lambda: 0.702, "one letter"),  # the measured ratio, copied
            (lambda: 2**-0.5, "one letter"),
            (lambda: "e", "one letter"),
        ],
    ),
}
