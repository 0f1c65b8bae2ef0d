"""ELBO and IWAE against a model whose log p(x) is known in closed form (linear-Gaussian), and metrics."""

import math

import pytest
import torch

from course_utils import losses, metrics, models, objectives

# Linear-Gaussian model: z ~ N(0, I_2), x | z ~ N(W z + b, s^2 I_3)  =>  x ~ N(b, W W^T + s^2 I).
W = torch.tensor([[1.0, 0.5], [-0.3, 2.0], [0.8, -1.0]], dtype=torch.float64)
b = torch.tensor([0.2, -0.1, 0.5], dtype=torch.float64)
s = 0.7


def _log_likelihood(z, x):  # (K, batch, 2) -> (K, batch)
    mean = z @ W.T + b  # (K, batch, 3)
    return torch.distributions.Normal(mean, s).log_prob(x).sum(dim=-1)


def _true_log_px(x):
    cov = W @ W.T + s**2 * torch.eye(3, dtype=torch.float64)
    return torch.distributions.MultivariateNormal(b, cov).log_prob(x)


def _exact_posterior(x):
    """q = p(z | x) exactly: covariance (I + W^T W / s^2)^-1, mean cov W^T (x - b) / s^2 (full covariance)."""
    cov = torch.linalg.inv(torch.eye(2, dtype=torch.float64) + W.T @ W / s**2)
    mean = (x - b) @ W @ cov / s**2
    return mean, cov


@pytest.fixture
def x():
    return torch.tensor([[0.5, 1.0, -0.3], [2.0, -1.5, 1.0], [0.0, 0.0, 0.0]], dtype=torch.float64)


def _diagonal_q(x):
    """A deliberately imperfect q: the exact posterior means with the diagonal of its covariance."""
    mean, cov = _exact_posterior(x)
    return mean, cov.diagonal().log().expand_as(mean)


def test_elbo_is_below_log_px_and_iwae_converges_to_it(x):
    mu, logvar = _diagonal_q(x)
    truth = _true_log_px(x)
    g = torch.Generator().manual_seed(0)
    log_w = losses.log_importance_weights(x, mu, logvar, _log_likelihood, 20000, generator=g)  # (K, batch)
    elbo = log_w.mean(dim=0)
    assert (elbo < truth - 1e-3).all(), "a diagonal q leaves a gap: ELBO < log p(x)"
    iwae = {k: losses.iwae_bound(log_w[:k]) for k in (1, 10, 100, 20000)}
    assert (iwae[20000] - truth).abs().max() < 0.01
    # IWAE_K rises with K (averaged over disjoint groups of samples to remove noise).
    means = [losses.iwae_bound(log_w[: (20000 // k) * k].view(-1, k, 3).transpose(0, 1)).mean(0) for k in (1, 10, 100)]
    assert (means[0] < means[1]).all() and (means[1] < means[2]).all() and (means[2] <= truth + 0.01).all()


def test_elbo_is_tight_when_q_is_the_posterior():
    """In 1-D the exact posterior is Gaussian, so the log-weights are constant and ELBO = IWAE = log p(x)."""
    w1, s1 = 1.5, 0.5
    x = torch.tensor([[0.3], [-1.2]], dtype=torch.float64)
    var = s1**2 / (w1**2 + s1**2)
    mu = w1 * x / (w1**2 + s1**2)
    logvar = torch.full_like(mu, math.log(var))

    def log_likelihood(z, x):
        return torch.distributions.Normal(w1 * z, s1).log_prob(x).sum(-1)

    log_w = losses.log_importance_weights(x, mu, logvar, log_likelihood, 50, generator=torch.Generator().manual_seed(1))
    truth = torch.distributions.Normal(0.0, math.sqrt(w1**2 + s1**2)).log_prob(x).squeeze(1)
    torch.testing.assert_close(log_w, truth.expand(50, 2))


def test_iwae_bound_is_stable_for_very_negative_log_weights():
    log_w = torch.tensor([[-1000.0], [-1000.0]])
    torch.testing.assert_close(losses.iwae_bound(log_w), torch.tensor([-1000.0]))


def test_iwae_log_likelihood_of_a_vae_rises_with_k():
    torch.manual_seed(0)
    model = models.VAE(16, 2, hidden_dims=(8,))
    x = torch.rand(64, 16, generator=torch.Generator().manual_seed(2))
    est = {
        k: losses.iwae_log_likelihood(model, x, k, generator=torch.Generator().manual_seed(3)).mean() for k in (1, 200)
    }
    with torch.no_grad():
        x_logits, mu, logvar = model(x)
    elbo_mc = -losses.negative_elbo(x_logits, x, mu, logvar).mean()
    assert est[200] > est[1]
    assert abs(est[1] - elbo_mc) < 1.0  # K = 1 is a one-sample ELBO estimate
    assert losses.iwae_log_likelihood(model, x, 5, chunk_size=10).shape == (64,)


def test_kl_per_dimension_sums_to_the_kl():
    mu, logvar = torch.randn(10, 4), torch.randn(10, 4)
    per_dim = metrics.kl_per_dimension(mu, logvar)
    assert per_dim.shape == (4,)
    torch.testing.assert_close(per_dim.sum(), losses.kl_to_standard_normal(mu, logvar).mean())


def test_vae_loss_is_the_mean_negative_elbo():
    torch.manual_seed(0)
    model = models.VAE(16, 2, hidden_dims=(8,))
    x = torch.rand(8, 16)
    torch.manual_seed(1)
    loss = objectives.vae(model, x, beta=2.0)
    torch.manual_seed(1)
    x_logits, mu, logvar = model(x)
    torch.testing.assert_close(loss, losses.negative_elbo(x_logits, x, mu, logvar, beta=2.0).mean())


def test_active_units_uses_the_variance_across_examples():
    mu = torch.randn(500, 3, generator=torch.Generator().manual_seed(0)) * torch.tensor([1.0, 0.05, 0.0]) + 5.0
    assert metrics.active_units(mu, 0.01).tolist() == [True, False, False]
    with pytest.raises(ValueError, match="mu"):
        metrics.active_units(torch.zeros(3))
    with pytest.raises(ValueError, match="threshold"):
        metrics.active_units(mu, -1.0)


@pytest.fixture(scope="module")
def digits_judge():
    from course_utils.data import load_images

    data = load_images("digits")
    return data, metrics.fit_digit_judge(data.x_train, data.y_train, data.image_shape)


def test_a_cached_judge_is_the_trained_one_and_leaves_the_same_random_state(tmp_path, monkeypatch):
    from course_utils.data import load_images

    monkeypatch.setenv("COURSE_CACHE", str(tmp_path))
    data = load_images("digits")
    x, y = data.x_train[:300], data.y_train[:300]

    def judge_then_draw(**kwargs):
        judge = metrics.fit_digit_judge(x, y, data.image_shape, num_steps=20, **kwargs)
        return judge.predict_proba(data.x_test[:50]), torch.rand(3)  # the notebook's next random draw

    trained, draw_trained = judge_then_draw(cache=False)
    assert not (tmp_path / "judges").exists()  # cache=False writes nothing
    first, draw_first = judge_then_draw()  # trains and writes the cache
    assert len(list((tmp_path / "judges").glob("*.pt"))) == 1
    assert not list((tmp_path / "judges").glob("*.partial"))
    cached, draw_cached = judge_then_draw()  # loads it
    assert torch.equal(trained, first) and torch.equal(first, cached)
    assert torch.equal(draw_trained, draw_cached) and torch.equal(draw_first, draw_cached)
    key = metrics.judge_cache_key
    same = key(x, y, data.image_shape, 0, 5000, 20)
    assert same == key(x.clone(), y.clone(), data.image_shape, 0, 5000, 20)
    x_other = x.clone()
    x_other[0, 0] += 0.1
    others = [(x_other, y, 0, 20), (x, y, 1, 20), (x, y, 0, 21), (x, y.flip(0), 0, 20)]
    keys = {same} | {key(xs, ys, data.image_shape, seed, 5000, steps) for xs, ys, seed, steps in others}
    assert len(keys) == 5  # other pixels, seed, steps or labels: another judge
    from course_utils import runtime

    monkeypatch.setattr(runtime, "SEED_OFFSET", 1)
    assert key(x, y, data.image_shape, 0, 5000, 20) != same  # the moved seed trains another judge


def test_the_judge_reads_digits_blurred_or_not_and_calls_blends_blends(digits_judge):
    data, judge = digits_judge
    accuracy = (judge.predict(data.x_test) == data.y_test).float().mean().item()
    assert accuracy > 0.9, accuracy  # scikit-learn's logistic regression: 0.96 on these test digits
    blurred = metrics.blur(data.x_test, data.image_shape, 8 / 28)  # the blur it learnt from
    assert (judge.predict(blurred) == data.y_test).float().mean().item() > 0.85
    zeros, ones = data.x_test[data.y_test == 0][:40], data.x_test[data.y_test == 1][:40]
    assert judge.blend_fraction(0.5 * zeros + 0.5 * ones) > 0.6 > 0.1 > judge.blend_fraction(data.x_test)
    assert metrics.confident_fraction(judge, data.x_test) > 0.5
    assert metrics.confident_fraction(judge, torch.full((20, 64), 0.5)) < 0.5
    assert metrics.confident_fraction(judge, zeros, label=0) > metrics.confident_fraction(judge, zeros, label=1)
    assert judge.predict_proba(data.x_test[:3]).sum(dim=1).allclose(torch.ones(3))


def test_blur_is_a_normalised_gaussian_filter():
    x = torch.zeros(1, 49)
    x[0, 24] = 1.0  # one lit pixel in the middle of a 7 x 7 image
    out = metrics.blur(x, (7, 7), 1.0).reshape(7, 7)
    assert out.sum().item() == pytest.approx(1.0, abs=1e-6) and out[3, 3] == out.max()
    assert torch.allclose(out, out.T) and torch.allclose(out, out.flip(0))
    assert torch.allclose(metrics.blur(torch.ones(2, 49), (7, 7), 1.0), torch.ones(2, 49))


def test_the_judge_learns_from_at_most_max_images_real_ones_and_as_many_blends():
    """On MNIST's 60,000 images the judge learns from a seeded subset of 5,000; smaller sets are used whole."""
    x = torch.arange(60.0)[:, None].repeat(1, 4)  # (60, 4): each row holds its own index
    y = torch.arange(60) % 3
    a = metrics.judge_training_set(x, y, (2, 2), max_images=20)
    b = metrics.judge_training_set(x, y, (2, 2), max_images=20)
    assert torch.equal(a[0], b[0]) and torch.equal(a[1], b[1])  # same seed, same subset
    real = a[0][:20]
    assert len(set(real[:, 0].tolist())) == 20 and (a[1][:20] == real[:, 0].long() % 3).all()
    assert (a[1] == metrics.BLEND).sum() == 40 and len(a[0]) == 80  # real, blurred, blends, blurred blends
    assert len(metrics.judge_training_set(x, y, (2, 2), max_images=100)[0]) == 240
    with pytest.raises(ValueError, match="max_images"):
        metrics.judge_training_set(x, y, (2, 2), max_images=0)
    with pytest.raises(ValueError, match="x must be"):
        metrics.judge_training_set(x, y[:10], (2, 2))
