"""course_utils.losses against independent references (torch.distributions, torch.nn.functional)."""

import math

import pytest
import torch
import torch.nn.functional as F
from torch.distributions import Normal, kl_divergence

from course_utils import losses


def _reference_kl(mu, logvar):
    q = Normal(mu, torch.exp(0.5 * logvar))
    p = Normal(torch.zeros_like(mu), torch.ones_like(mu))
    return kl_divergence(q, p).sum(dim=-1)


@pytest.mark.parametrize("scale", [0.1, 1.0, 3.0])
def test_kl_closed_form_matches_torch_distributions(scale):
    g = torch.Generator().manual_seed(0)
    mu = scale * torch.randn(64, 5, generator=g, dtype=torch.float64)
    logvar = scale * torch.randn(64, 5, generator=g, dtype=torch.float64)
    kl = losses.kl_to_standard_normal(mu, logvar)
    assert kl.shape == (64,)
    torch.testing.assert_close(kl, _reference_kl(mu, logvar))
    assert (kl >= 0).all()


def test_kl_extreme_values_and_zero_at_prior():
    mu = torch.tensor([[0.0, 0.0], [30.0, -30.0], [0.0, 0.0]], dtype=torch.float64)
    logvar = torch.tensor([[0.0, 0.0], [0.0, 0.0], [-20.0, 15.0]], dtype=torch.float64)
    kl = losses.kl_to_standard_normal(mu, logvar)
    torch.testing.assert_close(kl, _reference_kl(mu, logvar))
    assert kl[0] == 0 and torch.isfinite(kl).all()


def test_kl_monte_carlo_converges_to_closed_form():
    g = torch.Generator().manual_seed(1)
    mu = torch.randn(8, 3, generator=g, dtype=torch.float64)
    logvar = 0.5 * torch.randn(8, 3, generator=g, dtype=torch.float64)
    exact = losses.kl_to_standard_normal(mu, logvar)
    errors = []
    for num_samples in (10, 1000, 100_000):
        mc = losses.kl_monte_carlo(mu, logvar, num_samples, generator=torch.Generator().manual_seed(2))
        assert mc.shape == (8,)
        errors.append((mc - exact).abs().max().item())
    assert errors[-1] < 0.03 and errors[-1] < errors[0]


def test_bernoulli_nll_matches_bce_with_logits_and_is_stable():
    g = torch.Generator().manual_seed(3)
    logits = 4 * torch.randn(16, 10, generator=g)
    x = torch.rand(16, 10, generator=g)
    ref = F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(dim=1)
    torch.testing.assert_close(losses.bernoulli_nll(logits, x), ref)
    extreme = losses.bernoulli_nll(torch.tensor([[-500.0, 500.0]]), torch.tensor([[1.0, 0.0]]))
    torch.testing.assert_close(extreme, torch.tensor([1000.0]))


def test_gaussian_nll_matches_normal_log_prob():
    g = torch.Generator().manual_seed(4)
    x_hat, x = torch.randn(5, 7, generator=g), torch.randn(5, 7, generator=g)
    for sigma in (0.1, 1.0, 2.5):
        ref = -Normal(x_hat, sigma).log_prob(x).sum(dim=1)
        torch.testing.assert_close(losses.gaussian_nll(x_hat, x, sigma), ref)


def test_squared_error_and_l1_penalty_match_hand_sums():
    x_hat = torch.tensor([[1.0, 2.0], [0.0, -1.0]])
    x = torch.tensor([[0.0, 0.0], [0.0, 1.0]])
    torch.testing.assert_close(losses.squared_error(x_hat, x), torch.tensor([5.0, 4.0]))
    z = torch.tensor([[1.0, -2.0, 0.5], [0.0, 0.0, -3.0]])
    torch.testing.assert_close(losses.l1_penalty(z), torch.tensor([3.5, 3.0]))


def test_negative_elbo_is_reconstruction_plus_beta_kl():
    g = torch.Generator().manual_seed(5)
    logits, x = torch.randn(4, 6, generator=g), torch.rand(4, 6, generator=g)
    mu, logvar = torch.randn(4, 2, generator=g), torch.randn(4, 2, generator=g)
    rec = F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1)
    torch.testing.assert_close(
        losses.negative_elbo(logits, x, mu, logvar, beta=2.0), rec + 2 * _reference_kl(mu, logvar)
    )


@pytest.mark.parametrize(
    "call, words",
    [
        (
            lambda: losses.kl_to_standard_normal(torch.zeros(2, 3), torch.zeros(2, 4)),
            ["mu", "logvar", "shape"],
        ),
        (lambda: losses.kl_monte_carlo(torch.zeros(2, 3), torch.zeros(2, 3), 0), ["num_samples"]),
        (lambda: losses.bernoulli_nll(torch.zeros(2, 3), torch.zeros(3, 2)), ["logits", "x"]),
        (lambda: losses.gaussian_nll(torch.zeros(2, 3), torch.zeros(2, 3), -1.0), ["sigma"]),
        (lambda: losses.l1_penalty(torch.zeros(3)), ["z", "batch"]),
    ],
)
def test_bad_input_names_the_argument(call, words):
    with pytest.raises(ValueError) as info:
        call()
    for word in words:
        assert word in str(info.value)


def test_gaussian_nll_constant():
    # A single pixel at its mean with sigma = 1 costs exactly log(2 pi) / 2.
    value = losses.gaussian_nll(torch.zeros(1, 1), torch.zeros(1, 1), 1.0)
    assert math.isclose(value.item(), 0.5 * math.log(2 * math.pi), rel_tol=1e-6)


def test_sparse_loss_matches_the_lecture_formula():
    x_hat, x = torch.tensor([[1.0, 1.0]]), torch.tensor([[0.0, 1.0]])
    z = torch.tensor([[2.0, -4.0]])
    assert losses.sparse_loss(x_hat, x, z, 1.0).tolist() == [1.0 + 0.5 * 6.0]
    with pytest.raises(ValueError, match="lam"):
        losses.sparse_loss(x_hat, x, z, -1.0)


def test_bernoulli_entropy_is_the_smallest_bernoulli_nll_of_grey_pixels():
    x = torch.tensor([[0.0, 1.0, 0.5, 0.2], [0.9, 0.9, 0.1, 0.0]], dtype=torch.float64)
    floor = losses.bernoulli_entropy(x)  # (2,)
    at_x = F.binary_cross_entropy(x, x, reduction="none").sum(1)  # pi = x
    assert torch.allclose(floor, at_x) and floor[0] > 0
    expected = torch.distributions.Bernoulli(probs=x).entropy().sum(1)
    assert torch.allclose(floor, expected)
    for pi in torch.linspace(0.01, 0.99, 25, dtype=torch.float64):  # no pi does better
        assert (losses.bernoulli_nll(torch.logit(pi).expand_as(x), x) >= floor - 1e-12).all()


def test_mean_image_nll_is_the_best_constant_decoder():
    torch.manual_seed(0)
    x_train = torch.rand(200, 6, dtype=torch.float64)
    x = torch.rand(30, 6, dtype=torch.float64)
    pi = x_train.mean(0)
    expected = -(x * pi.log() + (1 - x) * (1 - pi).log()).sum(1)  # hand-written BCE
    assert torch.allclose(losses.mean_image_nll(x_train, x), expected)
    # on the training images themselves no constant pixel probability does better
    best = losses.mean_image_nll(x_train, x_train).mean()
    for shift in (-0.05, 0.05):
        other = torch.logit((pi + shift).clamp(0.01, 0.99)).expand_as(x_train)
        assert losses.bernoulli_nll(other, x_train).mean() > best


def test_kl_terms_are_the_per_dimension_kl_of_torch_distributions():
    g = torch.Generator().manual_seed(11)
    mu, logvar = (
        torch.randn(5, 3, generator=g, dtype=torch.float64),
        torch.randn(5, 3, generator=g, dtype=torch.float64),
    )
    q = torch.distributions.Normal(mu, (0.5 * logvar).exp())
    expected = torch.distributions.kl_divergence(q, torch.distributions.Normal(0.0, 1.0))  # (5, 3)
    assert torch.allclose(losses.kl_terms(mu, logvar), expected)
    assert torch.allclose(losses.kl_to_standard_normal(mu, logvar), expected.sum(dim=-1))


def test_gaussian_samples_follow_q_with_its_log_densities():
    mu = torch.tensor([[1.0, -2.0]], dtype=torch.float64)
    logvar = torch.tensor([[0.0, math.log(0.25)]], dtype=torch.float64)
    z, log_q, log_p = losses.gaussian_samples(mu, logvar, 50_000, torch.Generator().manual_seed(3))
    assert z.shape == (50_000, 1, 2) and log_q.shape == log_p.shape == (50_000, 1)
    assert torch.allclose(z.mean(dim=0), mu, atol=0.02) and torch.allclose(
        z.std(dim=0), torch.tensor([[1.0, 0.5]]).double(), atol=0.02
    )
    q = torch.distributions.Normal(mu, (0.5 * logvar).exp())
    assert torch.allclose(log_q, q.log_prob(z).sum(dim=-1))
    assert torch.allclose(log_p, torch.distributions.Normal(0.0, 1.0).log_prob(z).sum(dim=-1))
    with pytest.raises(ValueError, match="num_samples"):
        losses.gaussian_samples(mu, logvar, 0)
