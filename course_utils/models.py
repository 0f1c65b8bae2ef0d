"""MLP encoders and decoders, the Autoencoder and the VAE.

Notebook 02 writes an encoder and decoder from scratch before using :class:`Autoencoder`;
notebook 04 writes ``reparameterize`` before using :class:`VAE`. Models never plot.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn


def _check_sizes(**sizes: int) -> None:
    for name, value in sizes.items():
        if not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be an int >= 1, got {value!r}")


def mlp(sizes: Sequence[int], activation: type[nn.Module] = nn.ReLU) -> nn.Sequential:
    """Linear layers between consecutive ``sizes`` with ``activation`` between them (not after the last).

    ``mlp([64, 32, 2])`` is ``Linear(64, 32) -> ReLU -> Linear(32, 2)``; ``mlp([64, 2])`` is linear.
    """
    if len(sizes) < 2:
        raise ValueError(f"sizes must list at least an input and an output size, got {list(sizes)}")
    _check_sizes(**{f"sizes[{i}]": s for i, s in enumerate(sizes)})
    layers: list[nn.Module] = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        layers.append(nn.Linear(n_in, n_out))
        if i < len(sizes) - 2:
            layers.append(activation())
    return nn.Sequential(*layers)


def reparameterize(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    r"""$z = \mu + \sigma \odot \epsilon$, $\sigma = e^{\log\sigma^2 / 2}$, $\epsilon \sim N(0, I)$ (notebook 04).

    Random, yet differentiable in mu and logvar: the randomness lives in epsilon. Shape (batch, latent_dim).
    """
    std = torch.exp(0.5 * logvar)  # (batch, latent_dim)
    return mu + std * torch.randn_like(std)  # (batch, latent_dim)


class Autoencoder(nn.Module):
    r"""Deterministic autoencoder $\hat x = D(E(x))$, $E: R^n \to R^d$, $D: R^d \to R^n$ (notebook 02).

    ``hidden_dims=()`` gives a linear autoencoder (notebook 02 compares it with PCA); with
    ``output="sigmoid"`` the decoder's output lies in (0, 1) like the pixels, with ``"linear"`` it is
    unconstrained. ``latent_activation`` (e.g. ``nn.ReLU``) applies to the code ``z`` (notebook 03,
    sparse codes).
    """

    def __init__(
        self,
        input_dim: int,
        latent_dim: int,
        hidden_dims: Sequence[int] = (128,),
        *,
        output: str = "sigmoid",
        latent_activation: type[nn.Module] | None = None,
    ):
        super().__init__()
        _check_sizes(input_dim=input_dim, latent_dim=latent_dim)
        if output not in ("sigmoid", "linear"):
            raise ValueError(f"output must be 'sigmoid' or 'linear', got {output!r}")
        self.input_dim, self.latent_dim, self.output = input_dim, latent_dim, output
        self.encoder = mlp([input_dim, *hidden_dims, latent_dim])
        self.latent_activation = latent_activation() if latent_activation else nn.Identity()
        self.decoder = mlp([latent_dim, *reversed(tuple(hidden_dims)), input_dim])

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """$z = E(x)$, shape (batch, latent_dim)."""
        return self.latent_activation(self.encoder(x))  # (batch, latent_dim)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        r"""$\hat x = D(z)$, shape (batch, input_dim)."""
        out = self.decoder(z)  # (batch, input_dim)
        return torch.sigmoid(out) if self.output == "sigmoid" else out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        r"""$\hat x = D(E(x))$, shape (batch, input_dim)."""
        return self.decode(self.encode(x))


class VAE(nn.Module):
    r"""Variational autoencoder with a Gaussian encoder and a Bernoulli decoder (notebook 04).

    Encoder $q(z|x) = N(\mu_x, \mathrm{diag}\,\sigma_x^2)$ with ``to_mu`` and ``to_logvar`` heads;
    prior $p(z) = N(0, I)$; decoder $p(x|z) = \mathrm{Bernoulli}(\sigma(\text{logits}))$.
    """

    def __init__(self, input_dim: int, latent_dim: int, hidden_dims: Sequence[int] = (256, 128)):
        super().__init__()
        _check_sizes(input_dim=input_dim, latent_dim=latent_dim)
        if len(hidden_dims) < 1:
            raise ValueError("hidden_dims must list at least one hidden layer size for a VAE")
        self.input_dim, self.latent_dim = input_dim, latent_dim
        self.body = nn.Sequential(mlp([input_dim, *hidden_dims]), nn.ReLU())
        self.to_mu = nn.Linear(hidden_dims[-1], latent_dim)
        self.to_logvar = nn.Linear(hidden_dims[-1], latent_dim)
        self.decoder = mlp([latent_dim, *reversed(tuple(hidden_dims)), input_dim])

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        r"""Return ``mu, logvar`` of $q(z|x)$, each (batch, latent_dim); $\log\sigma^2$ = logvar."""
        h = self.body(x)  # (batch, hidden_dims[-1])
        return self.to_mu(h), self.to_logvar(h)  # (batch, latent_dim) each

    def reparameterize(self, mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
        r"""$z = \mu + \sigma \odot \epsilon$, $\epsilon \sim N(0, I)$: see :func:`reparameterize`."""
        return reparameterize(mu, logvar)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """Bernoulli logits of $p(x|z)$, shape (batch, input_dim); ``torch.sigmoid`` gives pixel means."""
        return self.decoder(z)  # (batch, input_dim)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        r"""Return ``(x_logits, mu, logvar)`` for one sample $z \sim q(z|x)$."""
        mu, logvar = self.encode(x)
        z = self.reparameterize(mu, logvar)  # (batch, latent_dim)
        return self.decode(z), mu, logvar


class ConditionalVAE(nn.Module):
    """A VAE conditioned on a class label y (notebook 06): $q(z|x, y)$ and $p(x|z, y)$, prior $N(0, I)$.

    The label enters both networks as a one-hot vector concatenated to their input, so the code z only
    has to carry what the label does not: the *style* of the digit.
    """

    def __init__(
        self,
        input_dim: int,
        latent_dim: int,
        num_classes: int,
        hidden_dims: Sequence[int] = (256, 128),
    ):
        super().__init__()
        _check_sizes(input_dim=input_dim, latent_dim=latent_dim, num_classes=num_classes)
        if len(hidden_dims) < 1:
            raise ValueError("hidden_dims must list at least one hidden layer size for a ConditionalVAE")
        self.input_dim, self.latent_dim, self.num_classes = input_dim, latent_dim, num_classes
        self.body = nn.Sequential(mlp([input_dim + num_classes, *hidden_dims]), nn.ReLU())
        self.to_mu = nn.Linear(hidden_dims[-1], latent_dim)
        self.to_logvar = nn.Linear(hidden_dims[-1], latent_dim)
        self.decoder = mlp([latent_dim + num_classes, *reversed(tuple(hidden_dims)), input_dim])

    def one_hot(self, y: torch.Tensor) -> torch.Tensor:
        """Labels (batch,) as one-hot float vectors (batch, num_classes)."""
        if y.dtype not in (torch.int64, torch.int32) or y.dim() != 1:
            raise ValueError(
                f"y must be a 1-D tensor of integer labels, got dtype {y.dtype} and shape {tuple(y.shape)}"
            )
        if len(y) and (y.min() < 0 or y.max() >= self.num_classes):
            raise ValueError(
                f"y must hold labels in [0, {self.num_classes - 1}], got {y.min().item()}..{y.max().item()}"
            )
        return nn.functional.one_hot(y, self.num_classes).float()

    def encode(self, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """``mu, logvar`` of $q(z|x, y)$, each (batch, latent_dim)."""
        h = self.body(torch.cat([x, self.one_hot(y)], dim=1))  # (batch, hidden_dims[-1])
        return self.to_mu(h), self.to_logvar(h)

    def reparameterize(self, mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
        r"""$z = \mu + \sigma \odot \epsilon$: see :func:`reparameterize`."""
        return reparameterize(mu, logvar)

    def decode(self, z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Bernoulli logits of $p(x|z, y)$, shape (batch, input_dim)."""
        return self.decoder(torch.cat([z, self.one_hot(y)], dim=1))  # (batch, input_dim)

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        r"""Return ``(x_logits, mu, logvar)`` for one sample $z \sim q(z|x, y)$."""
        mu, logvar = self.encode(x, y)
        return self.decode(self.reparameterize(mu, logvar), y), mu, logvar
