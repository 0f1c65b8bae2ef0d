"""Self-checks of notebook 06's exercises (re-exported by :mod:`course_utils.checks`)."""

from __future__ import annotations

from collections.abc import Callable

import torch

from .. import latent, models
from .core import Case, CheckResult, close, run_check


def check_slerp(fn: Callable) -> CheckResult:
    """Notebook 06, exercise 1: ``fn(z_start, z_end, num_steps)`` = spherical interpolation, endpoints included."""
    cases = [
        Case(
            "z_start = [1, 0], z_end = [0, 1], num_steps = 5",
            (torch.tensor([1.0, 0.0]), torch.tensor([0.0, 1.0]), 5),
        ),
        Case(
            "z_start = [2, 0, 0], z_end = [0, 0, 4], num_steps = 3",
            (torch.tensor([2.0, 0.0, 0.0]), torch.tensor([0.0, 0.0, 4.0]), 3),
        ),
        Case(
            "two random 8-D codes, num_steps = 6",
            tuple(torch.randn(2, 8, generator=torch.Generator().manual_seed(12))) + (6,),
        ),
    ]

    def is_lerp(got, exp, case):
        if close(got, latent.lerp(*case.args)):
            return "That is linear interpolation: slerp follows the arc, with weights sin((1 − t)Ω)/sin Ω and sin(tΩ)/sin Ω."

    def normalised(got, exp, case):
        a, b, n = case.args
        if close(got, latent.slerp(a / a.norm(), b / b.norm(), n)):
            return (
                "Use the unit vectors only to find the angle Ω; interpolate the original codes, not the unit vectors."
            )

    return run_check(
        "Exercise 1 (spherical interpolation)",
        fn,
        cases,
        latent.slerp,
        diagnoses=[is_lerp, normalised],
        hint="Ω = arccos(ẑ_start · ẑ_end); z(t) = [sin((1 − t)Ω) z_start + sin(tΩ) z_end] / sin Ω for t in linspace(0, 1, num_steps).",
    )


def _auc_reference(scores: torch.Tensor, is_anomaly: torch.Tensor) -> torch.Tensor:
    from sklearn.metrics import roc_auc_score

    return torch.tensor(roc_auc_score(is_anomaly.numpy(), scores.numpy()), dtype=torch.float64)


def check_roc_auc(fn: Callable) -> CheckResult:
    """Notebook 06, exercise 2: ``fn(scores, is_anomaly)`` = ROC AUC = P(score of an anomaly > score of a normal)."""
    g = torch.Generator().manual_seed(13)
    labels = (torch.rand(200, generator=g) < 0.3).long()
    cases = [
        Case(
            "scores [0.1, 0.4, 0.35, 0.8] with anomalies [0, 0, 1, 1]",
            (torch.tensor([0.1, 0.4, 0.35, 0.8]), torch.tensor([0, 0, 1, 1])),
        ),
        Case("200 noisy scores", (torch.randn(200, generator=g) + 1.5 * labels, labels)),
        Case(
            "tied scores [1, 1, 2, 2] with anomalies [0, 1, 0, 1]",
            (torch.tensor([1.0, 1.0, 2.0, 2.0]), torch.tensor([0, 1, 0, 1])),
        ),
    ]

    def flipped(got, exp, case):
        if close(got, 1 - exp):
            return "Flipped: that is P(normal scores higher). An anomaly should have the *higher* score."

    def ties(got, exp, case):
        scores, is_anomaly = case.args
        if len(scores.unique()) < len(scores):
            return "Ties count one half: P(s_anomaly > s_normal) + ½ P(s_anomaly = s_normal)."

    return run_check(
        "Exercise 2 (ROC AUC)",
        fn,
        cases,
        _auc_reference,
        diagnoses=[flipped, ties],
        hint="Compare every (anomaly, normal) pair: the AUC is the fraction where the anomaly scores higher, ties counting ½.",
    )


def check_reconstruction_score(fn: Callable) -> CheckResult:
    """Notebook 06, exercise 3: ``fn(model, x)`` = ‖x − sigmoid(decode(mu))‖² per image, with mu from encode(x)."""
    with torch.random.fork_rng():  # leave the notebook's random stream untouched
        torch.manual_seed(14)
        model = models.VAE(16, 2, hidden_dims=(8,))
    x = torch.rand(6, 16, generator=torch.Generator().manual_seed(15))
    cases = [Case("a small VAE (16 pixels, 2-D latent) on 6 images", (model, x))]

    def reference(model, x):
        with torch.no_grad():
            mu, _ = model.encode(x)
            return (x - torch.sigmoid(model.decode(mu))).pow(2).sum(dim=1)

    def logits(got, exp, case):
        model, x = case.args
        with torch.no_grad():
            if close(got, (x - model.decode(model.encode(x)[0])).pow(2).sum(1)):
                return "decode returns logits: apply torch.sigmoid to get pixel means."

    def sampled(got, exp, case):
        model, x = case.args
        with torch.random.fork_rng():
            again = fn(model, x)
        if not close(got, again):
            return "The score changes between calls: decode the mean mu, not a random sample z."

    return run_check(
        "Exercise 3 (reconstruction-error score)",
        fn,
        cases,
        reference,
        diagnoses=[logits, sampled],
        hint="mu, _ = model.encode(x); x_hat = torch.sigmoid(model.decode(mu)); sum (x − x_hat)² over pixels.",
    )
