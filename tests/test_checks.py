"""Every exercise check, on a right answer, wrong answers (with their teaching message) and a stub."""

import inspect
import math

import pytest
import torch
import torch.nn.functional as F

from course_utils import checks, estimators


def _stub(*args):
    raise NotImplementedError("student stub")


# check name -> (a right answer, [(a wrong answer, words the message must contain), ...])
CASES = {
    "check_gaussian_log_likelihood": (
        lambda x, mu, sigma: torch.distributions.Normal(mu, sigma).log_prob(x).sum(),
        [
            (lambda x, mu, sigma: torch.distributions.Normal(mu, sigma).log_prob(x).mean(), "mean"),
            (lambda x, mu, sigma: -torch.distributions.Normal(mu, sigma).log_prob(x).sum(), "sign"),
            (lambda x, mu, sigma: torch.distributions.Normal(mu, sigma**0.5).log_prob(x).sum(), "sigma^2"),
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
            (lambda logits, x: -F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1), "sign"),
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
