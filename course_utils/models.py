"""The course's models: ``mlp``, ``ConvEncoder`` / ``ConvDecoder`` (for 28 x 28 images),
``Autoencoder``, ``reparameterize``, ``VAE`` and ``ConditionalVAE``.

Notebook 02 writes an encoder and decoder from scratch before using :class:`Autoencoder`;
notebook 04 writes the VAE module out (and ``reparameterize`` as an exercise) before using
:class:`VAE`. Every model takes and returns images as rows of pixels, (batch, height * width).
Models never plot.
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


class ConvEncoder(nn.Module):
    """Images as rows of pixels -> features: stride-2 convolutions, then one linear layer (notebooks 04, 06).

    ``ConvEncoder((28, 28), channels=(32, 64), out_features=256)``: (batch, 784) -> (batch, 1, 28, 28)
    -> (batch, 32, 14, 14) -> (batch, 64, 7, 7) -> (batch, 256). Each convolution (kernel 4, stride 2,
    padding 1) halves the height and width, so both must be divisible by 2 ** len(channels).
    """

    def __init__(self, image_shape: Sequence[int], channels: Sequence[int] = (32, 64), out_features: int = 256):
        super().__init__()
        self.image_shape = _check_image_shape(image_shape, channels)
        _check_sizes(out_features=out_features, **{f"channels[{i}]": c for i, c in enumerate(channels)})
        layers: list[nn.Module] = []
        for c_in, c_out in zip((1, *channels[:-1]), channels, strict=True):
            layers += [nn.Conv2d(c_in, c_out, kernel_size=4, stride=2, padding=1), nn.ReLU()]
        self.convolutions = nn.Sequential(*layers)
        height, width = (size >> len(channels) for size in self.image_shape)
        self.to_features = nn.Sequential(
            nn.Flatten(), nn.Linear(channels[-1] * height * width, out_features), nn.ReLU()
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        images = x.reshape(-1, 1, *self.image_shape)  # (batch, 1, H, W)
        return self.to_features(self.convolutions(images))  # (batch, out_features)


class ConvDecoder(nn.Module):
    """Codes -> images as rows of pixels (logits or values): a linear layer, then stride-2 transposed
    convolutions, the mirror of :class:`ConvEncoder` (notebooks 04, 06).

    ``ConvDecoder(2, (28, 28), channels=(64, 32), hidden=256)``: (batch, 2) -> (batch, 64, 7, 7) ->
    (batch, 32, 14, 14) -> (batch, 1, 28, 28) -> (batch, 784). Codes with extra leading axes, such as
    (num_samples, batch, latent_dim), keep them.
    """

    def __init__(
        self, latent_dim: int, image_shape: Sequence[int], channels: Sequence[int] = (64, 32), hidden: int = 256
    ):
        super().__init__()
        self.image_shape = _check_image_shape(image_shape, channels)
        _check_sizes(latent_dim=latent_dim, hidden=hidden, **{f"channels[{i}]": c for i, c in enumerate(channels)})
        height, width = (size >> len(channels) for size in self.image_shape)
        self.start_shape = (channels[0], height, width)
        self.from_code = nn.Sequential(
            nn.Linear(latent_dim, hidden), nn.ReLU(), nn.Linear(hidden, channels[0] * height * width), nn.ReLU()
        )
        layers: list[nn.Module] = []
        for c_in, c_out in zip(channels, (*channels[1:], 1), strict=True):
            layers += [nn.ConvTranspose2d(c_in, c_out, kernel_size=4, stride=2, padding=1), nn.ReLU()]
        self.transposed_convolutions = nn.Sequential(*layers[:-1])  # no ReLU on the output

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        leading = z.shape[:-1]
        h = self.from_code(z.reshape(-1, z.shape[-1])).reshape(-1, *self.start_shape)  # (n, C, h, w)
        images = self.transposed_convolutions(h)  # (n, 1, H, W)
        return images.reshape(*leading, -1)  # (..., H * W)


def _conv_image_shape(input_dim: int, image_shape: Sequence[int] | None, hidden_dims: Sequence[int]):
    if image_shape is None or image_shape[0] * image_shape[1] != input_dim:
        raise ValueError(
            f"conv_channels needs image_shape with height * width = input_dim = {input_dim}, got {image_shape}"
        )
    if len(hidden_dims) < 1:
        raise ValueError("conv_channels needs hidden_dims with at least one size (the features after the convolutions)")
    return tuple(image_shape)


def _check_image_shape(image_shape: Sequence[int], channels: Sequence[int]) -> tuple[int, int]:
    if len(image_shape) != 2 or len(channels) < 1:
        raise ValueError(f"image_shape must be (height, width) and channels non-empty, got {image_shape}, {channels}")
    factor = 2 ** len(channels)
    if any(size % factor for size in image_shape):
        raise ValueError(
            f"image_shape {tuple(image_shape)} must be divisible by {factor} for {len(channels)} convolutions"
        )
    return (int(image_shape[0]), int(image_shape[1]))


class Autoencoder(nn.Module):
    r"""Deterministic autoencoder $\hat x = D(E(x))$, $E: R^P \to R^d$, $D: R^d \to R^P$ for $P$ pixels (notebook 02).

    ``conv_channels=(32, 64)`` (with ``image_shape``) swaps the MLPs for a :class:`ConvEncoder` and a
    :class:`ConvDecoder` around the last hidden size, for 28 x 28 images (notebooks 04 and 06).
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
        image_shape: Sequence[int] | None = None,
        conv_channels: Sequence[int] | None = None,
    ):
        super().__init__()
        _check_sizes(input_dim=input_dim, latent_dim=latent_dim)
        if output not in ("sigmoid", "linear"):
            raise ValueError(f"output must be 'sigmoid' or 'linear', got {output!r}")
        self.input_dim, self.latent_dim, self.output = input_dim, latent_dim, output
        if conv_channels:  # convolutional encoder and decoder around one hidden layer
            image_shape = _conv_image_shape(input_dim, image_shape, hidden_dims)
            hidden = hidden_dims[-1]
            self.encoder = nn.Sequential(ConvEncoder(image_shape, conv_channels, hidden), nn.Linear(hidden, latent_dim))
            self.decoder = ConvDecoder(latent_dim, image_shape, tuple(reversed(tuple(conv_channels))), hidden)
        else:
            self.encoder = mlp([input_dim, *hidden_dims, latent_dim])
            self.decoder = mlp([latent_dim, *reversed(tuple(hidden_dims)), input_dim])
        self.latent_activation = latent_activation() if latent_activation else nn.Identity()

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
    prior $p(z) = N(0, I)$; decoder $p(x|z) = \mathrm{Bernoulli}(\sigma(\text{logits}))$. The body and
    the decoder are MLPs, or with ``conv_channels=(32, 64)`` and ``image_shape`` a :class:`ConvEncoder`
    and a :class:`ConvDecoder` (for 28 x 28 images); the interface is the same.
    """

    def __init__(
        self,
        input_dim: int,
        latent_dim: int,
        hidden_dims: Sequence[int] = (256, 128),
        *,
        image_shape: Sequence[int] | None = None,
        conv_channels: Sequence[int] | None = None,
    ):
        super().__init__()
        _check_sizes(input_dim=input_dim, latent_dim=latent_dim)
        if len(hidden_dims) < 1:
            raise ValueError("hidden_dims must list at least one hidden layer size for a VAE")
        self.input_dim, self.latent_dim = input_dim, latent_dim
        hidden = hidden_dims[-1]
        if conv_channels:
            image_shape = _conv_image_shape(input_dim, image_shape, hidden_dims)
            self.body = ConvEncoder(image_shape, conv_channels, hidden)  # ends with a ReLU
        else:
            self.body = nn.Sequential(mlp([input_dim, *hidden_dims]), nn.ReLU())
        self.to_mu = nn.Linear(hidden, latent_dim)
        self.to_logvar = nn.Linear(hidden, latent_dim)
        if conv_channels:
            self.decoder = ConvDecoder(latent_dim, image_shape, tuple(reversed(tuple(conv_channels))), hidden)
        else:
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
