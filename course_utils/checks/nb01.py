"""Self-checks of notebook 01's exercises (re-exported by :mod:`course_utils.checks`).

Each check passes ``forbidden=`` the course's own implementation of its exercise, so an answer that
calls it (directly, through a lambda or a name bound to it) is asked to write it instead."""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
import torch.nn.functional as F

from .. import estimators, losses
from ..i18n import _
from .core import Case, CheckResult, close, run_check


def check_gaussian_log_likelihood(fn: Callable) -> CheckResult:
    r"""Notebook 01: ``fn(x, mu, sigma)`` = $\sum_i \log N(x_i \mid \mu, \sigma^2)$."""
    g = torch.Generator().manual_seed(1)
    cases = [
        Case(
            _("x = [1., 2., 3.], mu = 2, sigma = 1"),
            (torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64), 2.0, 1.0),
        ),
        Case(
            _("100 points, mu = 0.5, sigma = 2"),
            (torch.randn(100, generator=g, dtype=torch.float64) * 2 + 0.5, 0.5, 2.0),
        ),
        Case(
            _("x = [0.1, 0.2], mu = 0, sigma = 0.1"),
            (torch.tensor([0.1, 0.2], dtype=torch.float64), 0.0, 0.1),
        ),
    ]

    def reference(x, mu, sigma):
        return torch.distributions.Normal(mu, sigma).log_prob(x).sum()

    def as_mean(got, exp, case):
        n = case.args[0].numel()
        if close(got, exp / n):
            return _("That is the *mean* over the points; the log-likelihood is their *sum*.")

    def sign(got, exp, case):
        if close(got, -exp):
            return _("Wrong sign: that is the *negative* log-likelihood.")

    def variance(got, exp, case):
        x, mu, sigma = case.args
        if close(got, reference(x, mu, sigma**0.5)):
            return _("You used sigma where sigma^2 belongs (or the reverse): the exponent is -(x-mu)^2 / (2 sigma^2).")

    def normaliser(got, exp, case):
        x, mu, sigma = case.args
        quad = -0.5 * ((x - mu) / sigma).pow(2).sum()
        if close(got, quad):
            return _("Only the quadratic term: add the normaliser -n log(sigma) - (n/2) log(2 pi).")

    return run_check(
        _("Gaussian log-likelihood"),
        fn,
        cases,
        reference,
        diagnoses=[as_mean, sign, variance, normaliser],
        hint=_(
            "Compare term by term with the formula above: one term per point, summed; the normaliser holds "
            "log sigma (not sigma^2) and log 2 pi once per point."
        ),
        forbidden=[estimators.gaussian_log_likelihood, losses.gaussian_nll],
    )


def _clamped_bce(logits, x):
    """What ``F.binary_cross_entropy(torch.sigmoid(logits), x)`` computes: every log clamped at -100."""
    p = torch.sigmoid(logits)
    log_p = torch.log(p).clamp(min=-100)
    log_not_p = torch.log(1 - p).clamp(min=-100)
    return -(x * log_p + (1 - x) * log_not_p).sum(dim=1)


def check_bernoulli_nll(fn: Callable) -> CheckResult:
    """Notebook 01: ``fn(logits, x)`` = binary cross-entropy from logits, per example."""
    g = torch.Generator().manual_seed(2)
    f32 = torch.float32  # network outputs are float32, whatever the default dtype
    cases = [
        Case(
            _("logits = [[2., -2.]], x = [[1., 0.]]"),
            (torch.tensor([[2.0, -2.0]], dtype=f32), torch.tensor([[1.0, 0.0]], dtype=f32)),
        ),
        Case(
            _("a batch of 4 examples with 5 pixels each"),
            (
                torch.randn(4, 5, generator=g, dtype=f32) * 3,
                torch.rand(4, 5, generator=g, dtype=f32).round(),
            ),
        ),
        Case(
            _("grey pixels x = [[0.3, 0.5, 0.9]] with logits [[1., -1., 2.]]"),
            (torch.tensor([[1.0, -1.0, 2.0]], dtype=f32), torch.tensor([[0.3, 0.5, 0.9]], dtype=f32)),
        ),
        Case(
            _("extreme logits [[-200., 200.]] with x = [[1., 0.]]"),
            (torch.tensor([[-200.0, 200.0]], dtype=f32), torch.tensor([[1.0, 0.0]], dtype=f32)),
        ),
    ]

    def reference(logits, x):
        return F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(dim=1)

    def not_finite(got, exp, case):
        if not torch.isfinite(got).all():
            return _(
                "Not finite: sigmoid(-200) rounds to 0 and log(0) = -inf. Use the stable form "
                "-log sigmoid(l) = softplus(-l) (torch.nn.functional.logsigmoid or softplus)."
            )

    def sign(got, exp, case):
        if close(got, -exp):
            return _("Wrong sign: the negative log-likelihood is >= 0.")

    def as_label(got, exp, case):
        logits, x = case.args
        if (x - x.round()).abs().max() > 0 and close(got, reference(logits, x.round())):
            return _(
                "Grey pixels are not labels: x = 0.3 weights both log-probabilities (0.3 and 0.7), it is not rounded."
            )

    def clamped(got, exp, case):
        logits, x = case.args
        wrong = _clamped_bce(logits, x)
        if not close(wrong, exp) and close(got, wrong):
            return _(
                "F.binary_cross_entropy on sigmoid(logits) clamps each log at -100: at logit -200 the sigmoid "
                "rounds to 0, and a pixel costs 100 instead of 200. Compute the loss from the logits themselves."
            )

    def mean_not_sum(got, exp, case):
        logits, x = case.args
        if close(got, exp / x.shape[1]):
            return _("That is the mean over pixels: the log-likelihood of an image is the *sum* over its pixels.")

    return run_check(
        _("Bernoulli NLL = binary cross-entropy"),
        fn,
        cases,
        reference,
        diagnoses=[not_finite, sign, as_label, clamped, mean_not_sum],
        hint=_(
            "Write both log-probabilities through the logit (log sigmoid), weight them by x and 1 − x, and keep "
            "one number per example."
        ),
        forbidden=[losses.bernoulli_nll],
    )


def check_ridge(fn: Callable) -> CheckResult:
    """Notebook 01: ``fn(X, y, lam)`` = argmin ½‖y − Xθ‖² + λ/2 ‖θ‖² in closed form."""
    g = torch.Generator().manual_seed(3)
    X = torch.randn(20, 4, generator=g, dtype=torch.float64)
    y = X @ torch.tensor([1.0, -2.0, 0.5, 3.0], dtype=torch.float64) + 0.1 * torch.randn(
        20, generator=g, dtype=torch.float64
    )
    cases = [
        Case(_("a 20x4 design matrix with lam = 5"), (X, y, 5.0)),
        Case(_("the same data with lam = 0 (least squares)"), (X, y, 0.0)),
        Case(
            _("a 6x6 polynomial design with lam = 1e-3"),
            (estimators.polynomial_features(torch.linspace(-1, 1, 6), 5), y[:6], 1e-3),
        ),
    ]

    def ignored_prior(got, exp, case):
        X, y, lam = case.args
        if lam > 0 and close(got, estimators.least_squares(X, y)):
            return _("That is plain least squares: the prior adds lam * I to X^T X.")

    def penalty_on_wrong_side(got, exp, case):
        X, y, lam = case.args
        if lam > 0 and close(got, torch.linalg.solve(X.T @ X, X.T @ y + lam * torch.ones_like(X.T @ y))):
            return _("λ multiplies θ in the gradient of λ/2‖θ‖², so it goes on the matrix side, as λ I, not on Xᵀy.")
        if lam > 0 and close(got, torch.linalg.solve(X.T @ X + lam * torch.ones_like(X.T @ X), X.T @ y)):
            return _("The gradient of λ/2‖θ‖² is λθ: add λ on the diagonal only (λ I), not to every entry.")

    def factor_two(got, exp, case):
        X, y, lam = case.args
        for wrong in (2 * lam, lam / 2):
            if lam > 0 and close(got, estimators.ridge(X, y, wrong)):
                return _(
                    "Off by a factor 2 in lambda: with ½‖y−Xθ‖² + λ/2‖θ‖² the normal equations are (XᵀX + λI)θ = Xᵀy."
                )

    return run_check(
        _("MAP with a Gaussian prior = ridge"),
        fn,
        cases,
        estimators.ridge,
        diagnoses=[ignored_prior, factor_two, penalty_on_wrong_side],
        rtol=1e-5,
        atol=1e-6,
        hint=_(
            "Set the gradient of the penalised objective to zero and solve the linear system it gives (no explicit "
            "inverse needed)."
        ),
        forbidden=[estimators.ridge],
    )


def check_sigma2_mle_prediction(fn: Callable, simulated: dict[int, float]) -> CheckResult:
    r"""Notebook 01, predict then run: ``fn(n)`` = the average of $\hat\sigma^2_{\text{MLE}}$ over many data sets
    of ``n`` points from N(0, 1). The truth is $(n-1)/n$; ``simulated`` maps n to the run's average. The
    prediction is also asked at two sizes the run did not simulate, so it must be a rule, not a lookup."""
    cases = [
        Case(_("n = {n} (this run's simulation: {avg:.3f})").format(n=n, avg=avg), (n,)) for n, avg in simulated.items()
    ]
    cases += [
        Case(_("n = {n}, a size this run did not simulate").format(n=n), (n,)) for n in (4, 100) if n not in simulated
    ]

    def reference(n):
        return (n - 1) / n

    def measured(got, exp, case):
        (n,) = case.args
        if n in simulated and close(got, simulated[n]):
            return _(
                "That is this run's simulated average, Monte Carlo noise included, not a prediction: return "
                "what you expect for any n, also one the run did not simulate."
            )

    def unbiased(got, exp, case):
        if close(got, 1.0):
            return _(
                "You predicted no bias. σ̂² measures the spread around the sample mean x̄, which sits closer to "
                "the points than μ does, so it is smaller on average."
            )

    def inverted(got, exp, case):
        (n,) = case.args
        if close(got, n / (n - 1)):
            return _("Inverted: σ̂² is too *small* on average; n / (n − 1) is the factor that corrects it.")

    def square_root(got, exp, case):
        (n,) = case.args
        if close(got, math.sqrt((n - 1) / n)):
            return _("The question is about σ̂², a variance: no square root.")

    def missed_variance(got, exp, case):
        (n,) = case.args
        if close(got, 1 / n):
            return _("1/n is the variance of x̄ — what σ̂² loses, not what it keeps.")

    values = ", ".join(f"n = {n}: {avg:.3f}" for n, avg in simulated.items())
    return run_check(
        _("Predict: the bias of the MLE of σ²"),
        fn,
        cases,
        reference,
        diagnoses=[measured, unbiased, inverted, square_root, missed_variance],
        rtol=1e-3,
        hint=_("Write σ̂² = (1/n) Σ (x_i − μ)² − (x̄ − μ)², and take the expectation of each term."),
        success=_(
            "Your prediction matches the simulation for every n ({values}) and holds at sizes it did not "
            "simulate. σ̂² is biased low by the variance of x̄, σ²/n."
        ).format(values=values),
    )


def check_bce_gradient(fn: Callable) -> CheckResult:
    r"""Notebook 01, derivation: ``fn(logits, x)`` = $\partial/\partial l$ of the Bernoulli NLL, elementwise:
    $\sigma(l) - x$, shape like ``logits``; checked against autograd on logits and grey pixels of its own
    (the notebook computes the gradient at logit 10 only), so a measured number does not pass."""
    g = torch.Generator().manual_seed(16)
    cases = [
        Case(_("logits = [[0., 2.]], x = [[1., 0.]]"), (torch.tensor([[0.0, 2.0]]), torch.tensor([[1.0, 0.0]]))),
        Case(
            _("a batch of 3 with 4 grey pixels each"),
            (torch.randn(3, 4, generator=g) * 2, torch.rand(3, 4, generator=g)),
        ),
    ]

    def reference(logits, x):
        logits = logits.clone().requires_grad_(True)
        F.binary_cross_entropy_with_logits(logits, x, reduction="sum").backward()
        return logits.grad

    def constant(got, exp, case):
        if got.shape == exp.shape and got.numel() > 1 and bool((got == got.flatten()[0]).all()):
            return _(
                "Your function returns one number for every pixel: a gradient measured at one logit is one point "
                "of the function. Write it as a function of logits and x."
            )

    def sign(got, exp, case):
        if close(got, -exp):
            return _(
                "Wrong sign: this is the gradient of the *negative* log-likelihood, which rises with the logit "
                "of a 0 pixel."
            )

    def sigmoid_only(got, exp, case):
        p = torch.sigmoid(case.args[0])
        if close(got, p * (1 - p)):
            return _("That is the derivative of the sigmoid alone; the chain rule multiplies it by ∂NLL/∂p.")

    def wrt_probability(got, exp, case):
        logits, x = case.args
        p = torch.sigmoid(logits)
        if close(got, (p - x) / (p * (1 - p))):
            return _("That is the derivative with respect to p = sigmoid(l); the question asks for the logit l.")

    def summed(got, exp, case):
        if got.shape != exp.shape and close(got, exp.sum(-1)):
            return _("One derivative per logit: keep the shape of `logits`, do not sum over pixels.")

    def as_label(got, exp, case):
        logits, x = case.args
        if (x - x.round()).abs().max() > 0 and close(got, torch.sigmoid(logits) - x.round()):
            return _("Grey pixels are not labels: keep x as it is.")

    return run_check(
        _("Derive: the gradient of the BCE"),
        fn,
        cases,
        reference,
        diagnoses=[summed, constant, sign, sigmoid_only, wrt_probability, as_label],
        hint=_(
            "Differentiate −[x log sigmoid(l) + (1 − x) log sigmoid(−l)] using sigmoid′ = sigmoid (1 − sigmoid); "
            "simplify until no fraction is left."
        ),
        forbidden=[losses.bernoulli_nll],
        own_answer=_(
            "Your answer differentiates the course's own `{name}` with autograd: this exercise asks for the "
            "derivative by hand, a formula in logits and x."
        ),
    )
