"""The two contracts: losses give one value per example, objectives the batch mean that fit minimises."""

import inspect

import pytest
import torch

from course_utils import losses, models, objectives

B, D, L = 6, 12, 3


def _inputs():
    g = torch.Generator().manual_seed(0)
    x = torch.rand(B, D, generator=g)
    return {
        "logits": torch.randn(B, D, generator=g),
        "x": x,
        "x_train": torch.rand(4 * B, D, generator=g),
        "x_hat": torch.rand(B, D, generator=g),
        "mu": torch.randn(B, L, generator=g),
        "logvar": torch.randn(B, L, generator=g),
        "z": torch.randn(B, L, generator=g),
        "sigma": 0.5,
        "lam": 0.3,
        "num_samples": 4,
        "x_logits": torch.randn(B, D, generator=g),
    }


PER_EXAMPLE = [
    "bernoulli_entropy",
    "bernoulli_nll",
    "mean_image_nll",
    "gaussian_nll",
    "squared_error",
    "kl_to_standard_normal",
    "kl_monte_carlo",
    "l1_penalty",
    "negative_elbo",
    "sparse_loss",
]


@pytest.mark.parametrize("name", PER_EXAMPLE)
def test_every_loss_returns_one_value_per_example(name):
    fn = getattr(losses, name)
    values = _inputs()
    args = {p: values[p] for p in inspect.signature(fn).parameters if p in values}
    assert fn(**args).shape == (B,)


def test_the_list_above_names_every_public_loss():
    public = {n for n, f in vars(losses).items() if inspect.isfunction(f) and not n.startswith("_")}
    multi_sample = {"log_importance_weights", "iwae_bound"}  # (num_samples, batch) and (batch,) from it
    model_based = {"iwae_log_likelihood", "elbo_estimate"}  # take a model, return (batch,): tested in test_elbo_iwae
    building_blocks = {"kl_terms", "gaussian_samples"}  # per latent dim, per draw: tested in test_losses
    assert public == set(PER_EXAMPLE) | multi_sample | model_based | building_blocks


def test_objectives_are_batch_means_of_the_per_example_losses():
    x = _inputs()["x"]
    torch.manual_seed(1)
    ae = models.Autoencoder(D, L, hidden_dims=(8,))
    assert torch.equal(objectives.autoencoder(ae, x), losses.squared_error(ae(x), x).mean())
    z = ae.encode(x)
    expected = losses.sparse_loss(ae.decode(z), x, z, 0.5).mean()
    assert torch.equal(objectives.sparse_autoencoder(ae, x, lam=0.5), expected)

    vae = models.VAE(D, L, hidden_dims=(8,))
    torch.manual_seed(2)
    value = objectives.vae(vae, x, beta=2.0)
    torch.manual_seed(2)
    x_logits, mu, logvar = vae(x)
    assert value.dim() == 0
    assert torch.equal(value, losses.negative_elbo(x_logits, x, mu, logvar, beta=2.0).mean())


def test_denoising_objective_scores_against_the_clean_input():
    x = torch.rand(500, 64, generator=torch.Generator().manual_seed(6))
    identity = torch.nn.Identity()
    assert objectives.denoising_autoencoder(identity, x, noise_std=0.0).item() == 0.0
    # The identity model's error is the noise itself: E||eps||^2 = D sigma^2.
    torch.manual_seed(7)
    value = objectives.denoising_autoencoder(identity, x, noise_std=0.3).item()
    assert abs(value - 64 * 0.09) < 0.05 * 64 * 0.09


def test_free_bits_floors_each_dimension_s_batch_mean_kl():
    torch.manual_seed(2)
    vae = models.VAE(D, L, hidden_dims=(8,))
    x = _inputs()["x"]
    torch.manual_seed(3)
    plain = objectives.vae(vae, x)
    torch.manual_seed(3)
    assert torch.allclose(objectives.vae_free_bits(vae, x, free_nats=0.0), plain, atol=1e-5)
    torch.manual_seed(3)
    x_logits, mu, logvar = vae(x)
    kl_dims = 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).mean(0)  # (L,)
    torch.manual_seed(3)
    floored = objectives.vae_free_bits(vae, x, free_nats=10.0)
    assert torch.allclose(floored, losses.bernoulli_nll(x_logits, x).mean() + 10.0 * L, atol=1e-5)
    assert (kl_dims < 10.0).all()


def test_kl_annealing_raises_beta_linearly_then_holds_it_at_one():
    torch.manual_seed(4)
    vae = models.VAE(D, L, hidden_dims=(8,))
    x = _inputs()["x"]
    annealed = objectives.KLAnnealing(warmup_steps=4)
    betas = []
    for _ in range(6):
        torch.manual_seed(5)
        value = annealed(vae, x)
        betas.append(annealed.beta)
        torch.manual_seed(5)
        assert torch.allclose(value, objectives.vae(vae, x, beta=annealed.beta))
    assert betas == [0.25, 0.5, 0.75, 1.0, 1.0, 1.0]
    with pytest.raises(ValueError):
        objectives.KLAnnealing(0)
