"""Self-checks of notebook 06's exercises (re-exported by :mod:`course_utils.checks`).

A check whose exercise the course implements itself (``latent.slerp``, ``losses.squared_error``) rejects an
answer that calls that implementation, directly, through a lambda or through a name bound to it earlier, and
says on which input it caught it."""

from __future__ import annotations

import math
from collections.abc import Callable

import torch

from .. import latent, losses, models
from ..i18n import _
from .core import Case, CheckResult, check_choice, close, key_verdict, run_check, same_elsewhere

SLERP_KEY = (latent.slerp,)
RECONSTRUCTION_SCORE_KEY = (losses.squared_error,)  # the per-image sum of squares the exercise asks for


def check_slerp(fn: Callable) -> CheckResult:
    """Notebook 06: ``fn(z_start, z_end, num_steps)`` = spherical interpolation, endpoints included; for
    parallel codes (angle 0, where the formula reads 0 / 0) the limit of the arc, the straight segment."""
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
            _("two random 8-D codes, num_steps = 6"),
            tuple(torch.randn(2, 8, generator=torch.Generator().manual_seed(12))) + (6,),
        ),
        Case(
            _("parallel codes z_start = [0, 2, 0], z_end = [0, 5, 0], num_steps = 4"),
            (torch.tensor([0.0, 2.0, 0.0]), torch.tensor([0.0, 5.0, 0.0]), 4),
        ),
        Case(
            _("identical codes z_start = z_end = [1, 0, 0, 0], num_steps = 3"),
            (torch.tensor([1.0, 0.0, 0.0, 0.0]), torch.tensor([1.0, 0.0, 0.0, 0.0]), 3),
        ),
    ]

    def not_a_number(got, exp, case):
        if torch.isnan(got).any():
            return _(
                "Your path holds NaN: for parallel codes Ω = 0 and sin Ω = 0, so the weights read 0 / 0 (and a "
                "cosine rounded just above 1 makes arccos NaN). Find the limit of the two weights as Ω → 0, and "
                "handle a tiny Ω with that limit."
            )

    def is_lerp(got, exp, case):
        if close(got, latent.lerp(*case.args)):
            return _(
                "That is linear interpolation: slerp follows the arc, with weights sin((1 − t)Ω)/sin Ω and "
                "sin(tΩ)/sin Ω."
            )

    def normalised(got, exp, case):
        a, b, n = case.args
        if close(got, latent.slerp(a / a.norm(), b / b.norm(), n)):
            return _(
                "Use the unit vectors only to find the angle Ω; interpolate the original codes, not the unit vectors."
            )

    def reversed_path(got, exp, case):
        if got.shape == exp.shape and close(got, exp.flip(0)):
            return _("The path runs backwards: t = 0 must give z_start.")

    def no_division(got, exp, case):
        a, b, n = case.args
        omega = torch.arccos((a @ b / (a.norm() * b.norm())).clamp(-1, 1))
        if close(got, exp * torch.sin(omega)):
            return _(
                "Without dividing by sin Ω the endpoints come out scaled by sin Ω, not equal to z_start and z_end."
            )

    exercise = _("Spherical interpolation")
    caught = key_verdict(exercise, cases[0].description, lambda: fn(*cases[0].args), SLERP_KEY)
    if caught is not None:
        return caught
    return run_check(
        exercise,
        fn,
        cases,
        latent.slerp,
        diagnoses=[not_a_number, is_lerp, normalised, reversed_path, no_division],
        hint=_(
            "Find the angle Ω between the two codes first; the weights of the endpoints are ratios of sines of "
            "fractions of Ω, and must give z_start at t = 0 and z_end at t = 1."
        ),
        forbidden=SLERP_KEY,
    )


def _auc_reference(scores: torch.Tensor, is_anomaly: torch.Tensor) -> torch.Tensor:
    from sklearn.metrics import roc_auc_score

    return torch.tensor(roc_auc_score(is_anomaly.numpy(), scores.numpy()), dtype=torch.float64)


def check_roc_auc(fn: Callable) -> CheckResult:
    """Notebook 06: ``fn(scores, is_anomaly)`` = ROC AUC = P(score of an anomaly > score of a normal) + ½ P(tie).

    scikit-learn's ``roc_auc_score`` is a valid answer (the course has no AUC function of its own)."""
    g = torch.Generator().manual_seed(13)
    labels = (torch.rand(200, generator=g) < 0.3).long()
    cases = [
        Case(
            _("scores [0.1, 0.4, 0.35, 0.8] with anomalies [0, 0, 1, 1]"),
            (torch.tensor([0.1, 0.4, 0.35, 0.8]), torch.tensor([0, 0, 1, 1])),
        ),
        Case(_("200 noisy scores"), (torch.randn(200, generator=g) + 1.5 * labels, labels)),
        Case(
            _("tied scores [1, 1, 2, 2] with anomalies [0, 1, 0, 1]"),
            (torch.tensor([1.0, 1.0, 2.0, 2.0]), torch.tensor([0, 1, 0, 1])),
        ),
    ]

    def flipped(got, exp, case):
        if close(got, 1 - exp):
            return _("Flipped: that is P(normal scores higher). An anomaly should have the *higher* score.")

    def ties(got, exp, case):
        scores, is_anomaly = case.args
        if len(scores.unique()) < len(scores):
            return _("Ties count one half: P(s_anomaly > s_normal) + ½ P(s_anomaly = s_normal).")

    def accuracy_like(got, exp, case):
        scores, is_anomaly = case.args
        if close(got, ((scores > scores.median()).long() == is_anomaly).float().mean()):
            return _("That is an accuracy at one threshold; the AUC compares every anomaly with every normal point.")

    def mean_gap(got, exp, case):
        scores, is_anomaly = case.args
        if close(got, scores[is_anomaly == 1].mean() - scores[is_anomaly == 0].mean()):
            return _("A difference of mean scores is not a probability: compare the scores pair by pair.")

    return run_check(
        _("ROC AUC"),
        fn,
        cases,
        _auc_reference,
        diagnoses=[flipped, ties, accuracy_like, mean_gap],
        hint=_(
            "Compare every (anomaly, normal) pair: the AUC is the fraction where the anomaly scores higher, ties "
            "counting ½."
        ),
    )


def check_reconstruction_score(fn: Callable) -> CheckResult:
    """Notebook 06: ``fn(model, x)`` = ‖x − sigmoid(decode(mu))‖² per image, with mu from encode(x).

    The per-image sum of squares is what the exercise asks for, so an answer that calls the course's
    :func:`course_utils.losses.squared_error` is asked to write it."""
    with torch.random.fork_rng():  # leave the notebook's random stream untouched
        torch.manual_seed(14)
        model = models.VAE(16, 2, hidden_dims=(8,))
    x = torch.rand(6, 16, generator=torch.Generator().manual_seed(15))
    cases = [Case(_("a small VAE (16 pixels, 2-D latent) on 6 images"), (model, x))]

    def reference(model, x):
        with torch.no_grad():
            mu, _unused = model.encode(x)
            return (x - torch.sigmoid(model.decode(mu))).pow(2).sum(dim=1)

    def logits(got, exp, case):
        model, x = case.args
        with torch.no_grad():
            if close(got, (x - model.decode(model.encode(x)[0])).pow(2).sum(1)):
                return _("decode returns logits: apply torch.sigmoid to get pixel means.")

    def sampled(got, exp, case):
        model, x = case.args
        with torch.random.fork_rng():
            again = fn(model, x)
        if not close(got, again):
            return _("The score changes between calls: decode the mean mu, not a random sample z.")

    def pixel_mean(got, exp, case):
        if close(got, exp / case.args[1].shape[1]):
            return _("That is the mean over pixels; sum the squared error over pixels.")

    def absolute(got, exp, case):
        model, x = case.args
        with torch.no_grad():
            if close(got, (x - torch.sigmoid(model.decode(model.encode(x)[0]))).abs().sum(1)):
                return _("That is the absolute error; the score is the *squared* error.")

    def batch_total(got, exp, case):
        if got.numel() == 1:
            return _("Return one score per image, shape (batch,), not a single number.")

    exercise = _("Reconstruction-error score")
    caught = key_verdict(exercise, cases[0].description, lambda: fn(*cases[0].args), RECONSTRUCTION_SCORE_KEY)
    if caught is not None:
        return caught
    return run_check(
        exercise,
        fn,
        cases,
        reference,
        diagnoses=[batch_total, logits, sampled, pixel_mean, absolute],
        hint=_(
            "Use the encoder's most likely code, turn the decoder's output into pixel values, and sum the squared "
            "error over pixels: one score per image."
        ),
        forbidden=RECONSTRUCTION_SCORE_KEY,
    )


# Inputs the notebook never computes: it evaluates the probability at r = sqrt(d / 2) for d = 2, 4, ..., 128
# and at r = 2 for d = 8, so an answer that returns a number measured there cannot pass.
_NORM_CASES = ((1.0, 1), (1.5, 3), (3.0, 10), (2.5, 5), (6.0, 50))


def check_norm_probability(fn: Callable) -> CheckResult:
    r"""Notebook 06, derivation: ``fn(r, d)`` = $P(\|z\| < r)$ for $z \sim N(0, I_d)$, i.e. the $\chi^2_d$ CDF at
    $r^2$ (reference: scipy.stats.chi2), checked at radii and sizes the notebook never uses."""
    cases = [Case(f"r = {r}, d = {d}", (r, d)) for r, d in _NORM_CASES]

    def reference(r, d):
        from scipy.stats import chi2

        return chi2.cdf(r**2, d)

    def constant(got, exp, case):
        r, d = case.args
        other = next((r2, d2) for r2, d2 in _NORM_CASES if (r2, d2) != (r, d))
        if same_elsewhere(fn, got, other):
            return _(
                "Your function gives the same number at r = {r}, d = {d} as at r = {r2}, d = {d2}: a frequency "
                "measured at one radius and size answers only that one. Write P(‖z‖ < r) as a function of r and d."
            ).format(r=r, d=d, r2=other[0], d2=other[1])

    def not_squared(got, exp, case):
        from scipy.stats import chi2

        r, d = case.args
        if close(got, chi2.cdf(r, d)):
            return _("‖z‖² (not ‖z‖) is a sum of d squared standard normals: evaluate at r².")

    def complement(got, exp, case):
        if close(got, 1 - exp):
            return _("That is P(‖z‖ > r), the complement.")

    def one_dim(got, exp, case):
        from scipy.stats import chi2, norm

        r, d = case.args
        if d > 1 and (close(got, chi2.cdf(r**2, 1)) or close(got, 2 * norm.cdf(r) - 1)):
            return _("The dimension d matters: the squared norm adds d independent squares.")

    def per_coordinate(got, exp, case):
        from scipy.stats import norm

        r, d = case.args
        if d > 1 and close(got, (2 * norm.cdf(r) - 1) ** d):
            return _("That is P(every |z_j| < r), a cube; a ball of radius r is much smaller than the cube around it.")

    return run_check(
        _("Derive: how much of the prior lies near its mode"),
        fn,
        cases,
        reference,
        diagnoses=[constant, not_squared, complement, one_dim, per_coordinate],
        hint=_(
            "‖z‖ < r is the same event as ‖z‖² < r²; which named distribution does a sum of d squared standard "
            "normals follow? (scipy.stats has its CDF.)"
        ),
    )


# The options of exercise 1 and the ratio each one predicts.
MIDPOINT_OPTIONS = {"a": 1.0, "b": math.sqrt(0.5), "c": 0.5, "d": 0.0}


def check_midpoint_prediction(fn: Callable, measured_ratio: float, latent_dim: int) -> CheckResult:
    """Notebook 06, predict then run: ``fn()`` returns the letter of the predicted ratio ‖(a + b) / 2‖ / ‖a‖ for
    independent a, b ~ N(0, I): (a) about 1, (b) about 0.71 = 1/√2, (c) about 0.5, (d) about 0. The
    measurement settles it: the right letter is the option nearest ``measured_ratio`` (the run's average
    over many pairs of ``latent_dim``-D codes), so the check follows the run, not a stored answer."""
    answer = min(MIDPOINT_OPTIONS, key=lambda k: abs(MIDPOINT_OPTIONS[k] - measured_ratio))
    return check_choice(
        _("Predict: the norm of a linear midpoint"),
        fn,
        answer=answer,
        measured=_("over many pairs of {d}-D codes, the midpoint is {ratio:.3f} times as long as an endpoint").format(
            d=latent_dim, ratio=measured_ratio
        ),
        explanations={
            "a": _(
                "The midpoint is shorter: ‖a + b‖² = ‖a‖² + ‖b‖² + 2 a·b, and a·b averages 0 for independent codes, "
                "which are nearly orthogonal."
            ),
            "b": _(
                "Independent codes are nearly orthogonal, so the squared norms add: ‖(a + b)/2‖² ≈ (‖a‖² + ‖b‖²)/4 "
                "= ‖a‖²/2, and the midpoint is 1/√2 as long."
            ),
            "c": _(
                "0.5 would need a and b to point the same way (a·b = ‖a‖‖b‖), or it is the ratio of *squared* "
                "norms; independent codes are nearly orthogonal."
            ),
            "d": _("The codes cancel only if b = −a; independent codes are nearly orthogonal, not opposite."),
        },
    )
