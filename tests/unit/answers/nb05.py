"""Answers to notebook 05's checks."""

import math

import numpy as np
import torch
from scipy import special, stats

from course_utils import checks, losses, metrics

from . import Answers


def _iwae_shifted(log_w):  # the max-shift trick, written out
    top = log_w.max(dim=0).values
    return top + torch.log(torch.exp(log_w - top).mean(dim=0))


def _iwae_scipy(log_w):
    return torch.as_tensor(special.logsumexp(log_w.numpy(), axis=0, b=1 / len(log_w)))


def _posterior(x, a, s):
    return a * x / (a**2 + s**2), s**2 / (a**2 + s**2)


def _posterior_precision(x, a, s):
    precision = 1 + a**2 / s**2
    return (a * x / s**2) / precision, 1 / precision


def _log_evidence(x, a, s):
    return torch.distributions.Normal(0.0, math.sqrt(a**2 + s**2)).log_prob(x)


# The notebook's own numbers (x = 1.2, a = 1.5, s = 0.5), copied from its output instead of derived.
_NOTEBOOK_LOG_PX = _log_evidence(torch.tensor(1.2), 1.5, 0.5).item()
_NOTEBOOK_POSTERIOR = _posterior(1.2, 1.5, 0.5)

# Names bound to the course's answer key before the check runs, as a student might write them.
iwae_alias = losses.iwae_bound
active_units_alias = metrics.active_units


def _count_with_alias(mu, threshold):
    return int(active_units_alias(mu, threshold).sum())


ANSWERS = {
    "check_log_evidence": Answers(
        run=checks.check_log_evidence,
        valid=[
            _log_evidence,
            lambda x, a, s: -0.5 * math.log(2 * math.pi * (a**2 + s**2)) - x**2 / (2 * (a**2 + s**2)),
            lambda x, a, s: stats.norm.logpdf(np.asarray(x), 0.0, math.sqrt(a**2 + s**2)),
        ],
        wrong=[
            (lambda x, a, s: torch.distributions.Normal(0.0, a + s).log_prob(x), "Variances add"),
            (lambda x, a, s: torch.distributions.Normal(0.0, s).log_prob(x), "integrate z out"),
            (lambda x, a, s: -_log_evidence(x, a, s), "sign"),
            (lambda x, a, s: _log_evidence(x, a, s).exp(), "its log"),
            (lambda x, a, s: torch.full_like(torch.as_tensor(x), _NOTEBOOK_LOG_PX), "notebook's own"),
        ],
    ),
    "check_iwae_bound": Answers(
        run=checks.check_iwae_bound,
        valid=[lambda log_w: torch.logsumexp(log_w, 0) - math.log(len(log_w)), _iwae_shifted, _iwae_scipy],
        wrong=[
            (lambda log_w: torch.log(log_w.exp().mean(0)), "underflows"),
            (lambda log_w: torch.logsumexp(log_w, 0), "Divide by K"),
            (lambda log_w: log_w.mean(0), "ELBO estimate"),
            (lambda log_w: torch.logsumexp(log_w, 1) - math.log(log_w.shape[1]), "dim 0"),
            (lambda log_w: log_w.max(0).values, "largest weight"),
            (losses.iwae_bound, "course's own `losses.iwae_bound`"),
            (lambda log_w: losses.iwae_bound(log_w), "course's own"),
            (iwae_alias, "course's own"),
        ],
    ),
    "check_active_units": Answers(
        run=checks.check_active_units,
        valid=[
            lambda mu, t: int((mu.var(0) > t).sum()),
            lambda mu, t: int(((mu - mu.mean(0)).pow(2).sum(0) / (len(mu) - 1) > t).sum()),
            lambda mu, t: int((np.var(mu.numpy(), axis=0, ddof=1) > t).sum()),
        ],
        wrong=[
            (lambda mu, t: int((mu.pow(2).mean(0) > t).sum()), "offset"),
            (lambda mu, t: int((mu.std(0) > t).sum()), "standard deviation"),
            (lambda mu, t: int((mu.var(1) > t).sum()), "dim=0"),
            (lambda mu, t: mu.var(0) > t, "*number*"),
            (lambda mu, t: int((mu.var(0) < t).sum()), "Reversed"),
            (metrics.active_units, "course's own `metrics.active_units`"),
            (lambda mu, t: int(metrics.active_units(mu, t).sum()), "course's own"),
            (_count_with_alias, "course's own"),
        ],
    ),
    "check_exact_posterior": Answers(
        run=checks.check_exact_posterior,
        valid=[_posterior, _posterior_precision, lambda x, a, s: torch.tensor(_posterior(x, a, s))],
        wrong=[
            (lambda x, a, s: (a * x / (a**2 + s**2), a**2 / (a**2 + s**2)), "numerator"),
            (lambda x, a, s: (a * x / (a**2 + s**2), math.sqrt(s**2 / (a**2 + s**2))), "standard deviation"),
            (lambda x, a, s: (x / a, s**2 / (a**2 + s**2)), "inverts"),
            (lambda x, a, s: (a * x / s**2, s**2 / a**2), "precision"),
            (lambda x, a, s: a * x / (a**2 + s**2), "two numbers"),
            (lambda x, a, s: _NOTEBOOK_POSTERIOR, "notebook's own"),
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
