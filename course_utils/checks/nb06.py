"""Self-checks of notebook 06's exercises (re-exported by :mod:`course_utils.checks`)."""

from __future__ import annotations

from collections.abc import Callable

import torch

from .. import latent, models
from .core import Case, CheckResult, close, run_check


def check_slerp(fn: Callable) -> CheckResult:
    """Notebook 06: ``fn(z_start, z_end, num_steps)`` = spherical interpolation, endpoints included."""
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

    def reversed_path(got, exp, case):
        if got.shape == exp.shape and close(got, exp.flip(0)):
            return "The path runs backwards: t = 0 must give z_start."

    def no_division(got, exp, case):
        a, b, n = case.args
        omega = torch.arccos((a @ b / (a.norm() * b.norm())).clamp(-1, 1))
        if close(got, exp * torch.sin(omega)):
            return "Without dividing by sin Ω the endpoints come out scaled by sin Ω, not equal to z_start and z_end."

    return run_check(
        "Spherical interpolation",
        fn,
        cases,
        latent.slerp,
        diagnoses=[is_lerp, normalised, reversed_path, no_division],
        hint="Find the angle Ω between the two codes first; the weights of the endpoints are ratios of sines of "
        "fractions of Ω, and must give z_start at t = 0 and z_end at t = 1.",
    )


def _auc_reference(scores: torch.Tensor, is_anomaly: torch.Tensor) -> torch.Tensor:
    from sklearn.metrics import roc_auc_score

    return torch.tensor(roc_auc_score(is_anomaly.numpy(), scores.numpy()), dtype=torch.float64)


def check_roc_auc(fn: Callable) -> CheckResult:
    """Notebook 06: ``fn(scores, is_anomaly)`` = ROC AUC = P(score of an anomaly > score of a normal)."""
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

    def accuracy_like(got, exp, case):
        scores, is_anomaly = case.args
        if close(got, ((scores > scores.median()).long() == is_anomaly).float().mean()):
            return "That is an accuracy at one threshold; the AUC compares every anomaly with every normal point."

    def mean_gap(got, exp, case):
        scores, is_anomaly = case.args
        if close(got, scores[is_anomaly == 1].mean() - scores[is_anomaly == 0].mean()):
            return "A difference of mean scores is not a probability: compare the scores pair by pair."

    return run_check(
        "ROC AUC",
        fn,
        cases,
        _auc_reference,
        diagnoses=[flipped, ties, accuracy_like, mean_gap],
        hint="Compare every (anomaly, normal) pair: the AUC is the fraction where the anomaly scores higher, ties counting ½.",
    )


def check_reconstruction_score(fn: Callable) -> CheckResult:
    """Notebook 06: ``fn(model, x)`` = ‖x − sigmoid(decode(mu))‖² per image, with mu from encode(x)."""
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

    def pixel_mean(got, exp, case):
        if close(got, exp / case.args[1].shape[1]):
            return "That is the mean over pixels; sum the squared error over pixels."

    def absolute(got, exp, case):
        model, x = case.args
        with torch.no_grad():
            if close(got, (x - torch.sigmoid(model.decode(model.encode(x)[0]))).abs().sum(1)):
                return "That is the absolute error; the score is the *squared* error."

    def batch_total(got, exp, case):
        if got.numel() == 1:
            return "Return one score per image, shape (batch,), not a single number."

    return run_check(
        "Reconstruction-error score",
        fn,
        cases,
        reference,
        diagnoses=[batch_total, logits, sampled, pixel_mean, absolute],
        hint="Use the encoder's most likely code, turn the decoder's output into pixel values, and sum the squared "
        "error over pixels: one score per image.",
    )


def check_norm_probability(fn: Callable) -> CheckResult:
    r"""Notebook 06, derivation: ``fn(r, d)`` = $P(\|z\| < r)$ for $z \sim N(0, I_d)$, i.e. the $\chi^2_d$ CDF at
    $r^2$ (reference: scipy.stats.chi2)."""
    cases = [Case(f"r = {r}, d = {d}", (r, d)) for r, d in ((2.0, 8), (1.0, 1), (1.5, 2), (7.0, 64), (3.0, 8))]

    def reference(r, d):
        from scipy.stats import chi2

        return chi2.cdf(r**2, d)

    def not_squared(got, exp, case):
        from scipy.stats import chi2

        r, d = case.args
        if close(got, chi2.cdf(r, d)):
            return "‖z‖² (not ‖z‖) is a sum of d squared standard normals: evaluate at r²."

    def complement(got, exp, case):
        if close(got, 1 - exp):
            return "That is P(‖z‖ > r), the complement."

    def one_dim(got, exp, case):
        from scipy.stats import chi2, norm

        r, d = case.args
        if d > 1 and (close(got, chi2.cdf(r**2, 1)) or close(got, 2 * norm.cdf(r) - 1)):
            return "The dimension d matters: the squared norm adds d independent squares."

    def per_coordinate(got, exp, case):
        from scipy.stats import norm

        r, d = case.args
        if d > 1 and close(got, (2 * norm.cdf(r) - 1) ** d):
            return "That is P(every |z_j| < r), a cube; a ball of radius r is much smaller than the cube around it."

    return run_check(
        "Derive: how much of the prior lies near its mode",
        fn,
        cases,
        reference,
        diagnoses=[not_squared, complement, one_dim, per_coordinate],
        hint="‖z‖ < r is the same event as ‖z‖² < r²; which named distribution does a sum of d squared standard "
        "normals follow? (scipy.stats has its CDF.)",
    )


def check_midpoint_prediction(fn: Callable, measured_ratio: float, latent_dim: int) -> CheckResult:
    """Notebook 06, predict then run: ``fn()`` = the typical ratio ‖(a + b) / 2‖ / ‖a‖ for independent a, b ~ N(0, I);
    ``measured_ratio`` is the run's average over many pairs (theory: about 1/√2 in high dimension)."""
    cases = [Case(f"this run's average over pairs of {latent_dim}-D codes, {measured_ratio:.3f}", ())]

    def no_shrink(got, exp, case):
        if close(got, 1.0):
            return "The midpoint is shorter: independent codes are nearly orthogonal, so their squared norms add."

    def halved(got, exp, case):
        if close(got, 0.5):
            return (
                "0.5 would mean the codes point the same way (or it is the ratio of *squared* norms); the "
                "question asks for the ratio of norms."
            )

    def cancels(got, exp, case):
        if close(got, 0.0):
            return "The codes cancel only if b = −a; independent codes are nearly orthogonal."

    def squared(got, exp, case):
        if close(got, 0.5 * 0.5**0.5) or close(got, 0.25):
            return "Average the vectors, not their squared norms: ‖(a + b)/2‖² ≈ (‖a‖² + ‖b‖²) / 4 = ‖a‖² / 2."

    return run_check(
        "Predict: the norm of a linear midpoint",
        fn,
        cases,
        lambda: measured_ratio,
        diagnoses=[no_shrink, halved, cancels, squared],
        rtol=0.05,
        atol=0.0,
        success=f"The run measured {measured_ratio:.3f}: independent codes are nearly orthogonal, so the "
        "squared norms add and the midpoint is 1/√2 as long.",
        hint="Expand ‖a + b‖² = ‖a‖² + ‖b‖² + 2 a·b: what is a·b, on average, for independent codes?",
    )
