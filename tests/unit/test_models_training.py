"""course_utils.models and course_utils.training."""

import pytest
import torch

from course_utils import losses, models, objectives, training


def test_autoencoder_shapes_and_output_range():
    model = models.Autoencoder(64, 3, hidden_dims=(32,))
    x = torch.rand(5, 64)
    z = model.encode(x)
    assert z.shape == (5, 3)
    x_hat = model(x)
    assert x_hat.shape == (5, 64) and x_hat.min() > 0 and x_hat.max() < 1
    linear = models.Autoencoder(64, 3, hidden_dims=(), output="linear")
    assert [type(m).__name__ for m in linear.modules() if isinstance(m, torch.nn.Linear)] == [
        "Linear",
        "Linear",
    ]


def test_vae_interface():
    torch.manual_seed(0)
    model = models.VAE(64, 2, hidden_dims=(32,))
    x = torch.rand(7, 64)
    mu, logvar = model.encode(x)
    assert mu.shape == logvar.shape == (7, 2)
    x_logits, mu2, logvar2 = model(x)
    assert x_logits.shape == (7, 64)
    torch.testing.assert_close(mu, mu2)
    assert model.decode(torch.zeros(3, 2)).shape == (3, 64)
    assert hasattr(model, "to_mu") and hasattr(model, "to_logvar")


def test_reparameterize_is_differentiable_and_has_the_right_moments():
    model = models.VAE(4, 3, hidden_dims=(8,))
    mu = torch.full((20000, 3), 1.5, requires_grad=True)
    logvar = torch.full((20000, 3), 2 * torch.log(torch.tensor(0.5)).item(), requires_grad=True)
    z = model.reparameterize(mu, logvar)
    assert abs(z.mean().item() - 1.5) < 0.02 and abs(z.std().item() - 0.5) < 0.02
    z.sum().backward()
    assert mu.grad is not None and logvar.grad is not None


@pytest.mark.parametrize(
    "call, word",
    [
        (lambda: models.Autoencoder(64, 0), "latent_dim"),
        (lambda: models.VAE(64, 0), "latent_dim"),
        (lambda: models.VAE(0, 2), "input_dim"),
        (lambda: models.Autoencoder(64, 2, output="tanh"), "output"),
        (lambda: models.mlp([4]), "sizes"),
    ],
)
def test_bad_model_arguments(call, word):
    with pytest.raises(ValueError, match=word):
        call()


def _vae_loss(model, x):
    x_logits, mu, logvar = model(x)
    return losses.negative_elbo(x_logits, x, mu, logvar).mean()


def _train(seed):
    torch.manual_seed(0)
    model = models.VAE(16, 2, hidden_dims=(16,))
    g = torch.Generator().manual_seed(1)
    x = torch.sigmoid(4 * torch.randn(200, 2, generator=g) @ torch.randn(2, 16, generator=g))  # 2 hidden factors
    history = training.fit(
        model,
        _vae_loss,
        x[:160],
        num_epochs=8,
        batch_size=32,
        lr=1e-2,
        x_val=x[160:],
        seed=seed,
        progress=False,
    )
    return model, history


def test_fit_lowers_the_loss_and_is_deterministic():
    _, history = _train(seed=0)
    assert len(history.train_loss) == len(history.val_loss) == 8
    assert history.train_loss[-1] < 0.9 * history.train_loss[0]
    _, again = _train(seed=0)
    assert again.train_loss == history.train_loss and again.val_loss == history.val_loss
    _, other = _train(seed=1)
    assert other.train_loss != history.train_loss


@pytest.mark.parametrize(
    "kwargs, word",
    [({"num_epochs": 0}, "num_epochs"), ({"batch_size": 0}, "batch_size"), ({"lr": 0.0}, "lr")],
)
def test_fit_rejects_bad_arguments(kwargs, word):
    args = {"num_epochs": 1, "batch_size": 4, "lr": 1e-3} | kwargs
    with pytest.raises(ValueError, match=word):
        training.fit(models.Autoencoder(4, 2), lambda m, x: m(x).sum(), torch.rand(8, 4), **args)


def test_linear_autoencoder_learns_the_pca_subspace():
    """A linear AE trained with fit reaches PCA's training error and spans PCA's subspace (scikit-learn)."""
    from scipy.linalg import subspace_angles
    from sklearn.decomposition import PCA

    from course_utils.data import load_images

    data = load_images("digits")
    torch.manual_seed(0)
    model = models.Autoencoder(64, 4, hidden_dims=(), output="linear")
    training.fit(
        model,
        lambda m, x: losses.squared_error(m(x), x).mean(),
        data.x_train,
        num_epochs=80,
        batch_size=64,
        lr=3e-2,
        cosine_decay=True,
        progress=False,
    )
    pca = PCA(4).fit(data.x_train.numpy())
    x_pca = torch.as_tensor(pca.inverse_transform(pca.transform(data.x_train.numpy())))
    with torch.no_grad():
        error_ae = losses.squared_error(model(data.x_train), data.x_train).mean().item()
    error_pca = losses.squared_error(x_pca, data.x_train).mean().item()
    assert error_pca <= error_ae < 1.005 * error_pca
    angles = subspace_angles(model.decoder[0].weight.detach().numpy(), pca.components_.T)
    assert max(angles) < 0.1  # radians, about 6 degrees


def test_sparse_code_is_nonnegative_with_relu_latent():
    model = models.Autoencoder(64, 128, hidden_dims=(), latent_activation=torch.nn.ReLU)
    z = model.encode(torch.rand(10, 64))
    assert z.shape == (10, 128) and (z >= 0).all() and (z == 0).any()


def test_conditional_vae_interface_and_label_validation():
    torch.manual_seed(0)
    model = models.ConditionalVAE(64, 2, num_classes=10, hidden_dims=(16,))
    x, y = torch.rand(5, 64), torch.tensor([0, 3, 9, 1, 1])
    mu, logvar = model.encode(x, y)
    assert mu.shape == logvar.shape == (5, 2)
    x_logits, _, _ = model(x, y)
    assert x_logits.shape == (5, 64)
    # The decoder uses the label: the same z with different labels decodes differently.
    out = model.decode(torch.zeros(2, 2), torch.tensor([0, 5]))
    assert not torch.allclose(out[0], out[1])
    with pytest.raises(ValueError, match="y"):
        model.encode(x, torch.tensor([0, 1, 2, 3, 10]))
    with pytest.raises(ValueError, match="y"):
        model.encode(x, torch.zeros(5))
    with pytest.raises(ValueError, match="num_classes"):
        models.ConditionalVAE(64, 2, num_classes=0)


def test_fit_accepts_tuples_for_conditional_models():
    torch.manual_seed(0)
    model = models.ConditionalVAE(16, 2, num_classes=3, hidden_dims=(16,))
    g = torch.Generator().manual_seed(4)
    y = torch.randint(0, 3, (120,), generator=g)
    x = (torch.rand(120, 16, generator=g) < (0.2 + 0.3 * y[:, None])).float()  # brightness depends on the class
    history = training.fit(
        model,
        objectives.conditional_vae,
        (x[:100], y[:100]),
        num_epochs=10,
        batch_size=20,
        lr=1e-2,
        x_val=(x[100:], y[100:]),
        progress=False,
    )
    assert history.train_loss[-1] < history.train_loss[0] and len(history.val_loss) == 10
    with pytest.raises(ValueError, match="x_train"):
        training.fit(model, objectives.conditional_vae, (x, y[:5]), num_epochs=1, batch_size=4, lr=1e-3, progress=False)


def test_elbo_estimate_is_below_the_iwae_estimate():
    torch.manual_seed(0)
    model = models.VAE(16, 2, hidden_dims=(8,))
    x = torch.rand(32, 16, generator=torch.Generator().manual_seed(5))
    elbo = losses.elbo_estimate(model, x, num_samples=200)
    iwae = losses.iwae_log_likelihood(model, x, 200, generator=torch.Generator().manual_seed(6))
    assert elbo.shape == (32,) and (elbo < 0).all()
    assert elbo.mean() < iwae.mean()
    with pytest.raises(ValueError, match="num_samples"):
        losses.elbo_estimate(model, x, num_samples=0)


def test_history_records_each_epoch_time():
    _, history = _train(seed=0)
    assert len(history.epoch_seconds) == 8 and all(t > 0 for t in history.epoch_seconds)
    assert sum(history.epoch_seconds) <= history.seconds


def test_fit_matches_torch_optim_adam_with_cosine_annealing():
    """fit (fused Adam) with cosine decay reproduces the for-loop torch.optim.Adam + CosineAnnealingLR."""
    g = torch.Generator().manual_seed(7)
    x = torch.rand(96, 16, generator=g)
    torch.manual_seed(0)
    ours = models.Autoencoder(16, 3, hidden_dims=(8,))
    reference = models.Autoencoder(16, 3, hidden_dims=(8,))
    reference.load_state_dict(ours.state_dict())

    def loss_fn(model, xb):
        return losses.squared_error(model(xb), xb).mean()

    training.fit(
        ours,
        loss_fn,
        x,
        num_epochs=4,
        batch_size=32,
        lr=1e-2,
        weight_decay=1e-3,
        cosine_decay=True,
        seed=3,
        progress=False,
    )
    optimizer = torch.optim.Adam(reference.parameters(), lr=1e-2, weight_decay=1e-3)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, 4)
    torch.manual_seed(3)
    order = torch.Generator().manual_seed(3)
    for _ in range(4):
        for idx in torch.randperm(len(x), generator=order).split(32):
            loss = loss_fn(reference, x[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        schedule.step()
    for p, q in zip(ours.parameters(), reference.parameters(), strict=True):
        torch.testing.assert_close(p, q, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("image_shape, channels", [((28, 28), (8, 16)), ((8, 8), (4, 8))])
def test_convolutional_vae_has_the_mlp_vaes_interface(image_shape, channels):
    """fit, the objectives and the IWAE estimate take a convolutional VAE as they take an MLP one."""
    input_dim = image_shape[0] * image_shape[1]
    torch.manual_seed(0)
    model = models.VAE(input_dim, 2, hidden_dims=(32,), image_shape=image_shape, conv_channels=channels)
    x = torch.rand(40, input_dim)
    x_logits, mu, logvar = model(x)
    assert x_logits.shape == (40, input_dim) and mu.shape == logvar.shape == (40, 2)
    assert model.decode(torch.zeros(3, 5, 2)).shape == (3, 5, input_dim)  # (K, batch, d) codes keep K
    assert losses.iwae_log_likelihood(model, x[:4], num_samples=3).shape == (4,)
    history = training.fit(model, objectives.vae, x, num_epochs=6, batch_size=20, lr=1e-2, progress=False)
    assert history.train_loss[-1] < history.train_loss[0]
    objectives.vae(model, x).backward()
    assert all(p.grad is not None for p in model.parameters())  # every layer is trained


def test_convolutional_autoencoder_and_bad_shapes():
    ae = models.Autoencoder(784, 8, hidden_dims=(32,), image_shape=(28, 28), conv_channels=(8, 16))
    x_hat = ae(torch.rand(3, 784))
    assert x_hat.shape == (3, 784) and 0 <= x_hat.min() and x_hat.max() <= 1
    with pytest.raises(ValueError, match="image_shape"):
        models.VAE(784, 2, conv_channels=(8, 16))  # no image_shape
    with pytest.raises(ValueError, match="divisible"):
        models.VAE(100, 2, hidden_dims=(8,), image_shape=(10, 10), conv_channels=(4, 8, 16))


def test_epochs_follow_a_budget_of_gradient_steps():
    assert training.epochs_for(3300, 1347, 64) == 150  # digits: 22 steps an epoch
    assert training.epochs_for(3300, 60000, 64) == 4  # MNIST: 938 steps an epoch
    assert training.epochs_for(10, 60000, 64) == 1  # at least one epoch
    with pytest.raises(ValueError, match="num_steps"):
        training.epochs_for(0, 100, 10)
