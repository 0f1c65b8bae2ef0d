"""Every exercise check against its answer catalogue (tests/unit/answers): each valid answer passes, each
wrong answer students really write fails with a message naming that mistake, stubs are "not attempted",
crashes are reported and never raised, and no message prints a line of the instructor's solution."""

import inspect
import math

import nbformat
import pytest
import torch
from scipy import stats

from course_tools.cells import solution_lines
from course_utils import checks
from course_utils.checks import core
from tests.course import NOTEBOOKS

from .answers import nb01, nb02, nb03, nb04, nb05, nb06

ANSWERS = {**nb01.ANSWERS, **nb02.ANSWERS, **nb03.ANSWERS, **nb04.ANSWERS, **nb05.ANSWERS, **nb06.ANSWERS}
VALID = [(name, i) for name in sorted(ANSWERS) for i in range(len(ANSWERS[name].valid))]
WRONG = [(name, i) for name in sorted(ANSWERS) for i in range(len(ANSWERS[name].wrong))]


def _stub(*args):
    raise NotImplementedError("student stub")


@pytest.fixture(scope="module")
def solution_text():
    """Every distinctive line of the instructor's solutions, without spaces."""
    lines = [line for path in NOTEBOOKS for line in solution_lines(nbformat.read(path, as_version=4), min_length=16)]
    return {line.replace(" ", "") for line in lines}


def test_every_check_has_a_catalogue_of_at_least_four_wrong_and_two_valid_answers():
    names = {
        n for n, f in inspect.getmembers(checks, inspect.isfunction) if n.startswith("check_") and n != "check_choice"
    }
    assert names == set(ANSWERS)
    thin = {n: (len(a.wrong), len(a.valid)) for n, a in ANSWERS.items() if len(a.wrong) < 4 or len(a.valid) < 2}
    assert not thin, thin


@pytest.mark.parametrize("name, index", VALID)
def test_valid_answer_passes(name, index):
    result = ANSWERS[name].run(ANSWERS[name].valid[index])
    assert result.passed and bool(result) and result.status == checks.CORRECT, result


@pytest.mark.parametrize("name, index", WRONG)
def test_wrong_answer_is_rejected_with_a_message_naming_the_mistake(name, index, solution_text):
    wrong, words = ANSWERS[name].wrong[index]
    result = ANSWERS[name].run(wrong)
    assert not result and result.status == checks.WRONG, result
    assert words in result.message and "On " in result.message, result.message
    compact = result.message.replace(" ", "")
    leaked = [line for line in solution_text if line in compact]
    assert not leaked, f"the message prints the solution: {leaked}"


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_stub_is_not_attempted(name):
    result = ANSWERS[name].run(_stub)
    assert result.status == checks.NOT_ATTEMPTED and "not attempted" in repr(result).lower()


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_crash_and_missing_return_are_reported_not_raised(name):
    def crashes(*args):
        return 1 / 0

    assert "ZeroDivisionError" in ANSWERS[name].run(crashes).message
    assert "return" in ANSWERS[name].run(lambda *args: None).message


def test_result_renders_in_a_notebook():
    result = checks.check_ridge(nb01._ridge_augmented)
    assert "correct" in result._repr_html_() and "MAP with a Gaussian prior" in repr(result)


def test_a_hint_s_stressed_word_is_italic_in_the_notebook():
    answers = ANSWERS["check_gaussian_log_likelihood"]
    mean_not_sum = next(answer for answer, words in answers.wrong if words == "*mean*")  # the catalogue's own
    result = answers.run(mean_not_sum)
    assert "*mean*" in repr(result), repr(result)  # plain text keeps Markdown's stars
    shown = result._repr_html_()
    assert "<em>mean</em>" in shown and "<em>sum</em>" in shown and "*" not in shown, shown
    product = core.CheckResult("Ridge", core.WRONG, "the prior adds lam * I to X^T X, x *y*")
    assert "lam * I" in product._repr_html_() and "x <em>y</em>" in product._repr_html_()


# The references of the derivation and prediction checks, against independent computations.


def test_sigma2_mle_bias_is_what_a_simulation_gives():
    x = torch.randn(200_000, 5, dtype=torch.float64)
    assert abs(x.var(dim=1, unbiased=False).mean().item() - 4 / 5) < 0.005


def test_optimal_denoiser_is_the_regression_of_x_on_the_noisy_x():
    from sklearn.linear_model import LinearRegression

    x = -1.0 + 2.0 * torch.randn(200_000, dtype=torch.float64)  # mean -1, var 4
    x_noisy = x + 0.5 * torch.randn_like(x)
    fit = LinearRegression().fit(x_noisy.numpy()[:, None], x.numpy())
    grid = torch.tensor([-3.0, 0.0, 2.0], dtype=torch.float64)
    expected = torch.as_tensor(fit.predict(grid.numpy()[:, None]))
    assert torch.allclose(nb03._shrink(grid, -1.0, 4.0, 0.5), expected, atol=0.01)


def test_norm_probability_matches_monte_carlo():
    z = torch.randn(400_000, 8, dtype=torch.float64)
    assert abs((z.norm(dim=1) < 2).double().mean().item() - stats.chi2.cdf(4, 8)) < 0.003
    assert 0.13 < stats.chi2.cdf(4, 8) < 0.15  # notebook 06's "about 14 %"


def test_midpoint_norm_ratio_is_about_one_over_root_two_in_high_dimension():
    a, b = torch.randn(2, 100_000, 64, dtype=torch.float64)
    ratio = ((a + b) / 2).norm(dim=1).mean() / a.norm(dim=1).mean()
    assert abs(ratio.item() - 1 / math.sqrt(2)) < 0.005


def test_exact_posterior_reference_agrees_with_the_closed_form():
    assert checks.check_exact_posterior(nb05._posterior)
    mean, var = nb05._posterior(1.2, 1.5, 0.5)
    samples_z = torch.randn(2_000_000, dtype=torch.float64)
    x = 1.5 * samples_z + 0.5 * torch.randn_like(samples_z)
    near = samples_z[(x - 1.2).abs() < 0.01]  # z given x ≈ 1.2, by rejection
    assert abs(near.mean().item() - mean) < 0.02 and abs(near.var().item() - var) < 0.01


def test_the_gaussian_tail_constant_is_the_normal_tail():
    assert abs(core.BEYOND_TWO_SD - 2 * stats.norm.sf(2)) < 1e-12
    g = torch.Generator().manual_seed(0)
    assert abs(core.fraction_beyond_two_sd(torch.randn(200_000, generator=g)) - core.BEYOND_TWO_SD) < 0.002
    uniform = (torch.rand(200_000, generator=g) * 2 - 1) * 3**0.5  # variance 1, never beyond 2
    assert core.fraction_beyond_two_sd(uniform) == 0.0
