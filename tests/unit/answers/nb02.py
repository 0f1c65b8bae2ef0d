"""Answers to notebook 02's checks."""

import torch
from sklearn.decomposition import PCA
from torch import nn

from course_utils import checks, latent, models
from course_utils.checks import nb02 as checks_nb02

from . import Answers


class GoodAE(nn.Module):
    """The exercise's autoencoder, with switches that reproduce students' mistakes."""

    def __init__(self, input_dim, latent_dim, hidden_dim, *, sigmoid=True, hidden=True, dec_hidden=True, code=None):
        super().__init__()
        code = code or latent_dim
        act = nn.ReLU() if hidden else nn.Identity()
        dec_act = nn.ReLU() if dec_hidden else nn.Identity()
        self.enc = nn.Sequential(nn.Linear(input_dim, hidden_dim), act, nn.Linear(hidden_dim, code))
        self.dec = nn.Sequential(nn.Linear(code, hidden_dim), dec_act, nn.Linear(hidden_dim, input_dim))
        self.sigmoid = sigmoid
        self.compose = True

    def encode(self, x):
        return self.enc(x)

    def decode(self, z):
        out = self.dec(z)
        return torch.sigmoid(out) if self.sigmoid else out

    def forward(self, x):
        return self.decode(self.encode(x)) if self.compose else x


class TanhAE(nn.Module):
    """Written out layer by layer, with tanh instead of ReLU: also right."""

    def __init__(self, input_dim, latent_dim, hidden_dim):
        super().__init__()
        self.enc_hidden, self.to_z = nn.Linear(input_dim, hidden_dim), nn.Linear(hidden_dim, latent_dim)
        self.dec_hidden, self.to_x = nn.Linear(latent_dim, hidden_dim), nn.Linear(hidden_dim, input_dim)

    def encode(self, x):
        return self.to_z(torch.tanh(self.enc_hidden(x)))

    def decode(self, z):
        return torch.sigmoid(self.to_x(torch.tanh(self.dec_hidden(z))))

    def forward(self, x):
        return self.decode(self.encode(x))


def _variant(**kwargs):
    return lambda n, d, h: GoodAE(n, d, h, **kwargs)


def _not_composed(n, d, h):
    model = GoodAE(n, d, h)
    model.compose = False
    return model


def _pca(x_train, x, k, centre="train", rows="top", add_mean=True):
    mean = x_train.mean(0)
    _, _, vh = torch.linalg.svd(x_train - mean if centre else x_train, full_matrices=False)
    v = vh[:k] if rows == "top" else vh[-k:]
    shift = {"train": mean, "own": x.mean(0), None: 0}[centre]
    return (x - shift) @ v.T @ v + (shift if add_mean else 0)


def _pca_sklearn(x_train, x, k):
    pca = PCA(n_components=k).fit(x_train.numpy())
    return pca.inverse_transform(pca.transform(x.numpy()))


def _pca_eigh(x_train, x, k):
    mean = x_train.mean(0)
    _, vectors = torch.linalg.eigh((x_train - mean).T @ (x_train - mean))
    v = vectors[:, -k:]  # eigh sorts ascending: the last k columns are the top components
    return (x - mean) @ v @ v.T + mean


class SubclassAE(models.Autoencoder):
    """The course's autoencoder with the exercise's signature: the answer key, renamed."""

    def __init__(self, input_dim, latent_dim, hidden_dim):
        super().__init__(input_dim, latent_dim, hidden_dims=(hidden_dim,))


class WrapperAE(nn.Module):
    """Delegates every method to the course's autoencoder."""

    def __init__(self, input_dim, latent_dim, hidden_dim):
        super().__init__()
        self.inner = models.Autoencoder(input_dim, latent_dim, hidden_dims=(hidden_dim,))

    def encode(self, x):
        return self.inner.encode(x)

    def decode(self, z):
        return self.inner.decode(z)

    def forward(self, x):
        return self.decode(self.encode(x))


class MlpAE(nn.Module):
    """Layers from the course's models.mlp instead of torch.nn."""

    def __init__(self, input_dim, latent_dim, hidden_dim):
        super().__init__()
        self.enc = models.mlp([input_dim, hidden_dim, latent_dim])
        self.dec = models.mlp([latent_dim, hidden_dim, input_dim])

    def encode(self, x):
        return self.enc(x)

    def decode(self, z):
        return torch.sigmoid(self.dec(z))

    def forward(self, x):
        return self.decode(self.encode(x))


class SequentialAE(nn.Module):
    """nn.Sequential halves with the sigmoid as a layer: right."""

    def __init__(self, input_dim, latent_dim, hidden_dim):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(input_dim, hidden_dim), nn.ReLU(), nn.Linear(hidden_dim, latent_dim))
        self.decoder = nn.Sequential(
            nn.Linear(latent_dim, hidden_dim), nn.ReLU(), nn.Linear(hidden_dim, input_dim), nn.Sigmoid()
        )

    def encode(self, x):
        return self.encoder(x)

    def decode(self, z):
        return self.decoder(z)

    def forward(self, x):
        return self.decoder(self.encoder(x))


CourseAE = models.Autoencoder  # an alias bound before the check
course_lerp = latent.lerp
course_pca = checks_nb02._pca_reconstruct
MEASURED_PCA_ERROR = 2.8731  # a number read off the notebook's own print-out (digits, d = 8)


def _lerp(a, b, n):  # the segment written with torch: the reference for the wrong answers below
    t = torch.linspace(0, 1, n).unsqueeze(1)
    return (1 - t) * a + t * b


ANSWERS = {
    "check_autoencoder_class": Answers(
        run=checks.check_autoencoder_class,
        valid=[GoodAE, TanhAE, SequentialAE],
        wrong=[
            (SubclassAE, "subclasses the course's `models.Autoencoder`"),
            (WrapperAE, "course's own `models.Autoencoder`"),
            (lambda n, d, h: models.Autoencoder(n, d, hidden_dims=(h,)), "course's own `models.Autoencoder`"),
            (lambda n, d, h: CourseAE(n, d, hidden_dims=(h,)), "course's own `models.Autoencoder`"),
            (MlpAE, "course's own `models.mlp`"),
            (_variant(sigmoid=False), "sigmoid"),
            (_variant(code=5), "encode returned (5, 5)"),
            (_variant(hidden=False), "encoder is linear"),
            (_variant(dec_hidden=False), "decoder is linear"),
            (_not_composed, "D(E(x))"),
            (lambda n, d, h: GoodAE(n, d, 2 * h), "parameters"),
        ],
    ),
    "check_pca_reconstruction": Answers(
        run=checks.check_pca_reconstruction,
        valid=[_pca, _pca_sklearn, _pca_eigh],
        wrong=[
            (checks_nb02._pca_reconstruct, "course's own"),
            (lambda a, b, k: checks_nb02._pca_reconstruct(a, b, k), "course's own"),
            (lambda a, b, k: course_pca(a, b, k), "course's own"),
            (lambda a, b, k: _pca(a, b, k, centre=None), "Centre first"),
            (lambda a, b, k: _pca(a, b, k, add_mean=False), "mean back"),
            (lambda a, b, k: _pca(a, b, k, centre="own"), "*training* mean"),
            (lambda a, b, k: _pca(a, b, k, rows="last"), "*last*"),
        ],
    ),
    "check_interpolate": Answers(
        run=checks.check_interpolate,
        valid=[
            _lerp,
            lambda a, b, n: torch.lerp(a, b, torch.linspace(0, 1, n).unsqueeze(1)),
            lambda a, b, n: torch.stack([a + t * (b - a) for t in torch.linspace(0, 1, n)]),
        ],
        wrong=[
            (latent.lerp, "course's own `latent.lerp`"),
            (lambda a, b, n: latent.lerp(a, b, n), "course's own `latent.lerp`"),
            (lambda a, b, n: course_lerp(a, b, n), "course's own `latent.lerp`"),
            (lambda a, b, n: _lerp(a, b, n + 2)[1:-1], "first row"),
            (lambda a, b, n: _lerp(a, b, n).T, "not (latent_dim, num_steps)"),
            (lambda a, b, n: _lerp(b, a, n), "first row"),
            (lambda a, b, n: a + torch.arange(n).unsqueeze(1) / n * (b - a), "last z_end"),
            (lambda a, b, n: _lerp(a, b, n + 1), "shape"),
        ],
    ),
    "check_pca_error_formula": Answers(
        run=checks.check_pca_error_formula,
        valid=[
            lambda eig, k: eig[k:].sum(),
            lambda eig, k: eig.sum() - eig[:k].sum(),
            lambda eig, k: sum(sorted(eig.tolist(), reverse=True)[k:]),
        ],
        wrong=[
            (lambda eig, k: eig[:k].sum(), "*keeps*"),
            (lambda eig, k: eig[k:].mean(), "do not average"),
            (lambda eig, k: eig[k:].sqrt().sum(), "no square root"),
            (lambda eig, k: eig[k], "Every discarded"),
            (lambda eig, k: MEASURED_PCA_ERROR, "for two different spectra"),
            (lambda eig, k: eig[8:].sum(), "another number of components"),
        ],
    ),
    "check_linear_ae_prediction": Answers(
        run=lambda fn: checks.check_linear_ae_prediction(fn, subspace_angle=0.8, component_angle=38.0),
        valid=[lambda: "b", lambda: " B ", lambda: "(b)"],
        wrong=[
            (lambda: "a", "invertible A"),
            (lambda: "c", "finds that subspace"),
            (lambda: "e", "one letter"),
            (lambda: 2, "one letter"),
        ],
    ),
}
