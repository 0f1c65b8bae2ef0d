"""Answers to notebook 05's checks."""

import math

import numpy as np
import torch
from scipy import stats

from course_utils import checks, losses, metrics

from . import Answers


def _iwae_shifted(log_w):  # the max-shift trick, written out
    top = log_w.max(dim=0).values
    return top + torch.log(torch.exp(log_w - top).mean(dim=0))


def _posterior(x, w, s):
    return w * x / (w**2 + s**2), s**2 / (w**2 + s**2)


def _posterior_precision(x, w, s):
    precision = 1 + w**2 / s**2
    return (w * x / s**2) / precision, 1 / precision


ANSWERS = {
    "check_log_evidence": Answers(
        run=checks.check_log_evidence,
        valid=[
            lambda x, w, s: torch.distributions.Normal(0.0, math.sqrt(w**2 + s**2)).log_prob(x),
            lambda x, w, s: -0.5 * math.log(2 * math.pi * (w**2 + s**2)) - x**2 / (2 * (w**2 + s**2)),
            lambda x, w, s: stats.norm.logpdf(np.asarray(x), 0.0, math.sqrt(w**2 + s**2)),
        ],
        wrong=[
            (lambda x, w, s: torch.distributions.Normal(0.0, w + s).log_prob(x), "Variances add"),
            (lambda x, w, s: torch.distributions.Normal(0.0, s).log_prob(x), "integrate z out"),
            (lambda x, w, s: -torch.distributions.Normal(0.0, math.sqrt(w**2 + s**2)).log_prob(x), "sign"),
            (lambda x, w, s: torch.distributions.Normal(0.0, math.sqrt(w**2 + s**2)).log_prob(x).exp(), "its log"),
        ],
    ),
    "check_iwae_bound": Answers(
        run=checks.check_iwae_bound,
        valid=[losses.iwae_bound, lambda log_w: torch.logsumexp(log_w, 0) - math.log(len(log_w)), _iwae_shifted],
        wrong=[
            (lambda log_w: torch.log(log_w.exp().mean(0)), "underflows"),
            (lambda log_w: torch.logsumexp(log_w, 0), "Divide by K"),
            (lambda log_w: log_w.mean(0), "ELBO estimate"),
            (lambda log_w: torch.logsumexp(log_w, 1) - math.log(log_w.shape[1]), "dim 0"),
            (lambda log_w: log_w.max(0).values, "largest weight"),
        ],
    ),
    "check_active_units": Answers(
        run=checks.check_active_units,
        valid=[
            lambda mu, t: int((mu.var(0) > t).sum()),
            lambda mu, t: int(metrics.active_units(mu, t).sum()),
            lambda mu, t: int((np.var(mu.numpy(), axis=0, ddof=1) > t).sum()),
        ],
        wrong=[
            (lambda mu, t: int((mu.pow(2).mean(0) > t).sum()), "offset"),
            (lambda mu, t: int((mu.std(0) > t).sum()), "standard deviation"),
            (lambda mu, t: int((mu.var(1) > t).sum()), "dim=0"),
            (lambda mu, t: mu.var(0) > t, "*number*"),
            (lambda mu, t: int((mu.var(0) < t).sum()), "Reversed"),
        ],
    ),
    "check_exact_posterior": Answers(
        run=checks.check_exact_posterior,
        valid=[_posterior, _posterior_precision, lambda x, w, s: torch.tensor(_posterior(x, w, s))],
        wrong=[
            (lambda x, w, s: (w * x / (w**2 + s**2), w**2 / (w**2 + s**2)), "numerator"),
            (lambda x, w, s: (w * x / (w**2 + s**2), math.sqrt(s**2 / (w**2 + s**2))), "standard deviation"),
            (lambda x, w, s: (x / w, s**2 / (w**2 + s**2)), "inverts"),
            (lambda x, w, s: (w * x / s**2, s**2 / w**2), "precision"),
            (lambda x, w, s: w * x / (w**2 + s**2), "two numbers"),
        ],
    ),
    "check_collapse_prediction": Answers(
        run=lambda fn: checks.check_collapse_prediction(fn, active_units=0, latent_dim=8, beta=30.0),
        valid=[lambda: "c", lambda: " C"],
        wrong=[
            (lambda: "a", "switched off"),
            (lambda: "b", "one by one"),
            (lambda: "x", "one letter"),
            (lambda: 3, "one letter"),
        ],
    ),
}
